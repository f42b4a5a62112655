"""What other contexts (purchasing, shipping, accounting, helpdesk…) may ask sales.

Plain frozen dataclasses, never models. Orders are named by their number (order_ref)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from atelier.core.errors import NotFound
from atelier.core.money import Money
from atelier.sales.models import SalesOrder


@dataclass(frozen=True)
class OrderLineInfo:
    ref: str
    kind: str  # stock / made_to_order
    variant_id: int
    sku: str
    product_id: int
    product_name: str
    configuration: dict
    manufacturer_id: int | None
    quantity: int
    finalisation: str
    revision: int
    unit_net: Money


@dataclass(frozen=True)
class OrderInfo:
    number: str
    status: str
    channel: str
    region_code: str
    currency: str
    customer_user_id: int | None
    email: str
    boutique_id: int | None
    total: Money
    amount_paid: Money
    shipping_method: str
    shipping_country: str
    lines: tuple[OrderLineInfo, ...]
    placed_at: datetime | None = None  # tracking (issue 7): when the order was placed
    paid_at: datetime | None = None
    cancelled_at: datetime | None = None


def order_info(*, number: str | None = None, object_id: int | str | None = None) -> OrderInfo:
    """One order by number (order_ref) or id (an event's object_id); NotFound if none."""
    rows = SalesOrder.objects.select_related("shipping_address").prefetch_related("lines")
    if number is not None:
        order = rows.filter(number=number).first()
    else:
        order = rows.filter(pk=int(object_id)).first() if str(object_id).isdigit() else None
    if order is None:
        raise NotFound("No such order.")
    return _info(order)


@dataclass(frozen=True)
class DeliveryAddress:
    """Where an order goes and whom the carrier calls (shipping's address snapshot)."""

    name: str
    company: str
    line1: str
    line2: str
    postcode: str
    city: str
    state: str
    country: str
    email: str
    phone: str


def order_delivery_address(*, number: str) -> DeliveryAddress | None:
    """The order's delivery address and contact; None when it has none; NotFound if no order."""
    order = SalesOrder.objects.select_related("shipping_address").filter(number=number).first()
    if order is None:
        raise NotFound("No such order.")
    address = order.shipping_address
    if address is None:
        return None
    return DeliveryAddress(**address.as_dict(), email=order.email, phone=str(order.phone or ""))


def orders_info(numbers) -> dict[str, OrderInfo]:
    """Several orders by number in two queries (unknown numbers are left out)."""
    rows = SalesOrder.objects.select_related("shipping_address").prefetch_related("lines")
    return {order.number: _info(order) for order in rows.filter(number__in=list(numbers))}


def _info(order: SalesOrder) -> OrderInfo:
    cur = order.currency
    address = order.shipping_address
    return OrderInfo(
        number=order.number,
        status=order.status,
        channel=order.channel,
        region_code=order.region_code,
        currency=cur,
        customer_user_id=order.customer_id,
        email=order.email,
        boutique_id=order.boutique_id,
        total=Money(order.total_gross, cur),
        amount_paid=Money(order.amount_paid, cur),
        shipping_method=order.shipping_method,
        shipping_country=str(address.country) if address else "",
        placed_at=order.created_at,
        paid_at=order.paid_at,
        cancelled_at=order.cancelled_at,
        lines=tuple(
            OrderLineInfo(
                ref=line.ref,
                kind=line.kind,
                variant_id=line.variant_id,
                sku=line.sku,
                product_id=line.product_id,
                product_name=line.product_name,
                configuration=line.configuration,
                manufacturer_id=line.manufacturer_id,
                quantity=line.quantity,
                finalisation=line.finalisation,
                revision=line.revision,
                unit_net=Money(Decimal(line.unit_net), cur),
            )
            for line in sorted(order.lines.all(), key=lambda row: row.position)
        ),
    )
