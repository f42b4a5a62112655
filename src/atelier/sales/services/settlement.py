"""What happens when money arrives for an order (reaction to payments' PaymentSucceeded).

A payment confirms the quotation; once the order is fully paid it is invoiced and marked
paid in the same transaction, its stock hold is confirmed, the promotion redemption and
loyalty points are settled and the confirmation e-mail is queued. Money for a cancelled
order is refunded automatically and the order flagged; it is never revived.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from atelier.core.actor import Actor
from atelier.core.errors import Conflict, NotFound
from atelier.core.money import Money
from atelier.core.statemachine import apply_transition
from atelier.inventory import facade as inventory
from atelier.sales import deposits, paying, promotions
from atelier.sales.enums import LineKind, OrderChannel, OrderFlag, OrderStatus
from atelier.sales.models import SalesOrder
from atelier.sales.services.invoicing import invoice_issue
from atelier.sales.services.made_to_order import deposit_receipt_record
from atelier.sales.services.notifications import order_confirmation_enqueue
from atelier.sales.transitions import TRANSITIONS

log = logging.getLogger(__name__)
SETTLED = (OrderStatus.PAID, OrderStatus.DELIVERED, OrderStatus.DONE)


def order_payment_received(
    *, order_ref: str, payment_id: str, amount: Money, actor: Actor
) -> SalesOrder | None:
    """Record a successful payment of `amount` for the order `order_ref`."""
    with transaction.atomic():
        order = SalesOrder.objects.select_for_update().filter(number=order_ref).first()
        if order is None:
            log.warning("payment %s for unknown order %s ignored", payment_id, order_ref)
            return None
        if order.status == OrderStatus.CANCELLED:
            _refund_after_cancel(order, payment_id, amount, actor)
            return order
        if amount.currency != order.currency:
            _flag(order, OrderFlag.OVERPAID, f"Payment {payment_id} arrived in {amount}.")
            return order
        order.amount_paid += amount.amount
        order.save(update_fields=["amount_paid", "updated_at"])
        if deposits.awaits_final_invoice(order):  # made to order: deposits (issue 8)
            deposit_receipt_record(order=order, payment_id=payment_id, amount=amount)
            _advance_deposit(order, actor)
        else:
            _advance(order, actor)
    return order


def _advance_deposit(order: SalesOrder, actor: Actor) -> None:
    """Paid in full or by the deposit: paid (production may start), not yet invoiced."""
    now = timezone.now()
    if order.status == OrderStatus.SENT:
        _move(order, OrderStatus.CONFIRMED, actor, confirmed_at=now)
    if order.status == OrderStatus.CONFIRMED and deposits.deposit_covered(order):
        _move(order, OrderStatus.PAID, actor, paid_at=now, payment_due_at=None)
        _on_paid(order, actor)


def _advance(order: SalesOrder, actor: Actor) -> None:
    now = timezone.now()
    if order.status == OrderStatus.SENT:
        _move(order, OrderStatus.CONFIRMED, actor, confirmed_at=now)
    fully_paid = order.amount_paid >= order.total_gross
    if order.status == OrderStatus.CONFIRMED and fully_paid:
        if not order.invoices.exists():  # made to order: the final invoice may be out
            invoice_issue(order=order, actor=actor)
        _move(order, OrderStatus.INVOICED, actor)
    if order.status == OrderStatus.INVOICED and fully_paid:
        _move(order, OrderStatus.PAID, actor, paid_at=now, payment_due_at=None)
        _on_paid(order, actor)
    elif order.status in SETTLED and order.amount_paid > order.total_gross:
        _flag(order, OrderFlag.OVERPAID, f"{order.money('amount_paid')} received.")


def _move(order: SalesOrder, status: str, actor: Actor, **changes) -> None:
    apply_transition(order, status, table=TRANSITIONS, actor=actor, changes=changes)


def _on_paid(order: SalesOrder, actor: Actor) -> None:
    _confirm_stock(order, actor)
    promotions.settle(order=order, actor=actor)
    order_confirmation_enqueue(order)


def _confirm_stock(order: SalesOrder, actor: Actor) -> None:
    """Keep the held pieces for this customer. A hold that expired (or a boutique order
    that never had one) is taken again; if the stock is gone the order is flagged."""
    lines = [
        (line.ref, line.variant_id, line.quantity)
        for line in order.lines.all()
        if line.kind == LineKind.STOCK
    ]
    if not lines:
        return
    try:
        with transaction.atomic():
            inventory.confirm(order.number, actor=actor)
        return
    except (NotFound, Conflict):
        pass  # no active hold: reserve again below
    try:
        with transaction.atomic():
            inventory.reserve(
                order_ref=order.number,
                lines=lines,
                channel=order.channel or OrderChannel.ONLINE,
                pickup_boutique_id=order.pickup_boutique_id,
                actor=actor,
            )
            inventory.confirm(order.number, actor=actor)
    except Conflict as exc:
        _flag(order, OrderFlag.STOCK_SHORT, exc.message)


def _refund_after_cancel(order: SalesOrder, payment_id: str, amount: Money, actor: Actor):
    note = f"Payment {payment_id} of {amount} arrived after the order was cancelled"
    try:
        with transaction.atomic():
            paying.refund(
                payment_id=payment_id,
                amount=amount,
                reason="Order cancelled before the payment arrived",
                idempotency_key=f"sales:refund-after-cancel:{payment_id}",
                actor=actor,
            )
    except Exception:
        log.exception("automatic refund of %s for %s failed", payment_id, order.number)
        _flag(order, OrderFlag.REFUND_FAILED, f"{note}; the automatic refund failed.")
        return
    _flag(order, OrderFlag.PAID_AFTER_CANCEL, f"{note}; it was refunded automatically.")


def _flag(order: SalesOrder, flag: str, note: str) -> None:
    log.warning("order %s flagged %s: %s", order.number, flag, note)
    order.flag = flag
    order.flag_note = (f"{order.flag_note}\n{note}" if order.flag_note else note).strip()
    order.save(update_fields=["flag", "flag_note", "updated_at"])
