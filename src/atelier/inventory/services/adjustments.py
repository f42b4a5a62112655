"""Manual stock adjustments: always a reason code, who, and (for some codes) why."""

from __future__ import annotations

from atelier.core.actor import Actor
from atelier.core.errors import ValidationFailed
from atelier.inventory.enums import (
    ADJUSTMENT_REASONS,
    REASONS_NEEDING_NOTE,
    STOCK_KINDS,
    Direction,
    LocationKind,
    MoveReason,
)
from atelier.inventory.models import Location, StockMove
from atelier.inventory.services import _common as check
from atelier.inventory.services import ledger
from atelier.inventory.services.locations import location_virtual

# Where the units come from or go to, by reason (default: the adjustments location).
_COUNTERPART = {
    MoveReason.DAMAGED: LocationKind.SCRAP,
    MoveReason.CUSTOMER_RETURN: LocationKind.CUSTOMER,
}


def stock_adjust(
    *,
    location: Location,
    variant_id: int,
    quantity: int,
    reason: str,
    actor: Actor,
    note: str = "",
    reference: str = "",
) -> StockMove:
    """Add (`quantity` > 0) or remove (< 0) units at `location` for `reason`.

    Refused, writing nothing, when the reason does not fit the direction, a reason that
    needs a note has none, the actor may not move stock there, or removing would take
    reserved or missing units.
    """
    quantity = check.signed_quantity(quantity)
    direction = Direction.IN if quantity > 0 else Direction.OUT
    reason = _reason(reason, direction)
    note = check.note(note, required=reason in REASONS_NEEDING_NOTE)
    reference = check.reference(reference, "reference", max_length=60, required=False)
    if location.kind not in STOCK_KINDS or not location.is_active:
        raise ValidationFailed("Stock is adjusted only at an open warehouse or boutique.")
    check.require_manage(actor, location)
    check.known_variants([variant_id])
    other = location_virtual(_COUNTERPART.get(reason, LocationKind.ADJUSTMENT))
    source, destination = (other, location) if direction == Direction.IN else (location, other)
    spec = ledger.MoveSpec(
        variant_id=variant_id,
        source=source,
        destination=destination,
        quantity=abs(quantity),
        reason=reason,
        reference=reference,
        note=note,
    )
    return ledger.post_moves([spec], actor=actor)[0]


def _reason(reason: str, direction: str) -> str:
    if reason not in ADJUSTMENT_REASONS:
        names = ", ".join(ADJUSTMENT_REASONS)
        raise ValidationFailed(f"reason: one of {names}.", code="invalid_reason")
    if direction not in ADJUSTMENT_REASONS[reason]:
        way = "add" if direction == Direction.IN else "remove"
        raise ValidationFailed(f"reason: {MoveReason(reason).label!r} cannot {way} stock.")
    return reason
