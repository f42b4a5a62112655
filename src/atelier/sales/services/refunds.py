"""Money given back for an order (reaction to payments' PaymentRefunded).

Every refund of money the order counted (`amount_paid`) raises `amount_refunded`; the
order's status does not move (a posted invoice stays as it is: the credit note belongs
to the return or change that asked for the refund). A paid order refunded in full is
flagged `refunded` for the back office; a partial refund is recorded in the history.
The refund of a payment that arrived after cancellation (never counted) only adds a
line to the history. Idempotent per refund: the handler runs once per event.
"""

from __future__ import annotations

import logging

from django.db import transaction

from atelier.core.actor import Actor
from atelier.core.money import Money
from atelier.sales.enums import OrderFlag, OrderStatus
from atelier.sales.models import SalesOrder
from atelier.sales.services._common import record_change

log = logging.getLogger(__name__)


def order_refund_recorded(
    *, order_ref: str, refund_id: str, amount: Money, actor: Actor
) -> SalesOrder | None:
    """Record a refund of `amount` (refund `refund_id`) on the order `order_ref`."""
    with transaction.atomic():
        order = SalesOrder.objects.select_for_update().filter(number=order_ref).first()
        if order is None:
            log.warning("refund %s for unknown order %s ignored", refund_id, order_ref)
            return None
        if amount.currency != order.currency or amount.amount <= 0:
            _flag(order, OrderFlag.REFUND_FAILED, f"Refund {refund_id} of {amount} not recorded.")
            return order
        if order.status == OrderStatus.CANCELLED and not order.amount_paid:
            record_change(order, actor, f"Refund {refund_id}: {amount} (paid after cancellation)")
            return order
        order.amount_refunded += amount.amount
        order.save(update_fields=["amount_refunded", "updated_at"])
        note = f"Refund {refund_id}: {amount} ({order.money('amount_refunded')} refunded in all)"
        record_change(order, actor, note)
        if order.amount_refunded >= order.amount_paid:
            _flag(order, OrderFlag.REFUNDED, note)
    return order


def _flag(order: SalesOrder, flag: str, note: str) -> None:
    log.warning("order %s flagged %s: %s", order.number, flag, note)
    order.flag = flag
    order.flag_note = (f"{order.flag_note}\n{note}" if order.flag_note else note).strip()
    order.save(update_fields=["flag", "flag_note", "updated_at"])
