"""Sales' reactions to other contexts' events (wired in config/event_wiring.py).

Each runs after the publishing transaction commits and at most once per event."""

from __future__ import annotations

from atelier.core.actor import system_actor
from atelier.core.events import idempotent
from atelier.core.money import Money
from atelier.sales.enums import OrderStatus, PaymentPurpose, ProductionStage
from atelier.sales.models import SalesOrder
from atelier.sales.services import order_mark_delivered, order_payment_received
from atelier.sales.services.changes import (
    change_payment_received,
    change_workshop_answer,
    lines_production_stage_set,
)
from atelier.sales.services.refunds import order_refund_recorded


@idempotent("sales.on_payment_succeeded")
def on_payment_succeeded(event) -> None:
    """Money arrived for an order: confirm, invoice and mark it paid (or refund it when
    the order was cancelled meanwhile)."""
    if event.purpose not in PaymentPurpose.values:
        return
    if event.purpose == PaymentPurpose.CHANGE:  # made to order: a change's increase
        change_payment_received(
            order_ref=event.order_ref,
            payment_id=str(event.payment_id),
            amount=Money(event.amount, event.currency),
            actor=system_actor("payment received"),
            change_ref=getattr(event, "caller_ref", ""),
        )
        return
    order_payment_received(
        order_ref=event.order_ref,
        payment_id=str(event.payment_id),
        amount=Money(event.amount, event.currency),
        actor=system_actor("payment received"),
    )


@idempotent("sales.on_payment_refunded")
def on_payment_refunded(event) -> None:
    """Money went back to the payer: record it on the order (flagged when refunded in
    full). Reads payments.events.PaymentRefunded's fields."""
    order_refund_recorded(
        order_ref=event.order_ref,
        refund_id=str(event.refund_id),
        amount=Money(event.amount, event.currency),
        actor=system_actor("payment refunded"),
    )


# Purchasing's PO statuses -> the stage sales keeps per line (issue 8).
PRODUCTION_STAGES = {
    "draft": ProductionStage.NONE,
    "awaiting_manufacturer": ProductionStage.AWAITING_MANUFACTURER,
    "accepted": ProductionStage.ACCEPTED,
    "declined": ProductionStage.NONE,
    "in_production": ProductionStage.IN_PRODUCTION,
    "completed": ProductionStage.COMPLETED,
    "cancelled": ProductionStage.NONE,
}


@idempotent("sales.on_purchase_order_status")
def on_purchase_order_status(event) -> None:
    """PurchaseOrder{Released,Accepted,Declined,ProductionStarted,Completed,Cancelled}
    (duck typed: number, order_ref, line_refs, to_status): the lines' production stage,
    read by the change-after-purchase rules."""
    stage = PRODUCTION_STAGES.get(getattr(event, "to_status", ""))
    if stage is None or not event.order_ref or not event.line_refs:
        return
    lines_production_stage_set(
        order_ref=event.order_ref,
        line_refs=tuple(event.line_refs),
        stage=stage,
        actor=system_actor(f"purchase order {event.number}"),
    )


@idempotent("sales.on_revision_accepted")
def on_revision_accepted(event) -> None:
    """PurchaseRevisionAccepted: the workshop agreed to a change (then payment or apply)."""
    change_workshop_answer(
        change_ref=event.change_ref,
        agreed=True,
        reason=event.reason,
        actor=system_actor(f"workshop ({event.number})"),
    )


@idempotent("sales.on_revision_refused")
def on_revision_refused(event) -> None:
    """PurchaseRevisionRefused: the workshop refused a change; it is closed as refused."""
    change_workshop_answer(
        change_ref=event.change_ref,
        agreed=False,
        reason=event.reason,
        actor=system_actor(f"workshop ({event.number})"),
    )


@idempotent("sales.on_shipment_delivered")
def on_shipment_delivered(event) -> None:
    """shipping.ShipmentDelivered (duck typed: shipment_number, order_ref,
    order_delivered): the order is delivered once every unit of it is."""
    if not getattr(event, "order_delivered", False):
        return
    order = SalesOrder.objects.filter(number=event.order_ref).first()
    if order is None or order.status != OrderStatus.PAID:
        return
    order_mark_delivered(
        order=order, shipment=event.shipment_number, actor=system_actor("shipping")
    )
