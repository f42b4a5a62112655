"""The shipment's allowed status changes (core.statemachine).

Events are published by the services (they carry shipment fields, not the transition's),
so the table has none."""

from __future__ import annotations

from atelier.accounts.roles import Cap
from atelier.core.statemachine import Transition, TransitionTable
from atelier.shipping.enums import DeliveryKind
from atelier.shipping.enums import ShipmentStatus as S

MANAGE = Cap.MANAGE_SHIPMENTS.perm


def address_confirmed(shipment, actor, context) -> str | None:
    if shipment.address_confirmed_at is None:
        return "Confirm the delivery address with the carrier first."
    return None


def has_lines(shipment, actor, context) -> str | None:
    if not shipment.lines.exists():
        return "The shipment has no lines."
    return None


def priced(shipment, actor, context) -> str | None:
    if shipment.kind == DeliveryKind.PARCEL and not shipment.product_code:
        return "Choose a carrier rate first."
    if shipment.kind == DeliveryKind.WHITE_GLOVE and not shipment.slot_date:
        return "Book a delivery slot first."
    return None


TRANSITIONS: TransitionTable = {
    (S.DRAFT, S.CONFIRMED): Transition(
        permission=MANAGE, guards=(has_lines, address_confirmed, priced), label="Confirm"
    ),
    (S.CONFIRMED, S.DRAFT): Transition(permission=MANAGE, label="Reopen"),
    (S.CONFIRMED, S.BOOKED): Transition(permission=MANAGE, label="Book"),
    (S.BOOKED, S.SHIPPED): Transition(permission=MANAGE, label="Shipped"),
    (S.BOOKED, S.OUT_FOR_DELIVERY): Transition(permission=MANAGE, label="Out for delivery"),
    (S.SHIPPED, S.OUT_FOR_DELIVERY): Transition(permission=MANAGE, label="Out for delivery"),
    (S.SHIPPED, S.DELIVERED): Transition(permission=MANAGE, label="Delivered"),
    (S.OUT_FOR_DELIVERY, S.DELIVERED): Transition(permission=MANAGE, label="Delivered"),
    (S.BOOKED, S.EXCEPTION): Transition(permission=MANAGE, label="Exception"),
    (S.SHIPPED, S.EXCEPTION): Transition(permission=MANAGE, label="Exception"),
    (S.OUT_FOR_DELIVERY, S.EXCEPTION): Transition(permission=MANAGE, label="Exception"),
    (S.EXCEPTION, S.SHIPPED): Transition(permission=MANAGE, label="Back on the road"),
    (S.EXCEPTION, S.OUT_FOR_DELIVERY): Transition(permission=MANAGE, label="Out for delivery"),
    (S.EXCEPTION, S.DELIVERED): Transition(permission=MANAGE, label="Delivered"),
    (S.DRAFT, S.CANCELLED): Transition(permission=MANAGE, requires_reason=True, label="Cancel"),
    (S.CONFIRMED, S.CANCELLED): Transition(permission=MANAGE, requires_reason=True, label="Cancel"),
}
