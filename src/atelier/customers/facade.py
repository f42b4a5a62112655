"""What other contexts may ask the customers context."""

from __future__ import annotations

from dataclasses import dataclass

from atelier.customers.models import ContactPreference, CustomerGroup


def group_ids_for_user(user_id: int | None) -> frozenset[int]:
    """Ids of the customer groups `user_id` belongs to (empty for guests). One query."""
    if user_id is None:
        return frozenset()
    return frozenset(
        CustomerGroup.members.through.objects.filter(user_id=user_id).values_list(
            "customergroup_id", flat=True
        )
    )


@dataclass(frozen=True)
class ContactPreferenceInfo:
    phone: str  # E.164 or ""
    sms_opt_in: bool
    language: str  # "fr", or "" (not chosen)


def contact_preference(user_id: int | None) -> ContactPreferenceInfo | None:
    """How the customer `user_id` wants to hear from us; None if never said. One query."""
    if user_id is None:
        return None
    row = ContactPreference.objects.filter(user_id=user_id).first()
    if row is None:
        return None
    return ContactPreferenceInfo(
        phone=str(row.phone or ""), sms_opt_in=row.sms_opt_in, language=row.language
    )
