"""The offline payment provider: a fake that behaves like Stripe, for the demo and tests.

It keeps its own records (`OfflineIntent`, `OfflineRefund`), answers the port with
Stripe-shaped objects, refuses what Stripe refuses (a reused idempotency key with other
parameters, an over-refund, cancelling a paid intent), and has a hosted payment page of
its own (`/pay/offline/<intent id>/`) where the payer chooses what happens: success, a
decline, or "requires action" (a second confirmation step, like 3-D Secure).

Whatever happens is announced like Stripe does: a Stripe-shaped event
(`payment_intent.succeeded`, `payment_intent.payment_failed`, `charge.refunded`,
`checkout.session.completed`...) signed with the webhook secret and handed, in process,
to the very function the webhook view calls (`settings.PAYMENTS_WEBHOOK_RECEIVER`). So
the offline flow exercises the real webhook path: signature, idempotency, amounts.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from atelier.core.money import Money
from atelier.integrations.payments import signature
from atelier.integrations.payments.models import OfflineIntent, OfflineRefund
from atelier.integrations.payments.offline_objects import (
    charge_object,
    event_envelope,
    fingerprint,
    intent_object,
    new_id,
    new_intent,
    refund_object,
    session_object,
)
from atelier.integrations.payments.port import (
    IntentState,
    ProviderNotFound,
    ProviderRejected,
    RefundState,
    SessionState,
)
from atelier.integrations.payments.stripe_objects import (
    from_minor,
    parse_intent,
    parse_refund,
    parse_session,
    to_minor,
)

logger = logging.getLogger(__name__)

SESSION_LIFETIME = timedelta(hours=24)  # Stripe's default for a Checkout Session
DECLINED = {
    "type": "card_error",
    "code": "card_declined",
    "decline_code": "generic_decline",
    "message": "Your card was declined.",
}
AUTHENTICATION_FAILED = {
    "type": "card_error",
    "code": "payment_intent_authentication_failure",
    "message": "The payer could not be authenticated; the payment was not taken.",
}


@dataclass(frozen=True)
class HostedPage:
    """What the offline payment page shows."""

    intent_id: str
    status: str
    amount: Money
    description: str
    error_message: str
    is_link: bool
    expired: bool
    back_url: str


class OfflineProvider:
    """`PaymentProvider` for the demo and the tests (see the module docstring)."""

    name = "offline"
    publishable_key = None

    def __init__(self, *, webhook_secret: str, site_url: str, receiver: str | None = None):
        self.webhook_secret = webhook_secret
        self.site_url = site_url.rstrip("/")
        self.receiver = receiver or settings.PAYMENTS_WEBHOOK_RECEIVER

    # --- The port: payment intents -----------------------------------------------------
    def create_intent(
        self, *, amount, description, receipt_email, metadata, return_url, idempotency_key
    ) -> IntentState:
        digest = fingerprint(
            "intent", to_minor(amount), amount.currency, description, receipt_email,
            dict(metadata), return_url,
        )  # fmt: skip

        def build() -> OfflineIntent:
            return OfflineIntent(
                **new_intent(amount),
                description=description,
                receipt_email=receipt_email,
                metadata=dict(metadata),
                return_url=return_url,
            )

        row = _idempotent(OfflineIntent, idempotency_key, digest, build)
        return self._intent_state(row)

    def retrieve_intent(self, intent_id: str) -> IntentState:
        return self._intent_state(_intent(intent_id))

    def cancel_intent(self, intent_id: str, *, idempotency_key: str) -> IntentState:
        with transaction.atomic():
            row = _intent(intent_id, lock=True)
            if row.status == "canceled":
                return self._intent_state(row)
            if row.status in ("succeeded", "processing"):
                raise _unexpected_state(row, "cancel")
            row.status = "canceled"
            if row.session_id:
                row.session_status = "expired"
            row.save()
        self._announce([("payment_intent.canceled", intent_object(row))])
        return self._intent_state(row)

    # --- The port: refunds -------------------------------------------------------------
    def create_refund(
        self, *, intent_id, amount: Money, reason, metadata, idempotency_key
    ) -> RefundState:
        minor = to_minor(amount)
        digest = fingerprint("refund", intent_id, minor, amount.currency, reason or "")
        with transaction.atomic():
            intent = _intent(intent_id, lock=True)
            existing = OfflineRefund.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                _same_request(existing, digest)
                return parse_refund(refund_object(existing))
            _check_refundable(intent, minor, amount.currency)
            refund = OfflineRefund.objects.create(
                id=new_id("re"),
                intent=intent,
                idempotency_key=idempotency_key,
                fingerprint=digest,
                amount=minor,
                reason=reason or "",
                metadata=dict(metadata),
            )
            intent.amount_refunded += minor
            intent.save(update_fields=["amount_refunded", "updated"])
        self._announce([("charge.refunded", charge_object(intent))])
        return parse_refund(refund_object(refund))

    def retrieve_refund(self, refund_id: str) -> RefundState:
        refund = OfflineRefund.objects.select_related("intent").filter(pk=refund_id).first()
        if refund is None:
            raise ProviderNotFound(f"No such refund: {refund_id!r}.", code="resource_missing")
        return parse_refund(refund_object(refund))

    # --- The port: checkout sessions (payment links) -----------------------------------
    def create_checkout_session(
        self,
        *,
        amount,
        description,
        customer_email,
        success_url,
        cancel_url,
        client_reference_id,
        metadata,
        idempotency_key,
    ) -> SessionState:
        digest = fingerprint(
            "session", to_minor(amount), amount.currency, description, customer_email,
            success_url, cancel_url, client_reference_id, dict(metadata),
        )  # fmt: skip

        def build() -> OfflineIntent:
            return OfflineIntent(
                **new_intent(amount),
                description=description,
                metadata=dict(metadata),
                session_id=new_id("cs"),
                session_status="open",
                session_expires_at=timezone.now() + SESSION_LIFETIME,
                success_url=success_url,
                cancel_url=cancel_url,
                customer_email=customer_email,
                client_reference_id=client_reference_id,
            )

        row = _idempotent(OfflineIntent, idempotency_key, digest, build)
        return parse_session(self.session_object(row))

    def retrieve_checkout_session(self, session_id: str) -> SessionState:
        row = OfflineIntent.objects.filter(session_id=session_id).first()
        if row is None:
            raise ProviderNotFound(f"No such checkout session: {session_id!r}.")
        _expire_if_due(row)
        return parse_session(self.session_object(row))

    def expire_checkout_session(self, session_id: str, *, idempotency_key: str) -> SessionState:
        with transaction.atomic():
            row = OfflineIntent.objects.select_for_update().filter(session_id=session_id).first()
            if row is None:
                raise ProviderNotFound(f"No such checkout session: {session_id!r}.")
            if row.session_status == "expired":
                return parse_session(self.session_object(row))
            if row.session_status != "open" or row.status in ("succeeded", "processing"):
                raise _unexpected_state(row, "expire")
            row.session_status, row.status = "expired", "canceled"
            row.save()
        self._announce([("checkout.session.expired", self.session_object(row))])
        return parse_session(self.session_object(row))

    # --- The hosted page ---------------------------------------------------------------
    def page_url(self, intent_id: str) -> str:
        return self.site_url + reverse("offline_pay:page", args=[intent_id])

    def page(self, intent_id: str) -> HostedPage:
        row = _intent(intent_id)
        _expire_if_due(row)
        error = (row.last_payment_error or {}).get("message", "")
        return HostedPage(
            intent_id=row.id,
            status=row.status,
            amount=from_minor(row.amount, row.currency),
            description=row.description,
            error_message=error if row.status == "requires_payment_method" else "",
            is_link=bool(row.session_id),
            expired=row.session_status == "expired",
            back_url=row.cancel_url or "",
        )

    def act(self, intent_id: str, action: str, *, send_webhook: bool = True) -> str:
        """Do what the payer chose on the page; return where to send them next.

        `send_webhook=False` simulates a lost webhook (the reconciliation job then finds
        the payment at the provider).
        """
        if action not in _ACTIONS:
            raise ProviderRejected(f"Unknown action {action!r}.", code="parameter_invalid")
        allowed_from, apply = _ACTIONS[action]
        with transaction.atomic():
            row = _intent(intent_id, lock=True)
            _expire_if_due(row)
            if row.status not in allowed_from or row.session_status == "expired":
                raise _unexpected_state(row, "confirm")
            kinds = apply(row)
            row.save()
        if send_webhook:
            self._announce([(kind, self._object_for(kind, row)) for kind in kinds])
        return self._next_url(row)

    def _object_for(self, kind: str, row: OfflineIntent) -> dict:
        if kind.startswith("checkout.session."):
            return self.session_object(row)
        return intent_object(row)

    def _next_url(self, row: OfflineIntent) -> str:
        if row.status != "succeeded":
            return self.page_url(row.id)
        if row.session_id:
            return row.success_url.replace("{CHECKOUT_SESSION_ID}", row.session_id)
        if not row.return_url:
            return self.page_url(row.id)
        query = urlencode({"payment_intent": row.id, "redirect_status": "succeeded"})
        return f"{row.return_url}{'&' if '?' in row.return_url else '?'}{query}"

    # --- Webhooks ----------------------------------------------------------------------
    def _announce(self, events: list[tuple[str, dict]]) -> None:
        """Sign each event like Stripe and hand it to the webhook receiver, in order."""
        receiver = import_string(self.receiver)
        for kind, obj in events:
            payload = json.dumps(event_envelope(kind, obj), separators=(",", ":")).encode()
            header = signature.sign(payload, self.webhook_secret)
            try:
                receiver(provider=self.name, payload=payload, signature_header=header)
            except Exception:
                # Like a failed delivery at Stripe: reconciliation will catch up.
                logger.exception("Offline webhook %s was not accepted.", kind)
                if getattr(settings, "EVENTS_RAISE", False):
                    raise

    # --- Objects -----------------------------------------------------------------------
    def _intent_state(self, row: OfflineIntent) -> IntentState:
        return parse_intent(intent_object(row), redirect_url=self.page_url(row.id))

    def session_object(self, row: OfflineIntent) -> dict:
        return session_object(row, self.page_url(row.id))


# --- What the payer can do on the page (each returns the events to announce) ----------
def _succeed(row: OfflineIntent) -> list[str]:
    row.status = "succeeded"
    row.amount_received = row.amount
    row.latest_charge = new_id("ch")
    row.last_payment_error = None
    if row.session_id:
        row.session_status = "complete"
        return ["payment_intent.succeeded", "checkout.session.completed"]
    return ["payment_intent.succeeded"]


def _decline(row: OfflineIntent) -> list[str]:
    row.last_payment_error = DECLINED
    return ["payment_intent.payment_failed"]


def _require_action(row: OfflineIntent) -> list[str]:
    row.status = "requires_action"
    row.last_payment_error = None
    return ["payment_intent.requires_action"]


def _fail_authentication(row: OfflineIntent) -> list[str]:
    row.status = "requires_payment_method"
    row.last_payment_error = AUTHENTICATION_FAILED
    return ["payment_intent.payment_failed"]


_ACTIONS = {
    "succeed": ({"requires_payment_method"}, _succeed),
    "decline": ({"requires_payment_method"}, _decline),
    "require_action": ({"requires_payment_method"}, _require_action),
    "authenticate": ({"requires_action"}, _succeed),
    "fail_authentication": ({"requires_action"}, _fail_authentication),
}
ACTIONS = tuple(_ACTIONS)


# --- Helpers --------------------------------------------------------------------------
def _idempotent(model, key: str, digest: str, build):
    """The row created under `key`, created now if new; a reused key must match."""
    existing = model.objects.filter(idempotency_key=key).first()
    if existing is None:
        row = build()
        row.idempotency_key, row.fingerprint = key, digest
        try:
            with transaction.atomic():
                row.save(force_insert=True)
            return row
        except IntegrityError:
            existing = model.objects.get(idempotency_key=key)
    _same_request(existing, digest)
    return existing


def _same_request(row, digest: str) -> None:
    if row.fingerprint != digest:
        raise ProviderRejected(
            "Keys for idempotent requests can only be used with the same parameters "
            "they were first used with.",
            code="idempotency_error",
            error_type="idempotency_error",
            http_status=400,
        )


def _intent(intent_id: str, *, lock: bool = False) -> OfflineIntent:
    rows = OfflineIntent.objects.select_for_update() if lock else OfflineIntent.objects
    row = rows.filter(pk=intent_id).first()
    if row is None:
        raise ProviderNotFound(f"No such payment_intent: {intent_id!r}.", code="resource_missing")
    return row


def _expire_if_due(row: OfflineIntent) -> None:
    due = row.session_expires_at and row.session_expires_at <= timezone.now()
    if row.session_status == "open" and due and row.status != "succeeded":
        OfflineIntent.objects.filter(pk=row.pk, session_status="open").update(
            session_status="expired", status="canceled"
        )
        row.session_status, row.status = "expired", "canceled"


def _unexpected_state(row: OfflineIntent, verb: str) -> ProviderRejected:
    return ProviderRejected(
        f"You cannot {verb} this PaymentIntent because it has a status of {row.status}.",
        code="payment_intent_unexpected_state",
        error_type="invalid_request_error",
        http_status=400,
    )


def _check_refundable(intent: OfflineIntent, minor: int, currency: str) -> None:
    if intent.status != "succeeded":
        raise _unexpected_state(intent, "refund")
    if currency.lower() != intent.currency:
        raise ProviderRejected("The refund currency differs from the charge's.", code="invalid")
    left = intent.amount_received - intent.amount_refunded
    if left <= 0:
        raise ProviderRejected(
            "The charge has already been refunded.", code="charge_already_refunded"
        )
    if minor <= 0 or minor > left:
        raise ProviderRejected(
            f"Refund amount ({minor}) is greater than unrefunded amount on charge ({left}).",
            code="amount_too_large",
            param="amount",
        )
