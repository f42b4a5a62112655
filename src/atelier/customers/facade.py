"""What other contexts may ask the customers context."""

from __future__ import annotations

from atelier.customers.models import CustomerGroup


def group_ids_for_user(user_id: int | None) -> frozenset[int]:
    """Ids of the customer groups `user_id` belongs to (empty for guests). One query."""
    if user_id is None:
        return frozenset()
    return frozenset(
        CustomerGroup.members.through.objects.filter(user_id=user_id).values_list(
            "customergroup_id", flat=True
        )
    )
