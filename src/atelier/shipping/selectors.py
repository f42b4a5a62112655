"""Reads for the back-office pages, always starting from access.py."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.core.paginator import Paginator

from atelier.core.actor import Actor
from atelier.core.errors import DomainError
from atelier.core.statemachine import allowed_transitions, history
from atelier.sales import facade as sales
from atelier.shipping import access
from atelier.shipping.enums import OPEN_STATUSES
from atelier.shipping.models import ReadyPiece, Shipment
from atelier.shipping.services import customs_check
from atelier.shipping.services.booking import CustomsCheck
from atelier.shipping.transitions import TRANSITIONS


@dataclass(frozen=True)
class OrderToShip:
    order_ref: str
    paid_at: object
    lines: int
    ready: bool
    waiting: tuple[str, ...]  # "L2: 1 of 2 passed inspection"


def orders_to_ship(actor: Actor, *, page: int | str = 1, per_page: int = 25):
    """Paid orders with something left to ship, and whether it may leave now."""
    rows = access.orders_to_ship_visible_to(actor).filter(fully_shipped=False)
    found = Paginator(rows.order_by("paid_at", "id"), per_page).get_page(page)
    refs = [row.order_ref for row in found.object_list]
    passed = Counter(
        ReadyPiece.objects.filter(order_ref__in=refs).values_list("order_ref", "line_ref")
    )
    orders = sales.orders_info(refs)
    found.object_list = [
        _to_ship(row, orders.get(row.order_ref), passed) for row in found.object_list
    ]
    return found


def _to_ship(row, order, passed: Counter) -> OrderToShip:
    if order is None:
        return OrderToShip(row.order_ref, row.paid_at, 0, False, ("order not found",))
    waiting = tuple(
        f"{line.ref} {line.product_name}: {passed[(row.order_ref, line.ref)]} of "
        f"{line.quantity} passed inspection"
        for line in order.lines
        if line.kind == "made_to_order" and passed[(row.order_ref, line.ref)] < line.quantity
    )
    return OrderToShip(row.order_ref, row.paid_at, len(order.lines), not waiting, waiting)


def shipment_list(actor: Actor, *, open_only: bool = True, page: int | str = 1, per_page=25):
    rows = access.shipments_visible_to(actor)
    if open_only:
        rows = rows.filter(status__in=OPEN_STATUSES)
    return Paginator(rows.order_by("-created_at", "-id"), per_page).get_page(page)


@dataclass(frozen=True)
class ShipmentDetail:
    shipment: Shipment
    lines: list
    adjustments: list
    tracking: list
    history: list
    allowed: list[str]
    customs: CustomsCheck | None


def shipment_detail(actor: Actor, number: str) -> ShipmentDetail:
    shipment = access.get_shipment_for(actor, number)
    return ShipmentDetail(
        shipment=shipment,
        lines=list(shipment.lines.all()),
        adjustments=list(shipment.adjustments.all()),
        tracking=list(shipment.tracking.all()),
        history=list(history(shipment)),
        allowed=allowed_transitions(shipment, table=TRANSITIONS, actor=actor),
        customs=_customs(shipment),
    )


def _customs(shipment: Shipment) -> CustomsCheck | None:
    if shipment.is_white_glove:
        return None
    if shipment.customs:  # booked: what was sent
        return None
    try:
        return customs_check(shipment)
    except DomainError:
        return None
