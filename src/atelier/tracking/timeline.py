"""The customer's timeline of an order, built from what sales, purchasing, production,
quality and shipping know (already read in bulk by `facade.order_timeline`).

Each line goes through milestones: placed -> paid -> (made to order: measurements
finalised -> with the workshop -> in production -> quality checked) -> shipped -> out for
delivery -> delivered. A milestone reached later implies the earlier ones (dates then
unknown). The latest reached milestone is `current` (where the piece is now), those
before it `done`, the rest `upcoming`; once delivered, everything is done.

Only customer words leave this module: no workshop, purchase order, note or defect.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from atelier.tracking.dto import (
    CURRENT,
    DONE,
    UPCOMING,
    Delivery,
    LineTimeline,
    Step,
    Timeline,
    TrackingUpdate,
)

PAID_STATUSES = frozenset({"paid", "delivered", "done"})
DELIVERED_STATUSES = frozenset({"delivered", "done"})
# Purchase orders: with the workshop once released; in production once started.
PO_WITH_WORKSHOP = frozenset({"awaiting_manufacturer", "accepted", "in_production", "completed"})
PO_STARTED = frozenset({"in_production", "completed"})
# Shipments the customer sees (drafts are the coordinator's planning).
ROAD = ("booked", "shipped", "out_for_delivery", "delivered")
LIVE_SHIPMENT = frozenset({*ROAD, "exception"})
DELIVERY_LABELS = {
    "booked": "Delivery booked",
    "shipped": "On its way",
    "out_for_delivery": "Out for delivery",
    "delivered": "Delivered",
    "exception": "Delayed — we are looking into it",
}


@dataclass(frozen=True)
class Sources:
    """What the facade read for one order (plain dataclasses of each context)."""

    order: object  # sales OrderInfo
    purchase_orders: Sequence  # purchasing PurchaseOrderInfo
    pieces: Sequence  # production PieceProgress
    passed: dict  # quality items_passed: {item code: bool}
    shipments: Sequence  # shipping ShipmentSummary
    tracking: Sequence  # shipping TrackingStep


@dataclass(frozen=True)
class _Mark:
    code: str
    label: str
    at: datetime | None
    reached: bool
    detail: str = ""


def build(src: Sources) -> Timeline:
    order = src.order
    if order.status == "cancelled":
        marks = [
            _Mark("placed", "Order placed", order.placed_at, True),
            _Mark("cancelled", "Order cancelled", order.cancelled_at, True),
        ]
        return Timeline(order.number, True, _states(marks, final=True), (), ())
    road = _road(src.shipments, src.tracking)
    lines = tuple(_line(src, line, road) for line in order.lines)
    steps = _states(_order_marks(order), final=False)
    return Timeline(order.number, False, steps, lines, _deliveries(src, road))


def _order_marks(order) -> list[_Mark]:
    paid = order.paid_at is not None or order.status in PAID_STATUSES
    return [
        _Mark("placed", "Order placed", order.placed_at, True),
        _Mark("paid", "Payment received", order.paid_at, paid),
    ]


def _line(src: Sources, line, road: dict) -> LineTimeline:
    made = line.kind == "made_to_order"
    pieces = [p for p in src.pieces if p.line_ref == line.ref]
    passed = sum(1 for p in pieces if src.passed.get(p.code))
    marks = _order_marks(src.order)
    if made:
        marks += _workshop_marks(src, line, pieces, passed)
    shipments = [s for s in src.shipments if line.ref in s.line_refs and s.status in LIVE_SHIPMENT]
    outstanding = made and passed < line.quantity
    marks += _shipping_marks(src.order, shipments, road, outstanding=outstanding)
    return LineTimeline(
        ref=line.ref,
        product_name=line.product_name,
        quantity=line.quantity,
        made_to_order=made,
        steps=_states(marks, final=marks[-1].reached),
    )


def _workshop_marks(src: Sources, line, pieces: list, passed: int) -> list[_Mark]:
    po = _purchase_order_of(src.purchase_orders, line.ref)
    status = po.status if po else ""
    return [
        _Mark("finalised", "Measurements finalised", None, line.finalisation == "final"),
        _Mark(
            "with_workshop",
            "With the workshop",
            (po.accepted_at or po.released_at) if po else None,
            status in PO_WITH_WORKSHOP,
        ),
        _Mark(
            "in_production",
            "In production",
            (po.started_at if po else None) or _earliest(p.started_at for p in pieces),
            status in PO_STARTED or bool(pieces),
        ),
        _quality_mark(pieces, passed, line.quantity),
    ]


def _purchase_order_of(purchase_orders: Sequence, line_ref: str):
    """The live purchase order building the line (the latest, if it was bought again)."""
    found = None
    for po in purchase_orders:
        if po.status != "cancelled" and any(pl.line_ref == line_ref for pl in po.lines):
            found = po
    return found


def _quality_mark(pieces: list, passed: int, quantity: int) -> _Mark:
    checked = [p for p in pieces if p.status != "in_production"]
    if passed and passed >= quantity:
        at = _latest(p.passed_at for p in pieces)
        return _Mark("quality_checked", "Quality checked", at, True)
    if any(p.status == "rework" for p in pieces):
        at = _latest(p.failed_at for p in pieces)
        return _Mark("quality_checked", "Quality check — being reworked", at, True)
    detail = f"{passed} of {quantity} pieces checked" if passed else ""
    at = _earliest(p.completed_at for p in checked)
    return _Mark("quality_checked", "Quality check", at, bool(checked), detail)


def _shipping_marks(order, shipments: list, road: dict, *, outstanding: bool) -> list[_Mark]:
    def reached(status: str) -> list[datetime | None]:
        return [road[s.number].get(status, None) for s in shipments if status in road[s.number]]

    shipped = reached("shipped")
    out = reached("out_for_delivery")
    delivered = reached("delivered")
    all_delivered = bool(shipments) and len(delivered) == len(shipments) and not outstanding
    return [
        _Mark("shipped", "Shipped", _earliest(shipped), bool(shipped)),
        _Mark("out_for_delivery", "Out for delivery", _earliest(out), bool(out)),
        _Mark(
            "delivered",
            "Delivered",
            _latest(delivered),
            all_delivered or order.status in DELIVERED_STATUSES,
        ),
    ]


def _road(shipments: Sequence, tracking: Sequence) -> dict[str, dict[str, datetime | None]]:
    """For each shipment the customer sees: {road status reached: when (first time)}.
    A status reached implies the earlier ones (a shipment may skip a scan)."""
    firsts: dict[str, dict[str, datetime]] = {}
    for step in tracking:  # oldest first
        firsts.setdefault(step.shipment_number, {}).setdefault(step.status, step.at)
    found = {}
    for s in shipments:
        if s.status not in LIVE_SHIPMENT:
            continue
        seen = firsts.get(s.number, {})
        ranks = [ROAD.index(st) for st in (s.status, *seen) if st in ROAD]
        top = max(ranks, default=-1)
        found[s.number] = {st: seen.get(st) for st in ROAD[: top + 1]}
    return found


def _deliveries(src: Sources, road: dict) -> tuple[Delivery, ...]:
    updates: dict[str, list[TrackingUpdate]] = {}
    for step in src.tracking:
        updates.setdefault(step.shipment_number, []).append(
            TrackingUpdate(step.label, step.at, step.location, step.description)
        )
    return tuple(
        Delivery(
            status=s.status,
            label=DELIVERY_LABELS[s.status],
            line_refs=tuple(s.line_refs),
            tracking_number=s.tracking_number,
            tracking_url=s.tracking_url,
            slot_date=s.slot_date,
            slot_window=s.slot_window,
            updates=tuple(updates.get(s.number, ())),
        )
        for s in src.shipments
        if s.number in road
    )


def _states(marks: list[_Mark], *, final: bool) -> tuple[Step, ...]:
    last = max((i for i, m in enumerate(marks) if m.reached), default=-1)

    def state(i: int) -> str:
        if i < last or (i == last and final):
            return DONE
        return CURRENT if i == last else UPCOMING

    return tuple(
        Step(m.code, m.label, m.at if i <= last else None, state(i), m.detail)
        for i, m in enumerate(marks)
    )


def _earliest(values: Iterable[datetime | None]) -> datetime | None:
    return min((v for v in values if v is not None), default=None)


def _latest(values: Iterable[datetime | None]) -> datetime | None:
    return max((v for v in values if v is not None), default=None)
