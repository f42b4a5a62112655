"""From a paid order to a confirmed shipment: prepare, confirm the address with the
carrier, adjust (recorded), book a white-glove slot, confirm, cancel."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Sum

from atelier.core.actor import Actor
from atelier.core.errors import Conflict, NotFound, ValidationFailed
from atelier.core.numbering import next_number
from atelier.integrations.carriers.registry import carrier
from atelier.sales import facade as sales
from atelier.shipping import access
from atelier.shipping.enums import DeliveryKind, ShipmentStatus, SlotWindow
from atelier.shipping.models import ReadyPiece, Shipment, ShipmentLine, ShippableOrder
from atelier.shipping.services import _common as c

PAID = "paid"
ADDRESS_FIELDS = c.PARTY_FIELDS
OTHER_FIELDS = ("ship_date", "incoterm", "rate_amount")


def shipment_prepare(
    *, order_ref: str, actor: Actor, line_refs: list[str] | None = None
) -> Shipment:
    """A draft shipment of everything on the paid order that is ready to leave.

    Stock lines are ready once the order is paid; a made-to-order line only when each of
    its pieces has passed quality inspection (a `ReadyPiece`). Refused, with nothing
    written, when a chosen line is not ready or nothing is left to ship.
    """
    c.require_manage(actor)
    order = _order(order_ref, actor)
    address = sales.order_delivery_address(number=order.number)
    if address is None:
        raise ValidationFailed(f"Order {order.number} has no delivery address.", code="no_address")
    with c.atomic():
        # Serialise preparations of one order (the "to ship" row, when there is one).
        list(ShippableOrder.objects.select_for_update().filter(order_ref=order.number))
        taken = _taken(order.number)
        pieces = _free_pieces(order.number, taken)
        chosen = _chosen_lines(order, taken, line_refs)
        _refuse_unready(chosen, pieces)
        shipment = Shipment.objects.create(
            number=next_number("SH"),
            order_ref=order.number,
            kind=DeliveryKind.WHITE_GLOVE
            if order.shipping_method == "white_glove"
            else DeliveryKind.PARCEL,
            boutique_id=order.boutique_id,
            customer_user_id=order.customer_user_id,
            currency=order.currency,
            destination={f: getattr(address, f) for f in ADDRESS_FIELDS},
            created_by_id=c.user_id(actor),
        )
        ShipmentLine.objects.bulk_create(
            ShipmentLine(
                shipment=shipment,
                line_ref=line.ref,
                variant_id=line.variant_id,
                sku=line.sku,
                description=line.product_name,
                made_to_order=line.kind == "made_to_order",
                quantity=qty,
                unit_value=line.unit_net.amount,
                item_codes=pieces[line.ref][:qty] if line.kind == "made_to_order" else [],
            )
            for line, qty in chosen
        )
        _mark_fully_shipped(order)
    return shipment


def _order(order_ref: str, actor: Actor):
    try:
        order = sales.order_info(number=(order_ref or "").strip())
    except NotFound:
        raise NotFound("No such order.") from None
    if not access.may_ship_for_boutique(actor, order.boutique_id):
        raise NotFound("No such order.")
    if order.status != PAID:
        raise Conflict(
            f"Order {order.number} is {order.status}: only a paid order is shipped.",
            code="order_not_paid",
        )
    due = order.total.amount - order.amount_paid.amount
    if due > 0:
        raise Conflict(
            f"Order {order.number} still has {due} {order.currency} to pay: "
            "it ships once paid in full.",
            code="balance_due",
        )
    return order


def _taken(order_ref: str) -> dict[str, int]:
    """Units of each line already in a shipment that is not cancelled."""
    rows = (
        ShipmentLine.objects.filter(shipment__order_ref=order_ref)
        .exclude(shipment__status=ShipmentStatus.CANCELLED)
        .values("line_ref")
        .annotate(units=Sum("quantity"))
    )
    return {row["line_ref"]: row["units"] for row in rows}


def _free_pieces(order_ref: str, taken: dict[str, int]) -> dict[str, list[str]]:
    """Item codes that passed inspection and are not yet in a live shipment, per line."""
    used = set()
    lines = ShipmentLine.objects.filter(shipment__order_ref=order_ref).exclude(
        shipment__status=ShipmentStatus.CANCELLED
    )
    for codes in lines.values_list("item_codes", flat=True):
        used.update(codes or [])
    free: dict[str, list[str]] = defaultdict(list)
    rows = ReadyPiece.objects.select_for_update().filter(order_ref=order_ref)
    for piece in rows.order_by("line_ref", "item_code"):
        if piece.item_code not in used:
            free[piece.line_ref].append(piece.item_code)
    return free


def _chosen_lines(order, taken: dict[str, int], line_refs) -> list[tuple]:
    left = [(line, line.quantity - taken.get(line.ref, 0)) for line in order.lines]
    if line_refs:
        wanted = {ref.strip() for ref in line_refs}
        unknown = wanted - {line.ref for line in order.lines}
        if unknown:
            raise ValidationFailed(
                f"Order {order.number} has no line {', '.join(sorted(unknown))}.", code="line"
            )
        left = [(line, qty) for line, qty in left if line.ref in wanted]
    chosen = [(line, qty) for line, qty in left if qty > 0]
    if not chosen:
        raise Conflict(
            f"Everything on order {order.number} is already in a shipment.",
            code="nothing_to_ship",
        )
    return chosen


def _refuse_unready(chosen, pieces: dict[str, list[str]]) -> None:
    problems = []
    for line, qty in chosen:
        if line.kind != "made_to_order":
            continue
        passed = len(pieces.get(line.ref, []))
        if passed < qty:
            problems.append(
                f"Line {line.ref} ({line.product_name}): {qty - passed} of {qty} "
                f"piece(s) have not passed quality inspection."
            )
    if problems:
        raise ValidationFailed(
            "Not ready to ship. " + " ".join(problems), code="not_inspected", problems=problems
        )


def _mark_fully_shipped(order) -> None:
    taken = _taken(order.number)
    done = all(taken.get(line.ref, 0) >= line.quantity for line in order.lines)
    ShippableOrder.objects.filter(order_ref=order.number).update(fully_shipped=done)


# --- the address ---------------------------------------------------------------------


def shipment_confirm_address(*, shipment: Shipment, actor: Actor) -> Shipment:
    """Ask the carrier whether the address exists; keep its normalised form.

    Refused with the carrier's own message (and its suggestions) when it does not;
    nothing is written then. Differences the carrier normalised are recorded as
    adjustments."""
    c.require_manage(actor)
    c.require_editable(shipment, "the address is confirmed")
    with c.carrier_errors():
        check = carrier().validate_address(c.destination(shipment))
    if not check.ok or check.normalised is None:
        raise ValidationFailed(
            f"The carrier does not accept this address: {check.message}",
            code="address_refused",
            candidates=[c.party_dict(p) for p in check.candidates],
        )
    normalised = c.party_dict(check.normalised)
    with c.atomic():
        locked = c.lock(shipment)
        c.require_editable(locked, "the address is confirmed")
        for field in ADDRESS_FIELDS:
            old, new = str(locked.destination.get(field) or ""), str(normalised.get(field) or "")
            if old != new and new:
                c.record(locked, f"address.{field}", old, new, "Normalised by the carrier", actor)
        merged = {**locked.destination, **{k: v for k, v in normalised.items() if v}}
        locked.destination = merged
        locked.address_confirmed_at = c.now()
        locked.address_confirmed_by_id = c.user_id(actor)
        locked.address_message = check.message[:300]
        locked.save(
            update_fields=[
                "destination", "address_confirmed_at", "address_confirmed_by", "address_message",
            ]
        )  # fmt: skip
    return locked


# --- adjustments -----------------------------------------------------------------------


def shipment_adjust(
    *, shipment: Shipment, field: str, value: str, reason: str, actor: Actor
) -> Shipment:
    """Change one thing before booking, with a reason; recorded as an `Adjustment`.

    `field` is an address field (`address.city`…), `quantity.<line ref>`, `ship_date`,
    `incoterm` or `rate_amount`. An address change must be confirmed with the carrier
    again; any change sends a confirmed shipment back to draft."""
    c.require_manage(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("Say why you change it.", code="reason_required", field="reason")
    field, value = (field or "").strip(), (value or "").strip()
    with c.atomic():
        locked = c.lock(shipment)
        c.require_editable(locked, "changes are possible")
        old = _apply(locked, field, value)
        if str(old) == value:
            raise ValidationFailed("That is the value it already has.", code="unchanged")
        c.record(locked, field, old, value, reason, actor)
        c.reopen(locked, actor=actor, reason=f"Adjusted {field}: {reason}")
    return locked


def _apply(shipment: Shipment, field: str, value: str):
    if field.startswith("address."):
        return _apply_address(shipment, field.removeprefix("address."), value)
    if field.startswith("quantity."):
        return _apply_quantity(shipment, field.removeprefix("quantity."), value)
    if field == "ship_date":
        return _apply_ship_date(shipment, value)
    if field == "incoterm":
        return _apply_incoterm(shipment, value)
    if field == "rate_amount":
        return _apply_rate(shipment, value)
    raise ValidationFailed(f"{field!r} cannot be adjusted.", code="field", field="field")


def _apply_address(shipment: Shipment, name: str, value: str):
    if name not in ADDRESS_FIELDS:
        raise ValidationFailed(f"Unknown address field {name!r}.", code="field", field="field")
    if name in {"name", "line1", "city", "country"} and not value:
        raise ValidationFailed(f"The {name} cannot be empty.", code="value", field="value")
    if name == "country":
        value = value.upper()
        if len(value) != 2 or not value.isalpha():
            raise ValidationFailed("The country is a two-letter code.", code="value")
    old = shipment.destination.get(name, "")
    shipment.destination = {**shipment.destination, name: value}
    shipment.address_confirmed_at = None
    shipment.address_confirmed_by = None
    shipment.address_message = ""
    shipment.save(
        update_fields=[
            "destination", "address_confirmed_at", "address_confirmed_by", "address_message",
        ]
    )  # fmt: skip
    return old


def _apply_quantity(shipment: Shipment, line_ref: str, value: str):
    line = shipment.lines.filter(line_ref=line_ref).first()
    if line is None:
        raise ValidationFailed(f"No line {line_ref!r} in this shipment.", code="line")
    if not value.isdigit() or not 1 <= int(value) <= line.quantity:
        raise ValidationFailed(
            f"The quantity of line {line_ref} can go from 1 to {line.quantity} "
            "(remove pieces, never add them: prepare another shipment).",
            code="value",
        )
    old = line.quantity
    line.quantity = int(value)
    line.item_codes = (line.item_codes or [])[: int(value)]
    line.save(update_fields=["quantity", "item_codes"])
    ShippableOrder.objects.filter(order_ref=shipment.order_ref).update(fully_shipped=False)
    return old


def _apply_ship_date(shipment: Shipment, value: str):
    day = _parse_day(value)
    if day < date.today():
        raise ValidationFailed("The ship date cannot be in the past.", code="value")
    old = shipment.ship_date
    shipment.ship_date = day
    # A rate is for one date: a new date needs a new rate.
    shipment.product_code, shipment.rate_amount, shipment.rate_date = "", None, None
    shipment.save(update_fields=["ship_date", "product_code", "rate_amount", "rate_date"])
    return old


def _apply_incoterm(shipment: Shipment, value: str):
    from atelier.integrations.carriers.port import INCOTERMS

    value = value.upper()
    if value not in INCOTERMS:
        raise ValidationFailed(f"Incoterm must be one of {', '.join(INCOTERMS)}.", code="value")
    old = shipment.incoterm
    shipment.incoterm = value
    shipment.save(update_fields=["incoterm"])
    return old


def _apply_rate(shipment: Shipment, value: str):
    from decimal import Decimal, InvalidOperation

    try:
        amount = Decimal(value).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValidationFailed("The amount is a number, e.g. 120.00.", code="value") from None
    if amount < 0 or not shipment.product_code:
        raise ValidationFailed("Choose a rate first; the amount cannot be negative.", code="value")
    old = shipment.rate_amount
    shipment.rate_amount = amount
    shipment.save(update_fields=["rate_amount"])
    return old


def _parse_day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValidationFailed("Give the date as YYYY-MM-DD.", code="value") from None


# --- white glove, confirm, cancel -------------------------------------------------------


def shipment_book_slot(*, shipment: Shipment, day: date, window: str, actor: Actor) -> Shipment:
    """The delivery slot agreed with the customer (white-glove deliveries only)."""
    c.require_manage(actor)
    if not shipment.is_white_glove:
        raise ValidationFailed("Only white-glove deliveries have a slot.", code="not_white_glove")
    if window not in SlotWindow.values:
        raise ValidationFailed("Choose one of the delivery windows.", code="value", field="window")
    if not isinstance(day, date) or day <= date.today():
        raise ValidationFailed("The slot must be after today.", code="value", field="day")
    if day.weekday() == 6:
        raise ValidationFailed("There are no deliveries on Sundays.", code="value", field="day")
    with c.atomic():
        locked = c.lock(shipment)
        c.require_editable(locked, "the slot can change")
        if locked.slot_date:
            old = f"{locked.slot_date} {locked.slot_window}"
            c.record(locked, "slot", old, f"{day} {window}", "Slot moved", actor)
            c.reopen(locked, actor=actor, reason="Slot moved")
        locked.slot_date, locked.slot_window, locked.ship_date = day, window, day
        locked.save(update_fields=["slot_date", "slot_window", "ship_date"])
    return locked


def shipment_confirm(*, shipment: Shipment, actor: Actor) -> Shipment:
    """The coordinator has checked lines, dates and pricing: ready to book."""
    c.require_manage(actor)
    return c.move(
        shipment,
        ShipmentStatus.CONFIRMED,
        actor=actor,
        lines_checked_at=c.now(),
        lines_checked_by_id=c.user_id(actor),
    )


def shipment_cancel(*, shipment: Shipment, reason: str, actor: Actor) -> Shipment:
    """Cancel before booking; its pieces can go in another shipment."""
    c.require_manage(actor)
    with c.atomic():
        cancelled = c.move(shipment, ShipmentStatus.CANCELLED, actor=actor, reason=reason)
        ShippableOrder.objects.filter(order_ref=shipment.order_ref).update(fully_shipped=False)
    return cancelled
