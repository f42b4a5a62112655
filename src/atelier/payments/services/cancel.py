"""Cancelling an open payment, so that an abandoned order can no longer be paid.

`payment_cancel` runs in the caller's transaction (an order cancellation) and queues the
request in the outbox (channel `payments.cancel`); the sender asks the provider to
cancel the intent (or expire the link's checkout session) and applies its answer like a
webhook would. If the payer was quicker, the provider refuses and reports the payment
as paid: it is recorded as paid (PaymentSucceeded), and the caller refunds it.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from atelier.core.actor import Actor
from atelier.core.errors import Conflict, NotFound, ValidationFailed
from atelier.core.outbox import enqueue
from atelier.core.statemachine import apply_transition
from atelier.integrations.payments import registry
from atelier.integrations.payments.port import (
    ProviderAuthenticationError,
    ProviderError,
    ProviderRejected,
)
from atelier.payments import selectors
from atelier.payments.dto import PaymentInfo
from atelier.payments.enums import PaymentStatus
from atelier.payments.errors import PaymentProviderUnavailable
from atelier.payments.models import Payment
from atelier.payments.services import state
from atelier.payments.services._common import Applied, lock_payment, logger
from atelier.payments.transitions import TRANSITIONS

OUTBOX_CHANNEL = "payments.cancel"


def payment_cancel(*, payment_id: str, reason: str, actor: Actor) -> PaymentInfo:
    """Cancel an open payment. Refuses a paid one (refund it instead)."""
    if not isinstance(reason, str) or not reason.strip():
        raise ValidationFailed("Give a reason for cancelling.", code="reason_required")
    with transaction.atomic():
        payment = Payment.objects.select_for_update().filter(reference=payment_id).first()
        if payment is None:
            raise NotFound("Payment not found.")
        if payment.status == PaymentStatus.SUCCEEDED:
            raise Conflict("The payment is paid: refund it instead.", code="payment_succeeded")
        if payment.status != PaymentStatus.CANCELED:
            _cancel_or_queue(payment, reason.strip(), actor)
    payment.refresh_from_db()
    return selectors.payment_info(payment)


def _cancel_or_queue(payment: Payment, reason: str, actor: Actor) -> None:
    if not (payment.provider_id or payment.provider_session_id):
        # Nothing exists at the provider: nobody can pay it.
        apply_transition(
            payment, PaymentStatus.CANCELED, table=TRANSITIONS, actor=actor, reason=reason
        )
        return
    enqueue(
        channel=OUTBOX_CHANNEL,
        payload={"payment": payment.reference, "reason": reason},
        idempotency_key=f"{OUTBOX_CHANNEL}:{payment.reference}",
    )
    logger.info("Cancellation of %s requested by %s", payment.reference, actor.label)


def payment_cancel_execute(*, payment_id: str, reason: str, actor: Actor) -> Applied:
    """Ask the provider to cancel (outbox sender); apply what it then reports."""
    payment = Payment.objects.filter(reference=payment_id).first()
    if payment is None:
        raise NotFound(f"Payment {payment_id} not found.")
    if payment.status not in (PaymentStatus.REQUIRES_PAYMENT, PaymentStatus.REQUIRES_ACTION,
                              PaymentStatus.FAILED, PaymentStatus.PROCESSING):  # fmt: skip
        return Applied.ignored(f"The payment is already {payment.status}.")
    provider = registry.provider(payment.provider)
    key = f"atelier-cancel-{payment.token}"
    try:
        if payment.kind == "link":  # Checkout's intents are cancelled by expiring it
            found = provider.expire_checkout_session(
                payment.provider_session_id, idempotency_key=key
            )
        else:
            found = provider.cancel_intent(payment.provider_id, idempotency_key=key)
    except ProviderRejected as exc:
        if isinstance(exc, ProviderAuthenticationError):
            raise PaymentProviderUnavailable(exc.message) from None
        logger.warning("Provider would not cancel %s: %s", payment.reference, exc.message)
        found = _current(provider, payment)  # paid or processing meanwhile
    except ProviderError as exc:
        raise PaymentProviderUnavailable(exc.message) from None
    with transaction.atomic():
        locked = lock_payment(payment.pk)
        source = f"Cancelled: {reason}"
        if hasattr(found, "payment_status"):
            return state.session_apply(locked, found, at=timezone.now(), source=source)
        return state.intent_apply(locked, found, at=timezone.now(), source=source)


def _current(provider, payment: Payment):
    if payment.kind == "link":
        return provider.retrieve_checkout_session(payment.provider_session_id)
    return provider.retrieve_intent(payment.provider_id)
