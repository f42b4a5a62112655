"""Customer notifications (text, and e-mail where there is one) as the order moves.

Wired in config/event_wiring.py; each runs after commit and is idempotent (the outbox
keys are per order, kind and shipment). Events from purchasing and shipping are read by
their fields (duck typing): sales cannot import its siblings or higher contexts.
"""

from __future__ import annotations

from atelier.sales.models import SalesOrder
from atelier.sales.services.notifications import shipment_email_enqueue
from atelier.sales.sms import sms_for_order


def on_order_confirmed(event) -> None:
    """sales.OrderConfirmed (object_id = SalesOrder id); its e-mail leaves on payment."""
    number = SalesOrder.objects.filter(pk=event.object_id).values_list("number", flat=True)
    if number:
        sms_for_order(number[0], "order_confirmed")


def on_production_started(event) -> None:
    """purchasing.PurchaseOrderProductionStarted(number, order_ref, line_refs...): one
    text per order, however many workshops make its pieces."""
    if event.order_ref:
        sms_for_order(event.order_ref, "in_production")


def on_shipment_shipped(event) -> None:
    """shipping.ShipmentShipped(shipment_number, order_ref, carrier, tracking_number,
    tracking_url): text with the tracking link, and the e-mail."""
    _shipment(event, "shipped")


def on_shipment_out_for_delivery(event) -> None:
    """shipping.ShipmentOutForDelivery: text only."""
    if event.order_ref:
        sms_for_order(event.order_ref, "out_for_delivery", shipment_number=event.shipment_number)


def on_shipment_delivered(event) -> None:
    """shipping.ShipmentDelivered: text and e-mail."""
    _shipment(event, "delivered")


def _shipment(event, kind: str) -> None:
    if not event.order_ref:
        return
    context = {"tracking_url": event.tracking_url} if kind == "shipped" else {}
    sms_for_order(event.order_ref, kind, shipment_number=event.shipment_number, **context)
    order = SalesOrder.objects.select_related("shipping_address").filter(number=event.order_ref)
    if order := order.first():
        shipment_email_enqueue(
            order=order,
            kind=kind,
            shipment_number=event.shipment_number,
            carrier=getattr(event, "carrier", ""),
            tracking_number=getattr(event, "tracking_number", ""),
            tracking_url=getattr(event, "tracking_url", ""),
        )
