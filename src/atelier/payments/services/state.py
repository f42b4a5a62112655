"""Bring a payment in line with what its provider reports: the one place that does it.

Webhooks (`webhooks.py`) and reconciliation (`reconcile.py`) both end here, so a
payment learnt about twice (a webhook and the job, `payment_intent.succeeded` and
`checkout.session.completed`, a redelivery) changes once and announces once. Every
function takes a payment row locked by the caller's transaction and returns `Applied`.

Rules:

* Success is applied whatever the order of arrival, but only when the amount and
  currency received equal what the payment expects; otherwise the payment is flagged
  for review and stays unpaid.
* Nothing leaves `succeeded` or `canceled`: a late failure is ignored, money reported
  for a cancelled payment is flagged.
* Other moves are applied only if the state is not older than the last one applied
  (`provider_state_at`), so out-of-order events cannot rewind a payment.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Sum
from django.utils import timezone

from atelier.core.events import publish
from atelier.core.money import Money
from atelier.core.numbering import next_number
from atelier.core.statemachine import apply_transition
from atelier.integrations.payments.port import ChargeState, IntentState, RefundState, SessionState
from atelier.payments.enums import LIVE_REFUND_STATUSES, RefundOrigin
from atelier.payments.enums import PaymentStatus as S
from atelier.payments.enums import RefundStatus as R
from atelier.payments.events import (
    PaymentCanceled,
    PaymentFailed,
    PaymentRefunded,
    PaymentSucceeded,
)
from atelier.payments.models import Payment, Refund
from atelier.payments.services._common import PROVIDER_ACTOR, Applied, flag
from atelier.payments.transitions import REFUND_TRANSITIONS, TRANSITIONS

_INTENT_STATUS = {
    "succeeded": S.SUCCEEDED,
    "processing": S.PROCESSING,
    "requires_capture": S.PROCESSING,
    "requires_action": S.REQUIRES_ACTION,
    "canceled": S.CANCELED,
}
_REFUND_STATUS = {
    "pending": R.PENDING,
    "requires_action": R.PENDING,
    "succeeded": R.SUCCEEDED,
    "failed": R.FAILED,
    "canceled": R.CANCELED,
}


# --- Payment intents -------------------------------------------------------------------
def intent_apply(payment: Payment, intent: IntentState, *, at: datetime, source: str) -> Applied:
    _attach_intent(payment, intent.id)
    if intent.status == "requires_payment_method":
        if not (intent.failure_code or intent.failure_message):
            return Applied.ignored("The payment is still waiting for the payer.")
        failure = (intent.failure_code or "failed", intent.failure_message)
        return move(payment, S.FAILED, at=at, source=source, failure=failure)
    target = _INTENT_STATUS.get(intent.status)
    if target is None:
        return Applied.ignored(f"Nothing to do for status {intent.status!r}.")
    if target == S.SUCCEEDED:
        return succeed(payment, received=intent.amount_received, at=at, source=source)
    return move(payment, target, at=at, source=source)


def succeed(payment: Payment, *, received: Money | None, at: datetime, source: str) -> Applied:
    """Mark paid if `received` is exactly what the payment expects; flag it otherwise."""
    if payment.status == S.SUCCEEDED:
        return Applied.ignored("The payment had already succeeded.")
    if received is None or received != payment.money:
        shown = f"{received}" if received is not None else "an unknown amount"
        return flag(payment, f"The provider reports {shown} received; {payment.money} expected.")
    if payment.status == S.CANCELED:
        return flag(payment, f"The provider reports {received} received for a cancelled payment.")
    changes = {
        "amount_received": received.amount,
        "succeeded_at": timezone.now(),
        "provider_state_at": _latest(payment, at),
        "failure_code": "",
        "failure_message": "",
    }
    _transition(payment, S.SUCCEEDED, reason=source, changes=changes)
    amount = payment.money.as_dict()
    publish(
        PaymentSucceeded(
            payment_id=payment.reference,
            order_ref=payment.order_ref,
            purpose=payment.purpose,
            amount=amount["amount"],
            currency=amount["currency"],
            caller_ref=payment.caller_ref,
        )
    )
    return Applied.processed("The payment succeeded.")


def move(
    payment: Payment,
    target: str,
    *,
    at: datetime,
    source: str,
    failure: tuple[str, str] | None = None,
    reason: str = "",
) -> Applied:
    """Any move but success: processing, requires_action, failed, canceled."""
    if payment.status in (S.SUCCEEDED, S.CANCELED):
        return Applied.ignored(f"The payment is already {payment.status}; {target} comes late.")
    if payment.provider_state_at and at < payment.provider_state_at:
        return Applied.ignored(f"This {target} is older than the state already recorded.")
    if target == payment.status and target != S.FAILED:
        return Applied.ignored(f"The payment is already {target}.")
    if target == S.FAILED and payment.status == S.FAILED:
        if payment.provider_state_at and at <= payment.provider_state_at:
            return Applied.ignored("This failure is already recorded.")
        return _fail_again(payment, failure, at=at)
    changes = {"provider_state_at": _latest(payment, at)}
    if target == S.FAILED:
        changes.update(_failure_fields(payment, failure))
    _transition(payment, target, reason=reason or source, changes=changes)
    if target == S.FAILED:
        _publish_failed(payment)
    if target == S.CANCELED:
        publish(
            PaymentCanceled(
                payment_id=payment.reference,
                order_ref=payment.order_ref,
                purpose=payment.purpose,
                reason=reason or source,
            )
        )
    return Applied.processed(f"The payment is now {target}.")


def _fail_again(payment: Payment, failure, *, at: datetime) -> Applied:
    """Another attempt failed while the payment was already `failed`: same status."""
    fields = {**_failure_fields(payment, failure), "provider_state_at": at}
    for name, value in fields.items():
        setattr(payment, name, value)
    payment.save(update_fields=[*fields, "updated_at"])
    _publish_failed(payment)
    return Applied.processed("Another attempt failed.")


def _failure_fields(payment: Payment, failure) -> dict:
    code, message = failure or ("failed", "")
    return {
        "failure_code": code[:100],
        "failure_message": message[:500],
        "failure_count": payment.failure_count + 1,
    }


def _publish_failed(payment: Payment) -> None:
    amount = payment.money.as_dict()
    publish(
        PaymentFailed(
            payment_id=payment.reference,
            order_ref=payment.order_ref,
            purpose=payment.purpose,
            amount=amount["amount"],
            currency=amount["currency"],
            failure_code=payment.failure_code,
            failure_message=payment.failure_message,
            attempt=payment.failure_count,
        )
    )


# --- Checkout sessions (payment links) -------------------------------------------------
def session_apply(
    payment: Payment, session: SessionState, *, at: datetime, source: str, failed: bool = False
) -> Applied:
    if session.payment_intent:
        _attach_intent(payment, session.payment_intent)
    if session.status == "complete":
        if failed:
            failure = ("async_payment_failed", "The payment did not go through.")
            return move(payment, S.FAILED, at=at, source=source, failure=failure)
        if session.payment_status in ("paid", "no_payment_required"):
            return succeed(payment, received=session.amount_total, at=at, source=source)
        return move(payment, S.PROCESSING, at=at, source=source)
    if session.status == "expired":
        return move(payment, S.CANCELED, at=at, source=source, reason="The payment link expired.")
    return Applied.ignored("The payment link is still open.")


# --- Charges and refunds ---------------------------------------------------------------
def charge_refunded_apply(
    payment: Payment, charge: ChargeState, *, at: datetime, source: str
) -> Applied:
    """A refund reported on the charge. If it arrives before the success (out of order),
    the charge itself proves the payment: success is applied first, amount checked."""
    if payment.status != S.SUCCEEDED:
        if not (charge.paid and charge.status == "succeeded"):
            return Applied.ignored("The charge was never paid.")
        applied = succeed(payment, received=charge.amount_captured, at=at, source=source)
        if payment.status != S.SUCCEEDED:
            return applied
    if charge.refunds is not None:
        results = [refund_sync(payment, state, source=source) for state in charge.refunds]
    else:
        results = [_unexplained_refund(payment, charge.amount_refunded, source=source)]
    flagged = [r for r in results if r.outcome == "flagged"]
    if flagged:
        return flagged[0]
    if any(r.outcome == "processed" for r in results):
        return Applied.processed("Refunds recorded.")
    return Applied.ignored("The refunds were already recorded.")


def refund_sync(payment: Payment, state: RefundState, *, source: str) -> Applied:
    """Record a refund the provider reports: ours (by id or metadata) or one made there."""
    refund = _known_refund(payment, state)
    if refund is None:
        if _REFUND_STATUS.get(state.status) in (None, R.FAILED, R.CANCELED):
            return Applied.ignored(f"Refund {state.id} is {state.status}.")
        refund = Refund.objects.create(
            reference=next_number("RFD"),
            payment=payment,
            amount=state.amount.amount,
            currency=state.amount.currency,
            origin=RefundOrigin.PROVIDER,
            reason="Made at the provider.",
            provider_refund_id=state.id,
        )
    return refund_apply(payment, refund, state, source=source)


def refund_apply(payment: Payment, refund: Refund, state: RefundState, *, source: str) -> Applied:
    if not refund.provider_refund_id:
        refund.provider_refund_id = state.id
        refund.save(update_fields=["provider_refund_id", "updated_at"])
    target = _REFUND_STATUS.get(state.status)
    if target is None or target == refund.status:
        return Applied.ignored(f"Refund {refund.reference} is already {refund.status}.")
    if (refund.status, target) not in REFUND_TRANSITIONS:
        return Applied.ignored(f"Refund {refund.reference}: {target} comes late.")
    if target == R.SUCCEEDED:
        return _refund_succeeded(payment, refund, source=source)
    changes = {"failure_message": state.failure_reason[:500]} if target == R.FAILED else {}
    was_done = refund.status == R.SUCCEEDED
    _refund_transition(refund, target, reason=source, changes=changes)
    if was_done:
        _add_refunded(payment, -refund.money)
        return flag(payment, f"Refund {refund.reference} failed after it had succeeded.")
    return Applied.processed(f"Refund {refund.reference} is {target}.")


def _refund_succeeded(payment: Payment, refund: Refund, *, source: str) -> Applied:
    if payment.refunded + refund.money > payment.received:
        return flag(payment, f"Refund {refund.reference} exceeds what was received.")
    _refund_transition(refund, R.SUCCEEDED, reason=source, changes={"succeeded_at": timezone.now()})
    _add_refunded(payment, refund.money)
    amount = refund.money.as_dict()
    publish(
        PaymentRefunded(
            payment_id=payment.reference,
            order_ref=payment.order_ref,
            refund_id=refund.reference,
            amount=amount["amount"],
            currency=amount["currency"],
        )
    )
    return Applied.processed(f"Refund {refund.reference} succeeded.")


def _unexplained_refund(payment: Payment, refunded: Money, *, source: str) -> Applied:
    """Without the charge's refund list: record what our refunds do not explain."""
    live = payment.refunds.filter(status__in=LIVE_REFUND_STATUSES).aggregate(s=Sum("amount"))
    explained = Money(live["s"] or 0, payment.currency)
    missing = refunded - explained
    if missing <= Money.zero(payment.currency):
        return Applied.ignored("The refunded amount is already explained.")
    refund = Refund.objects.create(
        reference=next_number("RFD"),
        payment=payment,
        amount=missing.amount,
        currency=payment.currency,
        origin=RefundOrigin.PROVIDER,
        reason="Made at the provider.",
    )
    return _refund_succeeded(payment, refund, source=source)


