"""Demo helpers: take a paid demo order's purchase orders to any stage, through the same
services the product uses (so item codes, events and notifications are real).

    demo_raise(order_ref)                        -> draft POs for a paid order
    demo_advance(po_number, to_status, actor)    -> draft .. completed (or declined)
    demo_advance_order(order_ref, to_status)     -> both, for every PO of the order
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from atelier.core.actor import Actor, system_actor
from atelier.core.errors import ValidationFailed
from atelier.production import handlers, services
from atelier.purchasing import facade as purchasing
from atelier.sales import facade as sales

PATH = ("draft", "awaiting_manufacturer", "accepted", "in_production", "completed")
DECLINE_REASON = "Demo: the workshop has no capacity this month."


def demo_raise(order_ref: str) -> list[str]:
    """Draft purchase orders for a paid demo order (what `on_order_paid` does)."""
    order = sales.order_info(number=order_ref)
    return handlers.raise_for_order(order, paid_on=timezone.localdate())


def demo_advance(po_number: str, to_status: str, actor: Actor | None = None):
    """Move one purchase order forward step by step until it reaches `to_status`
    (a status of `PATH`, or "declined" from awaiting manufacturer). Already there or
    past it: nothing happens. Returns the PurchaseOrderInfo."""
    actor = actor or system_actor("demo loader")
    if to_status not in (*PATH, "declined"):
        raise ValidationFailed(f"Unknown status {to_status!r}.")
    target = "awaiting_manufacturer" if to_status == "declined" else to_status
    with transaction.atomic():
        info = purchasing.purchase_order_info(po_number)
        while info.status in PATH and PATH.index(info.status) < PATH.index(target):
            info = _step(info, actor)
        if to_status == "declined" and info.status == "awaiting_manufacturer":
            info = services.po_decline(number=po_number, reason=DECLINE_REASON, actor=actor)
    return info


def demo_advance_order(order_ref: str, to_status: str, actor: Actor | None = None) -> list:
    numbers = demo_raise(order_ref)
    return [demo_advance(number, to_status, actor) for number in numbers]


def _step(info, actor: Actor):
    number = info.number
    if info.status == "draft":
        # Release is purchasing's own step (its checklist); the facade has no call for it yet.
        from atelier.purchasing.services.lifecycle import purchase_order_release

        purchase_order_release(number=number, actor=actor)
        return purchasing.purchase_order_info(number)
    calls = {
        "awaiting_manufacturer": services.po_accept,
        "accepted": services.po_start,
        "in_production": services.po_complete,
    }
    return calls[info.status](number=number, actor=actor)
