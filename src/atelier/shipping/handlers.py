"""Shipping's reactions to other contexts' events (wired in config/event_wiring.py).

Events are read by their fields (duck typing): shipping never imports quality, and
reads sales only through its facade. Each handler is idempotent."""

from __future__ import annotations

from atelier.core.errors import NotFound
from atelier.core.events import idempotent
from atelier.sales import facade as sales
from atelier.shipping.models import ReadyPiece, ShippableOrder


@idempotent("shipping.on_inspection_passed")
def on_inspection_passed(event) -> None:
    """quality.InspectionPassed: the piece may leave (the only way a made-to-order piece
    becomes ready to ship)."""
    ReadyPiece.objects.get_or_create(
        item_code=event.item_code,
        defaults={
            "order_ref": event.order_ref,
            "line_ref": event.line_ref,
            "inspection_number": event.inspection_number,
        },
    )


@idempotent("shipping.on_order_paid")
def on_order_paid(event) -> None:
    """sales.OrderPaid: the order joins the "to ship" list."""
    try:
        order = sales.order_info(object_id=event.object_id)
    except NotFound:
        return
    ShippableOrder.objects.get_or_create(
        order_ref=order.number, defaults={"boutique_id": order.boutique_id}
    )
