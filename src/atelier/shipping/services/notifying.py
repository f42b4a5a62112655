"""Each step is announced as an event (after commit). Sales owns the customer's
messages (e-mail, and SMS only with consent, in the customer's language): it reacts to
these events in `sales.sms_handlers`."""

from __future__ import annotations

from atelier.core.events import publish
from atelier.shipping import events
from atelier.shipping.enums import ShipmentStatus
from atelier.shipping.models import Shipment, ShipmentLine

EVENTS = {
    ShipmentStatus.BOOKED: events.ShipmentBooked,
    ShipmentStatus.SHIPPED: events.ShipmentShipped,
    ShipmentStatus.OUT_FOR_DELIVERY: events.ShipmentOutForDelivery,
    ShipmentStatus.DELIVERED: events.ShipmentDelivered,
}


def announce(shipment: Shipment, status: str) -> None:
    event_cls = EVENTS.get(status)
    if event_cls is None:
        return
    fields = {
        "shipment_number": shipment.number,
        "order_ref": shipment.order_ref,
        "line_refs": tuple(shipment.lines.values_list("line_ref", flat=True)),
        "carrier": shipment.carrier,
        "tracking_number": shipment.tracking_number,
        "tracking_url": shipment.tracking_url,
    }
    if status == ShipmentStatus.DELIVERED:
        fields["order_delivered"] = order_delivered(shipment.order_ref)
    publish(event_cls(**fields))


def order_delivered(order_ref: str) -> bool:
    """Every unit of the order is in a delivered shipment (and nothing is left to ship)."""
    from atelier.sales import facade as sales

    order = sales.order_info(number=order_ref)
    delivered: dict[str, int] = {}
    rows = ShipmentLine.objects.filter(
        shipment__order_ref=order_ref, shipment__status=ShipmentStatus.DELIVERED
    ).values_list("line_ref", "quantity")
    for ref, qty in rows:
        delivered[ref] = delivered.get(ref, 0) + qty
    return all(delivered.get(line.ref, 0) >= line.quantity for line in order.lines)
