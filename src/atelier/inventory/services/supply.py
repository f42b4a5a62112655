"""Supply on its way (purchase order lines, later purchasing's) and its receipt."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction

from atelier.accounts.roles import Cap
from atelier.core.actor import Actor
from atelier.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from atelier.inventory.enums import STOCK_KINDS, LocationKind, MoveReason
from atelier.inventory.models import IncomingSupply, Location, StockMove
from atelier.inventory.services import _common as check
from atelier.inventory.services import ledger
from atelier.inventory.services.locations import default_warehouse, location_virtual

_MAY_RECORD = (Cap.RAISE_PURCHASE_ORDERS.perm, Cap.MANAGE_STOCK.perm)


def incoming_supply_record(
    *,
    variant_id: int,
    quantity: int,
    expected_date: date,
    reference: str,
    actor: Actor,
    location: Location | None = None,
    order_ref: str = "",
    line_ref: str = "",
) -> IncomingSupply:
    """Units expected on `expected_date` (default destination: the warehouse). With an
    order line, they are bought for it and are nobody else's supply."""
    _require(actor)
    quantity = check.quantity(quantity)
    reference = check.reference(reference, "reference", max_length=60)
    order_ref = check.reference(order_ref, "order_ref", required=False)
    line_ref = check.reference(line_ref, "line_ref", required=bool(order_ref))
    _check_date(expected_date)
    check.known_variants([variant_id])
    location = location or default_warehouse()
    if location.kind not in STOCK_KINDS:
        raise ValidationFailed("Supply arrives at a warehouse or a boutique.")
    try:
        with transaction.atomic():
            return IncomingSupply.objects.create(
                variant_id=variant_id,
                location=location,
                quantity=quantity,
                expected_date=expected_date,
                reference=reference,
                order_ref=order_ref,
                line_ref=line_ref,
            )
    except IntegrityError:
        raise Conflict(f"Supply {reference} is already recorded.", code="duplicate") from None


def incoming_supply_update(
    *,
    reference: str,
    actor: Actor,
    quantity: int | None = None,
    expected_date: date | None = None,
) -> IncomingSupply:
    """A new date or quantity from the manufacturer."""
    _require(actor)
    with transaction.atomic():
        supply = _open_supply(reference)
        if quantity is not None:
            supply.quantity = check.quantity(quantity)
        if expected_date is not None:
            _check_date(expected_date)
            supply.expected_date = expected_date
        supply.save(update_fields=["quantity", "expected_date"])
    return supply


def incoming_supply_close(*, reference: str, actor: Actor) -> IncomingSupply:
    """The supply will not come (purchase order cancelled)."""
    _require(actor)
    with transaction.atomic():
        supply = _open_supply(reference)
        supply.is_open = False
        supply.save(update_fields=["is_open"])
    return supply


def supply_receive(*, reference: str, quantity: int, actor: Actor) -> StockMove:
    """Units of `reference` arrived at its location: a receipt move from the
    manufacturers; the supply stays open for what is still to come."""
    _require(actor)
    quantity = check.quantity(quantity)
    with transaction.atomic():
        supply = _open_supply(reference)
        remaining = supply.quantity - quantity
        supply.is_open = remaining > 0
        if remaining > 0:
            supply.quantity = remaining
        supply.save(update_fields=["quantity", "is_open"])
        spec = ledger.MoveSpec(
            variant_id=supply.variant_id,
            source=location_virtual(LocationKind.MANUFACTURER),
            destination=supply.location,
            quantity=quantity,
            reason=MoveReason.RECEIPT,
            reference=supply.reference,
        )
        return ledger.post_moves([spec], actor=actor)[0]


def _open_supply(reference: str) -> IncomingSupply:
    reference = check.reference(reference, "reference", max_length=60)
    supply = (
        IncomingSupply.objects.select_for_update(of=("self",))
        .select_related("location")
        .filter(reference=reference)
        .first()
    )
    if supply is None:
        raise NotFound(f"No incoming supply {reference}.")
    if not supply.is_open:
        raise Conflict(f"Supply {reference} is closed.", code="closed")
    return supply


def _check_date(value) -> None:
    if not isinstance(value, date):
        raise ValidationFailed("expected_date: give a date.")


def _require(actor: Actor) -> None:
    if not any(actor.has_perm(p) for p in _MAY_RECORD):
        raise PermissionDenied("You may not record incoming supply.")
