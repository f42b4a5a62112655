"""A workshop's own profile: address, contact details, lead time, capabilities.

Edited by the workshop itself (its portal users) or by production managers; the row is
`org.Manufacturer`, written through `org.services.manufacturer_upsert` (history kept).
"""

from __future__ import annotations

from django.db import transaction

from atelier.accounts.roles import Cap
from atelier.core.actor import Actor
from atelier.core.errors import NotFound, ValidationFailed
from atelier.org import services as org_services
from atelier.org.models import Manufacturer
from atelier.purchasing.access import is_workshop
from atelier.purchasing.services import _common as check

EDITABLE = ("street", "postcode", "city", "email", "phone", "lead_time_days", "capabilities")


def may_edit_profile(actor: Actor, manufacturer_id: int) -> bool:
    if actor.is_system or (not is_workshop(actor) and actor.has_perm(Cap.MANAGE_PRODUCTION.perm)):
        return True
    return (
        is_workshop(actor)
        and actor.manufacturer_id == manufacturer_id
        and actor.has_perm(Cap.USE_PORTAL.perm)
    )


def manufacturer_profile_update(*, manufacturer_id: int, actor: Actor, **fields) -> Manufacturer:
    """Change the editable fields given; NotFound for a workshop the actor may not edit
    (another workshop's looks like a missing one), ValidationFailed for bad values."""
    maker = Manufacturer.objects.filter(pk=manufacturer_id).first()
    if maker is None or not may_edit_profile(actor, manufacturer_id):
        raise NotFound("No such manufacturer.")
    unknown = sorted(set(fields) - set(EDITABLE))
    if unknown:
        raise ValidationFailed(f"Not editable: {', '.join(unknown)}.", code="not_editable")
    values = {}
    for name, value in fields.items():
        if name == "lead_time_days":
            days = value if isinstance(value, int) and not isinstance(value, bool) else None
            if days is None or not 1 <= days <= 365:
                raise ValidationFailed(
                    "Lead time is a number of days from 1 to 365.", field="lead_time_days"
                )
            values[name] = days
        else:
            max_length = Manufacturer._meta.get_field(name).max_length
            values[name] = check.text(value, name, max_length=max_length)
    with transaction.atomic():
        row, _ = org_services.manufacturer_upsert(code=maker.code, actor=actor, **values)
    return row
