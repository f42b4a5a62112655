"""Going back to pay an online order still awaiting payment (the payer left the payment
page, or came back from a declined card): the very payment opened at checkout (same
idempotency key, same amount), so a second payment is never opened for one order. The
amount is the one checkout asked (made to order: the deposit), even when the deposit
setting or the catalog moved since."""

from __future__ import annotations

from atelier.core.actor import Actor
from atelier.core.errors import Conflict
from atelier.sales import paying
from atelier.sales.enums import ErrorCode, OrderChannel, OrderStatus
from atelier.sales.models import SalesOrder
from atelier.sales.services.checkout import _start_payment


def order_payment_resume(*, order: SalesOrder, actor: Actor):
    """The payment start (`payments.facade.PaymentStart`) of the order's checkout
    payment. Refused (409) when the order is not an online order awaiting payment. Call
    it outside a transaction: it may ask the provider. The caller has checked that the
    actor holds the order (owner or access token)."""
    order = SalesOrder.objects.get(pk=order.pk)
    awaiting = order.status == OrderStatus.SENT and order.balance_due.amount > 0
    if order.channel != OrderChannel.ONLINE or not awaiting:
        raise Conflict("This order is not awaiting a payment.", code=ErrorCode.ORDER_LOCKED)
    return _start_payment(order, "", amount=paying.checkout_amount(order))
