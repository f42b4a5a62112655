"""Production's reactions to other contexts' events (wired in config/event_wiring.py).

Each runs after the publisher's commit and at most once per event (`@idempotent`);
purchasing is idempotent on its side too (one purchase order line per (order, line)),
so a payment announced twice, or concurrently, raises one set of purchase orders.
Events of sibling contexts (quality) are read by duck typing, never imported.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from atelier.catalog import facade as catalog
from atelier.core.actor import system_actor
from atelier.core.errors import NotFound
from atelier.core.events import idempotent
from atelier.inventory import facade as inventory
from atelier.pricing import facade as pricing
from atelier.production import needs, notifications, services
from atelier.purchasing import facade as purchasing
from atelier.sales import facade as sales

logger = logging.getLogger(__name__)
ACTOR = system_actor("production")


# --- Sales ----------------------------------------------------------------------------


@idempotent("production.raise_purchase_orders")
def on_order_paid(event) -> None:
    """sales.OrderPaid: draft purchase orders (one per manufacturer) for what the order
    needs built or restocked; lines without a manufacturer are reported to production."""
    order = sales.order_info(object_id=event.object_id)
    raise_for_order(order, paid_on=_day(event.occurred_at))


def raise_for_order(order, *, paid_on: date) -> list[str]:
    """Draft purchase orders for what `order` (sales OrderInfo) needs; their numbers.
    Idempotent through purchasing (one live PO line per order line)."""
    plan = plan_for_order(order, paid_on=paid_on)
    if plan.unassigned:
        logger.warning("Order %s: lines %s have no manufacturer", order.number, plan.unassigned)
        notifications.lines_unassigned(order_ref=order.number, line_refs=plan.unassigned)
    if not plan.needs:
        return []
    return purchasing.purchase_orders_raise_for_order(
        order_ref=order.number,
        customer_reference=customer_reference(order),
        customer_tier=_tier(order.customer_user_id),
        currency=order.currency,
        required_date=plan.required_date,
        needs=plan.needs,
        actor=ACTOR,
    )


def plan_for_order(order, *, paid_on: date) -> needs.PurchasePlan:
    try:
        held = needs.held_by_line(inventory.reservation_for(order.number))
    except NotFound:
        held = {}
    variants = catalog.variants_by_ids({line.variant_id for line in order.lines})
    return needs.plan(
        order,
        held=held,
        variants=variants,
        paid_on=paid_on,
        restock_days=getattr(settings, "PRODUCTION_RESTOCK_LEAD_DAYS", 28),
    )


@idempotent("production.line_finalised")
def on_line_finalised(event) -> None:
    """sales.LineFinalised: the PO line takes the verified configuration."""
    line = _line(event.order_ref, event.line_ref)
    if line is None:
        return
    purchasing.purchase_line_finalised(
        order_ref=event.order_ref,
        line_ref=event.line_ref,
        configuration=dict(line.configuration or {}),
        variant_id=event.variant_id,
        actor=ACTOR,
    )


@idempotent("production.line_changed")
def on_line_changed(event) -> None:
    """sales.LineChanged: a new PO revision (applied, or proposed once accepted)."""
    _revise(event, needs_agreement=False)


@idempotent("production.line_change_proposed")
def on_line_change_proposed(event) -> None:
    """sales.LineChangeProposed: the workshop must agree (the PO was accepted)."""
    _revise(event, needs_agreement=True)


def _revise(event, *, needs_agreement: bool) -> None:
    line = _line(event.order_ref, event.line_ref)
    if line is None:
        return
    purchasing.purchase_line_revise(
        order_ref=event.order_ref,
        line_ref=event.line_ref,
        change_ref=event.change_ref,
        configuration=dict(line.configuration or {}),
        variant_id=getattr(event, "variant_id", None) or line.variant_id,
        summary=event.summary,
        needs_agreement=needs_agreement,
        actor=ACTOR,
    )


# --- Purchasing -----------------------------------------------------------------------


@idempotent("production.po_declined")
def on_purchase_order_declined(event) -> None:
    """purchasing.PurchaseOrderDeclined: tell the production managers at once."""
    info = purchasing.purchase_order_info(event.number)
    notifications.po_declined(
        number=info.number,
        manufacturer_name=info.manufacturer_name,
        reason=info.declined_reason or event.reason,
        occurrence=str(event.change_id or event.occurred_at),
    )


@idempotent("production.po_started")
def on_purchase_order_production_started(event) -> None:
    """purchasing.PurchaseOrderProductionStarted: item codes exist even when the portal
    started the order through purchasing directly (no-op after `services.po_start`)."""
    services.items_ensure(info=purchasing.purchase_order_info(event.number), actor=ACTOR)


@idempotent("production.po_completed")
def on_purchase_order_completed(event) -> None:
    """purchasing.PurchaseOrderCompleted: pieces completed and sent to quality (no-op
    after `services.po_complete`)."""
    services.items_complete(info=purchasing.purchase_order_info(event.number), actor=ACTOR)


# --- Quality (duck typed: item_code, round, defects) -----------------------------------


@idempotent("production.inspection_passed")
def on_inspection_passed(event) -> None:
    services.item_inspection_passed(
        code=event.item_code,
        round_=event.round,
        actor=ACTOR,
        note=f"Inspection {getattr(event, 'inspection_number', '')}".strip(),
    )


@idempotent("production.inspection_failed")
def on_inspection_failed(event) -> None:
    services.item_inspection_failed(
        code=event.item_code, round_=event.round, defects=event.defects, actor=ACTOR
    )


# --- Helpers --------------------------------------------------------------------------


def _line(order_ref: str, line_ref: str):
    try:
        order = sales.order_info(number=order_ref)
    except NotFound:
        logger.warning("Line event for unknown order %s", order_ref)
        return None
    return next((line for line in order.lines if line.ref == line_ref), None)


def customer_reference(order) -> str:
    """The customer's name, nothing else (no e-mail, phone or address): the workshop
    sees it on the purchase order. Guests' orders carry none (the PO has the order ref)."""
    if not order.customer_user_id:
        return ""
    user = get_user_model().objects.filter(pk=order.customer_user_id).first()
    return user.get_full_name().strip()[:120] if user else ""


def _tier(user_id: int | None) -> str:
    if not user_id:
        return ""
    return pricing.loyalty_tier(user_id).code or ""


def _day(occurred_at: str) -> date:
    try:
        return timezone.localdate(datetime.fromisoformat(occurred_at))
    except (TypeError, ValueError):
        return timezone.localdate()
