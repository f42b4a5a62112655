"""Refunds, full or partial, through the provider.

`refund_create` checks and records the refund and queues it in the outbox in the same
transaction: the refund leaves for the provider only if the caller's transaction (an
order cancellation, a made-to-order change) commits, and it is retried until the
provider answers. `refund_execute` is what the outbox sender runs: one provider call
with the refund's own idempotency key, then the answer applied under the payment's lock
(the provider's `charge.refunded` webhook may arrive first; both paths meet in
`state.refund_apply`, so the refund is counted and announced once).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from atelier.core.actor import Actor
from atelier.core.errors import Conflict, NotFound, ValidationFailed
from atelier.core.money import Money
from atelier.core.numbering import next_number
from atelier.core.outbox import enqueue
from atelier.core.statemachine import apply_transition
from atelier.integrations.payments import registry
from atelier.integrations.payments.port import (
    ProviderAuthenticationError,
    ProviderError,
    ProviderRejected,
)
from atelier.payments import selectors
from atelier.payments.dto import RefundInfo
from atelier.payments.enums import PaymentStatus, RefundStatus
from atelier.payments.errors import PaymentProviderUnavailable, PaymentRefused
from atelier.payments.models import Payment, Refund
from atelier.payments.services._common import PROVIDER_ACTOR, lock_payment, logger
from atelier.payments.services.state import refund_apply
from atelier.payments.transitions import REFUND_TRANSITIONS

OUTBOX_CHANNEL = "payments.refund"


def refund_create(
    *, payment_id: str, amount: Money, reason: str, idempotency_key: str, actor: Actor
) -> RefundInfo:
    """Refund `amount` of a paid payment. The same key twice records it once.

    Raises NotFound (no such payment), Conflict (not paid, key reused for another
    refund) or ValidationFailed (bad amount, more than can still be refunded).
    """
    _check_input(amount, reason, idempotency_key)
    with transaction.atomic():
        payment = Payment.objects.select_for_update().filter(reference=payment_id).first()
        if payment is None:
            raise NotFound("Payment not found.")
        existing = Refund.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return _same_refund(existing, payment, amount)
        _check_refundable(payment, amount)
        try:
            with transaction.atomic():
                refund = Refund.objects.create(
                    reference=next_number("RFD"),
                    payment=payment,
                    amount=amount.amount,
                    currency=amount.currency,
                    reason=reason.strip(),
                    idempotency_key=idempotency_key,
                )
        except IntegrityError:  # the key was used, concurrently, for another payment
            return _same_refund(
                Refund.objects.get(idempotency_key=idempotency_key), payment, amount
            )
        enqueue(
            channel=OUTBOX_CHANNEL,
            payload={"refund": refund.reference},
            idempotency_key=f"{OUTBOX_CHANNEL}:{refund.reference}",
        )
    logger.info("Refund %s of %s requested by %s", refund.reference, amount, actor.label)
    return selectors.refund_info(refund, payment)


def refund_execute(*, refund_id: str, actor: Actor) -> RefundInfo:
    """Send a requested refund to the provider and record its answer (outbox sender).

    Raises PaymentRefused when the provider refuses (the refund is then `failed`), and
    PaymentProviderUnavailable when it cannot be reached (the outbox retries).
    """
    refund = Refund.objects.select_related("payment").filter(reference=refund_id).first()
    if refund is None:
        raise NotFound(f"Refund {refund_id} not found.")
    if refund.status != RefundStatus.REQUESTED:
        return selectors.refund_info(refund)
    payment = refund.payment
    try:
        state = registry.provider(payment.provider).create_refund(
            intent_id=payment.provider_id,
            amount=refund.money,
            reason="requested_by_customer",
            metadata={
                "atelier_refund": refund.reference,
                "atelier_payment": payment.reference,
                "order_ref": payment.order_ref,
            },
            idempotency_key=f"atelier-refund-{refund.token}",
        )
    except ProviderRejected as exc:
        if isinstance(exc, ProviderAuthenticationError):
            raise PaymentProviderUnavailable(exc.message) from None
        _refused(refund, exc)
        raise PaymentRefused(f"The provider refused refund {refund_id}: {exc.message}") from None
    except ProviderError as exc:
        raise PaymentProviderUnavailable(exc.message) from None
    with transaction.atomic():
        payment = lock_payment(payment.pk)
        refund = Refund.objects.select_for_update().get(pk=refund.pk)
        refund_apply(payment, refund, state, source="Refund sent to the provider.")
    refund.refresh_from_db()
    return selectors.refund_info(refund, payment)


def _refused(refund: Refund, exc: ProviderError) -> None:
    logger.warning("Provider refused refund %s: %s", refund.reference, exc.message)
    with transaction.atomic():
        lock_payment(refund.payment_id)
        locked = Refund.objects.select_for_update().get(pk=refund.pk)
        if locked.status == RefundStatus.REQUESTED:
            apply_transition(
                locked,
                RefundStatus.FAILED,
                table=REFUND_TRANSITIONS,
                actor=PROVIDER_ACTOR,
                reason=f"Refused by the provider: {exc.message}",
                changes={"failure_message": exc.message[:500]},
            )


# --- Checks ----------------------------------------------------------------------------
def _check_input(amount, reason, idempotency_key) -> None:
    if not isinstance(amount, Money):
        raise ValidationFailed("The amount is a Money.", code="invalid_refund")
    if amount.amount <= 0:
        raise ValidationFailed("A refund is a positive amount.", code="invalid_refund")
    if amount.rounded() != amount:
        raise ValidationFailed(
            f"{amount.amount} has more decimals than {amount.currency} allows.",
            code="invalid_refund",
        )
    if not isinstance(reason, str) or not reason.strip() or len(reason) > 500:
        raise ValidationFailed("Give a reason (at most 500 characters).", code="invalid_refund")
    if not isinstance(idempotency_key, str) or not idempotency_key.strip():
        raise ValidationFailed("An idempotency key is required.", code="invalid_refund")
    if len(idempotency_key) > 200:
        raise ValidationFailed("The idempotency key is too long.", code="invalid_refund")


def _check_refundable(payment: Payment, amount: Money) -> None:
    if payment.status != PaymentStatus.SUCCEEDED:
        raise Conflict("Only a paid payment can be refunded.", code="not_refundable")
    if amount.currency != payment.currency:
        raise ValidationFailed(
            f"The payment is in {payment.currency}, not {amount.currency}.",
            code="currency_mismatch",
        )
    left = selectors.refundable(payment)
    if amount > left:
        raise ValidationFailed(
            f"At most {left} can still be refunded on {payment.reference}.",
            code="refund_exceeds_payment",
            refundable=left.as_dict(),
        )


def _same_refund(refund: Refund, payment: Payment, amount: Money) -> RefundInfo:
    if refund.payment_id != payment.pk or refund.money != amount:
        raise Conflict(
            "This idempotency key was already used for a different refund.",
            code="idempotency_conflict",
            refund_id=refund.reference,
        )
    return selectors.refund_info(refund, payment)
