"""The one place sales calls the payments context (its facade).

`start` and `link_create` talk to the provider: call them after the order's transaction
has committed. `refund` is written in the caller's transaction (it leaves through the
payments outbox)."""

from __future__ import annotations

from atelier.core.actor import Actor
from atelier.core.money import Money
from atelier.payments import facade as payments
from atelier.sales.enums import PaymentPurpose


def start(
    *,
    order,
    amount: Money,
    return_url: str,
    idempotency_key: str,
    actor: Actor,
    purpose: str = PaymentPurpose.ORDER,
    caller_ref: str = "",
):
    """Start paying `amount` for the order: the provider's client secret or redirect.
    `caller_ref` (e.g. a change request's ref) comes back on PaymentSucceeded."""
    return payments.payment_start(
        order_ref=order.number,
        amount=amount,
        customer_email=order.email,
        description=f"Atelier order {order.number}",
        return_url=return_url,
        idempotency_key=idempotency_key,
        purpose=purpose,
        actor=actor,
        caller_ref=caller_ref,
    )


def refund(*, payment_id: str, amount: Money, reason: str, idempotency_key: str, actor: Actor):
    return payments.refund_create(
        payment_id=payment_id,
        amount=amount,
        reason=reason,
        idempotency_key=idempotency_key,
        actor=actor,
    )


def link_create(
    *,
    order,
    amount: Money,
    actor: Actor,
    purpose: str = PaymentPurpose.ORDER,
    caller_ref: str = "",
) -> str:
    """A payment link (URL) the customer pays `amount` of the order through
    (`caller_ref`: as for `start`)."""
    return payments.payment_link_create(
        order_ref=order.number,
        amount=amount,
        currency=amount.currency,
        description=f"Atelier order {order.number}",
        customer_email=order.email,
        actor=actor,
        purpose=purpose,
        caller_ref=caller_ref,
    )


def payments_for_order(order_ref: str) -> list:
    return list(payments.payments_for_order(order_ref))


def checkout_amount(order) -> Money | None:
    """What the order's checkout payment asks (the first payment opened for the order
    itself on the provider's page), or None when checkout opened none."""
    for payment in payments.payments_for_order(order.number):
        if payment.purpose == PaymentPurpose.ORDER and payment.kind == "intent":
            return payment.amount
    return None


OPEN_PAYMENT_STATUSES = frozenset({"requires_payment", "processing", "requires_action", "failed"})


def cancel_open_payments(*, order_ref: str, reason: str, actor: Actor) -> list[str]:
    """Stop every payment of the order that could still be paid (links, intents), inside
    the caller's transaction; returns their ids. A payer who was quicker is refunded by
    the payment-received path (the order is cancelled by then)."""
    cancelled = []
    for payment in payments.payments_for_order(order_ref):
        if payment.status in OPEN_PAYMENT_STATUSES:
            payments.payment_cancel(payment_id=payment.payment_id, reason=reason, actor=actor)
            cancelled.append(payment.payment_id)
    return cancelled
