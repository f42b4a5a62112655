"""`GET /api/v1/orders/{number}/tracking`: each piece of an order from payment to
delivery (tracking.facade), with the access of `GET /api/v1/orders/{number}`: the
signed-in owner, or whoever holds the order's access token (header `X-Order-Token` or
`?token=`); everyone else gets 404. Customer words only: no workshop, purchase order,
note or defect is in the answer."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Header, Router, Schema

from atelier.accounts.actors import actor_for
from atelier.sales import selectors
from atelier.tracking import facade as tracking

router = Router(tags=["tracking"])


class StepOut(Schema):
    code: str
    label: str
    at: datetime | None
    state: str  # done / current / upcoming
    detail: str


class LineOut(Schema):
    ref: str
    product_name: str
    quantity: int
    made_to_order: bool
    current: str | None  # the code of the current step
    steps: list[StepOut]


class UpdateOut(Schema):
    label: str
    at: datetime
    location: str
    description: str


class DeliveryOut(Schema):
    status: str
    label: str
    line_refs: list[str]
    tracking_number: str
    tracking_url: str
    slot_date: date | None
    slot_window: str
    updates: list[UpdateOut]


class TimelineOut(Schema):
    order_number: str
    cancelled: bool
    steps: list[StepOut]
    lines: list[LineOut]
    deliveries: list[DeliveryOut]


@router.get(
    "/orders/{number}/tracking",
    response=TimelineOut,
    summary="Where each piece of an order stands (owner or token)",
)
def order_tracking(
    request,
    number: str,
    token: str = "",
    x_order_token: str = Header("", alias="X-Order-Token"),
):
    order = selectors.order_for_owner(actor_for(request.user), number, x_order_token or token)
    return _timeline(tracking.order_timeline(order.number))


def _timeline(t: tracking.Timeline) -> dict:
    return {
        "order_number": t.order_ref,
        "cancelled": t.cancelled,
        "steps": [_step(s) for s in t.steps],
        "lines": [
            {
                "ref": line.ref,
                "product_name": line.product_name,
                "quantity": line.quantity,
                "made_to_order": line.made_to_order,
                "current": line.current.code if line.current else None,
                "steps": [_step(s) for s in line.steps],
            }
            for line in t.lines
        ],
        "deliveries": [
            {
                "status": d.status,
                "label": d.label,
                "line_refs": list(d.line_refs),
                "tracking_number": d.tracking_number,
                "tracking_url": d.tracking_url,
                "slot_date": d.slot_date,
                "slot_window": d.slot_window,
                "updates": [vars(u) for u in d.updates],
            }
            for d in t.deliveries
        ],
    }


def _step(s: tracking.Step) -> dict:
    return {"code": s.code, "label": s.label, "at": s.at, "state": s.state, "detail": s.detail}
