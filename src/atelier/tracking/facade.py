"""What the storefront, the customer's account and the API may ask tracking.

`order_timeline` does no access check, like `shipping.facade.tracking_for_order`: the
caller has already shown the order to its owner (`sales.selectors.order_for_owner`, the
check behind `/orders/<number>/` and `GET /api/v1/orders/{number}`). It reads each
context once, in bulk: the number of queries does not grow with lines or pieces.
"""

from __future__ import annotations

from atelier.production import facade as production
from atelier.purchasing import facade as purchasing
from atelier.quality import facade as quality
from atelier.sales import facade as sales
from atelier.shipping import facade as shipping
from atelier.tracking import timeline
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

__all__ = [
    "CURRENT",
    "DONE",
    "UPCOMING",
    "Delivery",
    "LineTimeline",
    "Step",
    "Timeline",
    "TrackingUpdate",
    "order_timeline",
]


def order_timeline(order_ref: str) -> Timeline:
    """Each step of the order, per line, from payment to delivery; NotFound if no order."""
    order = sales.order_info(number=order_ref)
    made = any(line.kind == "made_to_order" for line in order.lines)
    pieces = production.pieces_for_order(order.number) if made else []
    return timeline.build(
        timeline.Sources(
            order=order,
            purchase_orders=purchasing.purchase_orders_for_order(order.number) if made else [],
            pieces=pieces,
            passed=quality.items_passed(p.code for p in pieces) if pieces else {},
            shipments=shipping.shipments_for_order(order.number),
            tracking=shipping.tracking_for_order(order.number),
        )
    )
