"""Reads of payments for the facade, the API and the payer's pages."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from atelier.core.actor import Actor
from atelier.core.money import Money
from atelier.payments import access
from atelier.payments.dto import PaymentInfo, PaymentStart, RefundInfo
from atelier.payments.enums import LIVE_REFUND_STATUSES, Provider
from atelier.payments.models import Payment, Refund


def payment_list(
    actor: Actor, *, order_ref: str = "", status: str = "", needs_review: bool | None = None
) -> QuerySet[Payment]:
    rows = access.payments_visible_to(actor)
    if order_ref:
        rows = rows.filter(order_ref=order_ref)
    if status:
        rows = rows.filter(status=status)
    if needs_review is not None:
        rows = rows.filter(needs_review=needs_review)
    return rows.order_by("-created_at", "-id")


def payments_for_order(order_ref: str) -> list[PaymentInfo]:
    """Every payment of an order, oldest first (the caller has checked its access)."""
    rows = Payment.objects.filter(order_ref=order_ref).prefetch_related("refunds")
    return [payment_info(p) for p in rows.order_by("created_at", "id")]


def payment_for_page(token: str) -> Payment | None:
    """The payment behind a payer's link (`/pay/<token>/`), or None."""
    try:
        token = uuid.UUID(str(token))
    except ValueError:
        return None
    return Payment.objects.filter(token=token).first()


def refundable(payment: Payment, refunds=None) -> Money:
    """What can still be refunded: received minus refunds requested, pending or done."""
    refunds = payment.refunds.all() if refunds is None else refunds
    live = sum(
        (r.money for r in refunds if r.status in LIVE_REFUND_STATUSES), Money.zero(payment.currency)
    )
    return max(payment.received - live, Money.zero(payment.currency))


def payment_info(payment: Payment) -> PaymentInfo:
    refunds = list(payment.refunds.all())
    return PaymentInfo(
        payment_id=payment.reference,
        order_ref=payment.order_ref,
        purpose=payment.purpose,
        provider=payment.provider,
        kind=payment.kind,
        status=payment.status,
        amount=payment.money.rounded(),
        amount_received=payment.received.rounded(),
        amount_refunded=payment.refunded.rounded(),
        refundable=refundable(payment, refunds).rounded(),
        customer_email=payment.customer_email,
        description=payment.description,
        link_url=payment.hosted_url if payment.kind == "link" else None,
        failure_code=payment.failure_code,
        failure_message=payment.failure_message,
        needs_review=payment.needs_review,
        created_at=payment.created_at,
        succeeded_at=payment.succeeded_at,
        refunds=tuple(refund_info(r, payment) for r in refunds),
        caller_ref=payment.caller_ref,
    )


def refund_info(refund: Refund, payment: Payment | None = None) -> RefundInfo:
    payment = payment or refund.payment
    return RefundInfo(
        refund_id=refund.reference,
        payment_id=payment.reference,
        order_ref=payment.order_ref,
        amount=refund.money.rounded(),
        status=refund.status,
        origin=refund.origin,
        reason=refund.reason,
        created_at=refund.created_at,
    )


def payment_start_info(payment: Payment, *, publishable_key: str | None, page_url: str):
    """The PaymentStart of a stored payment (`page_url`: our page for Stripe's element)."""
    offline = payment.provider == Provider.OFFLINE
    return PaymentStart(
        payment_id=payment.reference,
        provider=payment.provider,
        client_secret=None if offline else (payment.client_secret or None),
        redirect_url=(payment.hosted_url or None) if offline else page_url,
        publishable_key=None if offline else publishable_key,
        status=payment.status,
    )
