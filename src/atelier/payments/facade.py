"""What other contexts (sales first) may ask the payments context.

    start = payment_start(order_ref="SO-2026-000001", amount=Money("1250.00", "EUR"),
                          customer_email=..., description=..., return_url=...,
                          idempotency_key="SO-2026-000001:pay:1")
    # offline: redirect to start.redirect_url (our hosted fake page)
    # stripe:  redirect to start.redirect_url (our page with Stripe's Payment Element),
    #          or mount the Payment Element yourself with start.publishable_key and
    #          start.client_secret (template: payments/includes/payment_element.html)

`payment_cancel` stops an open payment (an order cancelled before it was paid).

Outcomes arrive as events (`payments.events`): PaymentSucceeded, PaymentFailed (not
final), PaymentCanceled, PaymentRefunded, PaymentNeedsReview.

Call `payment_start` and `payment_link_create` after your own transaction has committed:
they talk to the provider. `refund_create` is the opposite: call it inside your
transaction; the refund leaves through the outbox only if that transaction commits.

Errors: `core.errors.ValidationFailed` (bad input), `Conflict` (idempotency key reused
for something else; refund of an unpaid payment), `NotFound`, `PermissionDenied`
(payment links need `send_payment_links`), `payments.errors.PaymentRefused` (the
provider refused: 422) and `PaymentProviderUnavailable` (try again: 503).
"""

from __future__ import annotations

from decimal import Decimal

from atelier.core.actor import Actor, system_actor
from atelier.core.money import Money
from atelier.payments import selectors, services
from atelier.payments.dto import PaymentInfo, PaymentStart, RefundInfo
from atelier.payments.enums import Purpose
from atelier.payments.errors import PaymentProviderUnavailable, PaymentRefused

__all__ = [
    "PaymentInfo",
    "PaymentProviderUnavailable",
    "PaymentRefused",
    "PaymentStart",
    "RefundInfo",
    "payment_cancel",
    "payment_link_create",
    "payment_start",
    "payments_for_order",
    "refund_create",
]


def payment_start(
    *,
    order_ref: str,
    amount: Money,
    customer_email: str,
    description: str,
    return_url: str,
    idempotency_key: str,
    purpose: str = "order",
    actor: Actor | None = None,
    caller_ref: str = "",
) -> PaymentStart:
    """Open (or, with the same idempotency key, return) a payment for `order_ref`.
    `caller_ref` (at most 40 characters) is the caller's own reference of what is paid
    (e.g. a change request): it comes back on PaymentSucceeded and PaymentInfo."""
    return services.payment_start(
        order_ref=order_ref,
        amount=amount,
        customer_email=customer_email,
        description=description,
        return_url=return_url,
        idempotency_key=idempotency_key,
        purpose=purpose,
        actor=actor or system_actor("checkout"),
        caller_ref=caller_ref,
    )


def refund_create(
    *,
    payment_id: str,
    amount: Money,
    reason: str,
    idempotency_key: str,
    actor: Actor | None = None,
) -> RefundInfo:
    """Refund part or all of a paid payment (status `requested` until the provider
    answers; PaymentRefunded is published when it has)."""
    return services.refund_create(
        payment_id=payment_id,
        amount=amount,
        reason=reason,
        idempotency_key=idempotency_key,
        actor=actor or system_actor("refund"),
    )


def payment_cancel(*, payment_id: str, reason: str, actor: Actor | None = None) -> PaymentInfo:
    """Stop an open payment from being paid (call it inside the transaction that cancels
    the order). The provider is asked through the outbox; PaymentCanceled follows. If
    the payer was quicker, PaymentSucceeded follows instead: refund it. A paid payment
    is refused (Conflict `payment_succeeded`)."""
    return services.payment_cancel(
        payment_id=payment_id, reason=reason, actor=actor or system_actor("cancellation")
    )


def payments_for_order(order_ref: str) -> list[PaymentInfo]:
    """Every payment of the order, oldest first, with its refunds. The caller has
    already checked that its user may see the order."""
    return selectors.payments_for_order(order_ref)


def payment_link_create(
    *,
    order_ref: str,
    amount: Decimal | str | Money,
    currency: str,
    description: str,
    customer_email: str,
    actor: Actor,
    purpose: str = Purpose.ORDER,
    idempotency_key: str | None = None,
    caller_ref: str = "",
) -> str:
    """The URL of a new payment link (Stripe Checkout in stripe mode, our offline page in
    offline mode), to send through the outbox. Expires after 24 hours (Stripe's limit).
    `caller_ref`: as for `payment_start` (back on PaymentSucceeded)."""
    return services.payment_link_create(
        order_ref=order_ref,
        amount=amount,
        currency=currency,
        description=description,
        customer_email=customer_email,
        actor=actor,
        purpose=purpose,
        idempotency_key=idempotency_key,
        caller_ref=caller_ref,
    )