def _known_refund(payment: Payment, state: RefundState) -> Refund | None:
    found = Refund.objects.select_for_update().filter(provider_refund_id=state.id).first()
    if found is None and state.metadata.get("atelier_refund"):
        found = (
            Refund.objects.select_for_update()
            .filter(payment=payment, reference=state.metadata["atelier_refund"])
            .first()
        )
    return found


def _add_refunded(payment: Payment, amount: Money) -> None:
    payment.amount_refunded = (payment.refunded + amount).amount
    payment.save(update_fields=["amount_refunded", "updated_at"])


# --- Helpers ---------------------------------------------------------------------------
def _attach_intent(payment: Payment, intent_id: str) -> None:
    """Remember the intent of a payment link (known only once the payer has paid)."""
    if not payment.provider_id:
        payment.provider_id = intent_id
        payment.save(update_fields=["provider_id", "updated_at"])


def _latest(payment: Payment, at: datetime) -> datetime:
    current = payment.provider_state_at
    return at if current is None or at > current else current


def _transition(payment: Payment, to: str, *, reason: str, changes: dict) -> None:
    apply_transition(
        payment, to, table=TRANSITIONS, actor=PROVIDER_ACTOR, reason=reason, changes=changes
    )


def _refund_transition(refund: Refund, to: str, *, reason: str, changes: dict) -> None:
    apply_transition(
        refund, to, table=REFUND_TRANSITIONS, actor=PROVIDER_ACTOR, reason=reason, changes=changes
    )
