"""Provider webhooks: verify, record once, apply.

`webhook_receive()` is the one entry point: the webhook view calls it with the raw body
and the `Stripe-Signature` header, and the offline provider calls it, in process, with
the events it signs itself (`settings.PAYMENTS_WEBHOOK_RECEIVER`).

1. The signature is checked (HMAC-SHA256 of "{t}.{body}", any matching `v1`, 300 s
   tolerance) and the body parsed; a failure raises `WebhookRejected` (400) before
   anything is written.
2. In one transaction the event id is inserted (unique per provider) and its effect
   applied. A redelivery, even a concurrent one, meets the unique index: it waits for
   the first to commit and is then answered "duplicate" having changed nothing. If the
   effect fails, the id is rolled back with it and the provider's retry is processed.
3. Unknown event types are recorded as ignored (200); so are events about payments we
   do not know (made outside Atelier).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.db import IntegrityError, transaction

from atelier.integrations.payments import signature, stripe_objects
from atelier.integrations.payments.port import MalformedObject, ProviderEvent
from atelier.payments.enums import Provider, WebhookOutcome
from atelier.payments.errors import WebhookRejected
from atelier.payments.models import Payment, WebhookEvent
from atelier.payments.services import state
from atelier.payments.services._common import Applied, logger

TOLERANCE = signature.DEFAULT_TOLERANCE


@dataclass(frozen=True)
class WebhookResult:
    event_id: str
    type: str
    outcome: str  # processed, ignored, flagged, duplicate
    detail: str = ""


def webhook_receive(
    *, provider: str, payload: bytes, signature_header: str | None, now: float | None = None
) -> WebhookResult:
    if provider not in Provider.values:
        raise ValueError(f"Unknown provider {provider!r}.")
    try:
        signature.verify(
            payload, signature_header, settings.STRIPE_WEBHOOK_SECRET, tolerance=TOLERANCE, now=now
        )
        event = stripe_objects.parse_event(payload)
    except signature.SignatureError as exc:
        logger.warning("Webhook refused (%s): %s", exc.reason, exc.message)
        raise WebhookRejected(exc.message, code=f"signature_{exc.reason}") from None
    except MalformedObject as exc:
        raise WebhookRejected(f"Malformed event: {exc}", code="malformed_event") from None
    try:
        return _process(provider, event)
    except MalformedObject as exc:
        raise WebhookRejected(f"Malformed {event.type}: {exc}", code="malformed_event") from None


def _process(provider: str, event: ProviderEvent) -> WebhookResult:
    handler = HANDLERS.get(event.type)
    with transaction.atomic():
        row = _record(provider, event, keep_payload=handler is not None)
        if row is None:
            return WebhookResult(event.id, event.type, "duplicate", "Already received.")
        payment, applied = (None, Applied.ignored("Event type not handled."))
        if handler is not None:
            payment, applied = handler(provider, event)
        row.outcome, row.detail, row.payment = applied.outcome, applied.detail, payment
        row.save(update_fields=["outcome", "detail", "payment"])
    logger.info("Webhook %s %s: %s (%s)", event.type, event.id, applied.outcome, applied.detail)
    return WebhookResult(event.id, event.type, applied.outcome, applied.detail)


def _record(provider: str, event: ProviderEvent, *, keep_payload: bool) -> WebhookEvent | None:
    """Insert the event id; None when it is already there (a redelivery)."""
    try:
        with transaction.atomic():
            return WebhookEvent.objects.create(
                provider=provider,
                event_id=event.id,
                type=event.type,
                created=_at(event),
                outcome=WebhookOutcome.IGNORED,
                payload=_payload(event) if keep_payload else None,
            )
    except IntegrityError:
        return None


# --- Handlers: (provider, event) -> (payment or None, Applied) ---------------------------
def _on_intent(provider: str, event: ProviderEvent):
    intent = stripe_objects.parse_intent(event.object)
    payment = _payment(
        provider, intent_id=intent.id, reference=intent.metadata.get("atelier_payment")
    )
    if payment is None:
        return None, Applied.ignored(f"No payment for intent {intent.id}.")
    return payment, state.intent_apply(payment, intent, at=_at(event), source=_source(event))


def _on_session(provider: str, event: ProviderEvent):
    session = stripe_objects.parse_session(event.object)
    payment = _payment(provider, session_id=session.id, reference=session.client_reference_id)
    if payment is None:
        return None, Applied.ignored(f"No payment for checkout session {session.id}.")
    failed = event.type == "checkout.session.async_payment_failed"
    applied = state.session_apply(
        payment, session, at=_at(event), source=_source(event), failed=failed
    )
    return payment, applied


def _on_charge_refunded(provider: str, event: ProviderEvent):
    charge = stripe_objects.parse_charge(event.object)
    payment = _payment(provider, intent_id=charge.payment_intent) if charge.payment_intent else None
    if payment is None:
        return None, Applied.ignored(f"No payment for charge {charge.id}.")
    applied = state.charge_refunded_apply(payment, charge, at=_at(event), source=_source(event))
    return payment, applied


HANDLERS = {
    "payment_intent.succeeded": _on_intent,
    "payment_intent.payment_failed": _on_intent,
    "payment_intent.processing": _on_intent,
    "payment_intent.requires_action": _on_intent,
    "payment_intent.canceled": _on_intent,
    "checkout.session.completed": _on_session,
    "checkout.session.async_payment_succeeded": _on_session,
    "checkout.session.async_payment_failed": _on_session,
    "checkout.session.expired": _on_session,
    "charge.refunded": _on_charge_refunded,
}


# --- Helpers ---------------------------------------------------------------------------
def _payment(
    provider: str,
    *,
    intent_id: str | None = None,
    session_id: str | None = None,
    reference: str | None = None,
) -> Payment | None:
    """The payment the event is about, locked. Found by the provider's id, or by our
    reference in its metadata when we do not know that id yet (a link's intent)."""
    rows = Payment.objects.select_for_update().filter(provider=provider)
    found = None
    if intent_id:
        found = rows.filter(provider_id=intent_id).first()
    if found is None and session_id:
        found = rows.filter(provider_session_id=session_id).first()
    if found is None and reference:
        found = rows.filter(reference=reference).first()
        if found is not None and found.provider_id and intent_id and found.provider_id != intent_id:
            return None  # our reference on somebody else's intent: not ours to apply
    return found


def _at(event: ProviderEvent) -> datetime:
    return datetime.fromtimestamp(event.created, tz=UTC)


def _source(event: ProviderEvent) -> str:
    return f"Webhook {event.type} ({event.id})."


def _payload(event: ProviderEvent) -> dict:
    return {"id": event.id, "type": event.type, "created": event.created, "object": event.object}
