"""The payments port: what the payments context may ask a payment provider.

Two implementations: `stripe.StripeClient` (Stripe's HTTP API) and
`offline.OfflineProvider` (a fake with a hosted page of its own, the default). Both speak
Stripe's vocabulary (payment intents, checkout sessions, refunds, signed webhook
events), so the webhook path is one and the same for both.

Amounts cross the port as `core.money.Money`; minor units are the providers' business.
Every call that creates something takes an idempotency key: calling again with the same
key returns the same object, never a second one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from atelier.core.money import Money


# --- What providers answer ----------------------------------------------------------
@dataclass(frozen=True)
class IntentState:
    """A payment intent as the provider sees it now (Stripe's statuses)."""

    id: str
    status: str  # requires_payment_method, requires_action, processing, succeeded, canceled...
    amount: Money
    amount_received: Money
    client_secret: str | None = None
    metadata: Mapping[str, str] = field(default_factory=dict)
    latest_charge: str | None = None
    failure_code: str = ""
    failure_message: str = ""
    created: int | None = None
    redirect_url: str | None = None  # a hosted page of the provider's own (offline fake)


@dataclass(frozen=True)
class SessionState:
    """A hosted checkout (Stripe Checkout Session), used for payment links."""

    id: str
    status: str  # open, complete, expired
    payment_status: str  # paid, unpaid, no_payment_required
    url: str | None
    amount_total: Money | None
    payment_intent: str | None = None
    client_reference_id: str | None = None
    metadata: Mapping[str, str] = field(default_factory=dict)
    expires_at: int | None = None


@dataclass(frozen=True)
class RefundState:
    id: str
    status: str  # pending, requires_action, succeeded, failed, canceled
    amount: Money
    payment_intent: str | None = None
    metadata: Mapping[str, str] = field(default_factory=dict)
    failure_reason: str = ""


@dataclass(frozen=True)
class ChargeState:
    """A charge (what `charge.refunded` carries): captured and refunded amounts."""

    id: str
    status: str  # succeeded, pending, failed
    paid: bool
    amount: Money
    amount_captured: Money
    amount_refunded: Money
    payment_intent: str | None = None
    refunds: tuple[RefundState, ...] | None = None  # None when the list is not included


@dataclass(frozen=True)
class ProviderEvent:
    """A verified webhook event: its id, type, creation time and the object it carries."""

    id: str
    type: str
    created: int
    object: Mapping
    livemode: bool = False


# --- What can go wrong ---------------------------------------------------------------
class ProviderError(Exception):
    """Base of every provider failure; `message` is safe to show staff (never a secret)."""

    def __init__(
        self,
        message: str,
        *,
        code: str = "",
        http_status: int | None = None,
        decline_code: str = "",
        error_type: str = "",
        param: str = "",
        request_id: str = "",
    ):
        super().__init__(message)
        self.message = message
        self.code = code
        self.http_status = http_status
        self.decline_code = decline_code
        self.error_type = error_type
        self.param = param
        self.request_id = request_id


class ProviderUnavailable(ProviderError):
    """Timeout, network failure, 429 or 5xx after the retries: try again later."""


class ProviderRejected(ProviderError):
    """The provider refused this request (4xx): sending it again will not help."""


class ProviderAuthenticationError(ProviderRejected):
    """401/403: our keys are wrong or lack a permission (fix the configuration, retry)."""


class ProviderNotFound(ProviderRejected):
    """404: no such object at the provider."""


class MalformedObject(ValueError):
    """A provider object (or event) lacks a field we need, or has it in the wrong type."""


# --- The port ------------------------------------------------------------------------
class PaymentProvider(Protocol):
    name: str
    publishable_key: str | None

    def create_intent(
        self,
        *,
        amount: Money,
        description: str,
        receipt_email: str,
        metadata: Mapping[str, str],
        return_url: str,
        idempotency_key: str,
    ) -> IntentState: ...

    def retrieve_intent(self, intent_id: str) -> IntentState: ...

    def cancel_intent(self, intent_id: str, *, idempotency_key: str) -> IntentState: ...

    def create_refund(
        self,
        *,
        intent_id: str,
        amount: Money,
        reason: str | None,
        metadata: Mapping[str, str],
        idempotency_key: str,
    ) -> RefundState: ...

    def retrieve_refund(self, refund_id: str) -> RefundState: ...

    def create_checkout_session(
        self,
        *,
        amount: Money,
        description: str,
        customer_email: str,
        success_url: str,
        cancel_url: str,
        client_reference_id: str,
        metadata: Mapping[str, str],
        idempotency_key: str,
    ) -> SessionState: ...

    def retrieve_checkout_session(self, session_id: str) -> SessionState: ...

    def expire_checkout_session(self, session_id: str, *, idempotency_key: str) -> SessionState: ...
