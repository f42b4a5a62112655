"""Transfers between locations: request, ship (to transit), receive (with discrepancies).

A boutique's replenishment request is a transfer from the warehouse in "requested".
Shipping moves the units from the source to the transit location; receiving moves
what arrived from transit to the destination. When the received quantity differs from
the shipped one, the difference is recorded (TransferDiscrepancy) and squared by an
adjustment move with reason `transfer_discrepancy`, so transit never keeps ghosts.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from atelier.core.actor import Actor
from atelier.core.errors import ValidationFailed
from atelier.core.numbering import next_number
from atelier.core.statemachine import apply_transition
from atelier.inventory.enums import STOCK_KINDS, LocationKind, MoveReason, TransferStatus
from atelier.inventory.models import Location, Transfer, TransferDiscrepancy, TransferLine
from atelier.inventory.services import _common as check
from atelier.inventory.services import ledger
from atelier.inventory.services.locations import default_warehouse, location_virtual
from atelier.inventory.transitions import TRANSFER_TRANSITIONS

T = TransferStatus


def transfer_request(
    *,
    source: Location,
    destination: Location,
    lines: list[tuple[int, int]],
    actor: Actor,
    note: str = "",
    due_date: date | None = None,
) -> Transfer:
    """Ask for `lines` (variant id, quantity) to go from `source` to `destination`.

    The actor must manage one of the two (a store manager asks for their boutique, the
    warehouse pushes stock out).
    """
    _check_ends(source, destination)
    check.require_any_manage(actor, [source, destination])
    lines = _lines(lines)
    note = check.note(note)
    due_date = _due_date(due_date)
    with transaction.atomic():
        transfer = Transfer.objects.create(
            number=next_number("TR"),
            source=source,
            destination=destination,
            note=note,
            due_date=due_date,
            requested_by_id=actor.user_id,
            requested_by_label=actor.label,
        )
        TransferLine.objects.bulk_create(
            [TransferLine(transfer=transfer, variant_id=v, quantity_requested=q) for v, q in lines]
        )
    return transfer


def transfer_request_replenishment(
    *, destination: Location, lines: list[tuple[int, int]], actor: Actor, note: str = ""
) -> Transfer:
    """A boutique asks the warehouse for stock."""
    return transfer_request(
        source=default_warehouse(), destination=destination, lines=lines, note=note, actor=actor
    )


def _check_ends(source: Location, destination: Location) -> None:
    for end, label in ((source, "source"), (destination, "destination")):
        if end.kind not in STOCK_KINDS or not end.is_active:
            raise ValidationFailed(f"The {label} must be an open warehouse or boutique.")
    if source.pk == destination.pk:
        raise ValidationFailed("A transfer goes between two different locations.")


def _lines(lines) -> list[tuple[int, int]]:
    try:
        rows = [(v, q) for v, q in lines or ()]
    except (TypeError, ValueError):
        raise ValidationFailed("lines: give (variant id, quantity) pairs.") from None
    if not rows:
        raise ValidationFailed("lines: a transfer needs at least one line.")
    rows = [(v, check.quantity(q, f"quantity of variant {v}")) for v, q in rows]
    check.known_variants(v for v, _ in rows)
    check.unique_refs((v for v, _ in rows), "variant")
    return rows


def _due_date(due_date: date | None) -> date:
    today = timezone.localdate()
    if due_date is None:
        return today + timedelta(days=settings.INVENTORY_TRANSFER_DAYS)
    if not isinstance(due_date, date) or due_date < today:
        raise ValidationFailed("due_date: give a day from today on.")
    return due_date


# --- Moving it ------------------------------------------------------------------------


def transfer_ship(
    *, transfer: Transfer, actor: Actor, quantities: dict[int, int] | None = None
) -> Transfer:
    """Send the units from the source to transit. `quantities` (line id -> shipped,
    default the requested quantity) may be lower than asked, even 0 for a line, but
    not all 0, and never more than asked or than is free at the source."""
    check.require_manage(actor, transfer.source)
    with transaction.atomic():
        locked = apply_transition(
            transfer,
            T.SHIPPED,
            table=TRANSFER_TRANSITIONS,
            actor=actor,
            changes={"shipped_at": timezone.now()},
        )
        lines = list(locked.lines.order_by("id"))
        shipped = _quantities(lines, quantities, lambda line: line.quantity_requested, cap=True)
        if not any(shipped.values()):
            raise ValidationFailed("Ship at least one unit.")
        transit = location_virtual(LocationKind.TRANSIT)
        specs = []
        for line in lines:
            line.quantity_shipped = shipped[line.pk]
            line.save(update_fields=["quantity_shipped"])
            if line.quantity_shipped:
                specs.append(_spec(line, locked.source, transit, MoveReason.TRANSFER_OUT))
        ledger.post_moves(specs, actor=actor)
    return locked


def transfer_receive(
    *,
    transfer: Transfer,
    actor: Actor,
    quantities: dict[int, int] | None = None,
    note: str = "",
) -> Transfer:
    """Take the units in at the destination. `quantities` (line id -> received, default
    the shipped quantity) that differ from what was shipped leave a discrepancy."""
    check.require_manage(actor, transfer.destination)
    note = check.note(note)
    with transaction.atomic():
        locked = apply_transition(
            transfer,
            T.RECEIVED,
            table=TRANSFER_TRANSITIONS,
            actor=actor,
            reason=note,
            changes={"received_at": timezone.now()},
        )
        lines = list(locked.lines.order_by("id"))
        received = _quantities(lines, quantities, lambda line: line.quantity_shipped or 0)
        for line in lines:
            line.quantity_received = received[line.pk]
            line.save(update_fields=["quantity_received"])
        _post_receipt(locked, lines, note, actor)
    return locked


def transfer_cancel(*, transfer: Transfer, reason: str, actor: Actor) -> Transfer:
    """Withdraw a request that was not shipped."""
    check.require_any_manage(actor, [transfer.source, transfer.destination])
    return apply_transition(
        transfer, T.CANCELLED, table=TRANSFER_TRANSITIONS, actor=actor, reason=reason
    )


def _quantities(lines, given, default, *, cap: bool = False) -> dict[int, int]:
    given = dict(given or {})
    unknown = set(given) - {line.pk for line in lines}
    if unknown:
        raise ValidationFailed(f"Unknown transfer line(s): {sorted(unknown)}.")
    result = {}
    for line in lines:
        value = given.get(line.pk, default(line))
        result[line.pk] = check.quantity(value, f"quantity of line {line.pk}", allow_zero=True)
        if cap and value > line.quantity_requested:
            raise ValidationFailed(
                f"Line {line.pk}: {value} shipped but only {line.quantity_requested} requested."
            )
    return result


def _post_receipt(transfer: Transfer, lines, note: str, actor: Actor) -> None:
    transit = location_virtual(LocationKind.TRANSIT)
    adjustments = location_virtual(LocationKind.ADJUSTMENT)
    specs, differing = [], []
    for line in lines:
        shipped, received = line.quantity_shipped or 0, line.quantity_received
        if min(shipped, received):
            qty = min(shipped, received)
            specs.append(_spec(line, transit, transfer.destination, MoveReason.TRANSFER_IN, qty))
        if received > shipped:
            specs.append(_discrepancy(line, adjustments, transfer.destination, received - shipped))
            differing.append(line)
        elif received < shipped:
            specs.append(_discrepancy(line, transit, adjustments, shipped - received))
            differing.append(line)
    moves = ledger.post_moves(specs, actor=actor)
    by_line = {(m.variant_id, m.reason): m for m in moves}
    TransferDiscrepancy.objects.bulk_create(
        [
            TransferDiscrepancy(
                line=line,
                shipped=line.quantity_shipped or 0,
                received=line.quantity_received,
                note=note,
                move=by_line[(line.variant_id, MoveReason.TRANSFER_DISCREPANCY)],
            )
            for line in differing
        ]
    )


def _spec(line, source, destination, reason, quantity=None) -> ledger.MoveSpec:
    return ledger.MoveSpec(
        variant_id=line.variant_id,
        source=source,
        destination=destination,
        quantity=quantity if quantity is not None else line.quantity_shipped,
        reason=reason,
        reference=line.transfer.number,
    )


def _discrepancy(line, source, destination, quantity) -> ledger.MoveSpec:
    return ledger.MoveSpec(
        variant_id=line.variant_id,
        source=source,
        destination=destination,
        quantity=quantity,
        reason=MoveReason.TRANSFER_DISCREPANCY,
        reference=line.transfer.number,
        note=f"Shipped {line.quantity_shipped or 0}, received {line.quantity_received}.",
    )
