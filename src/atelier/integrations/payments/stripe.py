"""The real payment provider: Stripe's HTTP API through httpx (no SDK).

* Requests are form-encoded (`metadata[order_ref]=...`, `line_items[0][quantity]=1`), as
  Stripe's API expects, with `Authorization: Bearer <secret key>` and a pinned
  `Stripe-Version`.
* Every POST carries an `Idempotency-Key`; a POST without one is a programming error.
  So every call we make is safe to repeat, and the client retries timeouts, network
  errors, 429 and 5xx (and whatever Stripe marks `Stripe-Should-Retry: true`) with a
  short exponential backoff, always with the same key.
* Errors become the port's exceptions: 400/402 `ProviderRejected` (with Stripe's code,
  decline code and message), 401/403 `ProviderAuthenticationError`, 404
  `ProviderNotFound`, and `ProviderUnavailable` once the retries are spent.
* Nothing secret is logged: not the key, not a client secret.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable, Mapping
from urllib.parse import urlencode

import httpx

from atelier.core.money import Money
from atelier.integrations.payments.port import (
    IntentState,
    MalformedObject,
    ProviderAuthenticationError,
    ProviderError,
    ProviderNotFound,
    ProviderRejected,
    ProviderUnavailable,
    RefundState,
    SessionState,
)
from atelier.integrations.payments.stripe_objects import (
    STRIPE_API_VERSION,
    parse_intent,
    parse_refund,
    parse_session,
    to_minor,
)

logger = logging.getLogger(__name__)

_ID = re.compile(r"^[A-Za-z0-9_]{3,255}$")
# Refund reasons Stripe accepts; anything else travels in metadata only.
REFUND_REASONS = {"duplicate", "fraudulent", "requested_by_customer"}


def encode_form(data: Mapping, prefix: str = "") -> list[tuple[str, str]]:
    """Stripe's form encoding of nested dicts and lists (None is left out)."""
    pairs: list[tuple[str, str]] = []
    for key, value in data.items():
        name = f"{prefix}[{key}]" if prefix else str(key)
        pairs.extend(_encode_value(name, value))
    return pairs


def _encode_value(name: str, value) -> Iterable[tuple[str, str]]:
    if value is None:
        return []
    if isinstance(value, Mapping):
        return encode_form(value, name)
    if isinstance(value, list | tuple):
        pairs = []
        for index, item in enumerate(value):
            pairs.extend(_encode_value(f"{name}[{index}]", item))
        return pairs
    if isinstance(value, bool):
        return [(name, "true" if value else "false")]
    return [(name, str(value))]


class StripeClient:
    """`PaymentProvider` backed by api.stripe.com (or `api_base`, e.g. a test stub)."""

    name = "stripe"

    def __init__(
        self,
        *,
        api_base: str,
        secret_key: str,
        publishable_key: str = "",
        timeout: float = 30.0,
        connect_timeout: float = 5.0,
        max_retries: int = 2,
        backoff: float = 0.5,
        transport: httpx.BaseTransport | None = None,
    ):
        if not secret_key:
            raise ValueError("STRIPE_SECRET_KEY is not set.")
        self.publishable_key = publishable_key or None
        self.max_retries = max_retries
        self.backoff = backoff
        self._http = httpx.Client(
            base_url=api_base.rstrip("/"),
            timeout=httpx.Timeout(timeout, connect=connect_timeout),
            headers={
                "Authorization": f"Bearer {secret_key}",
                "Stripe-Version": STRIPE_API_VERSION,
                "User-Agent": "Atelier/1 (httpx)",
            },
            transport=transport,
            follow_redirects=False,
        )

    def close(self) -> None:
        self._http.close()

    # --- Payment intents -------------------------------------------------------------
    def create_intent(
        self, *, amount, description, receipt_email, metadata, return_url, idempotency_key
    ) -> IntentState:
        data = {
            "amount": to_minor(amount),
            "currency": amount.currency.lower(),
            "automatic_payment_methods": {"enabled": True},
            "description": description or None,
            "receipt_email": receipt_email or None,
            "metadata": dict(metadata),
        }
        return parse_intent(self._post("/v1/payment_intents", data, key=idempotency_key))

    def retrieve_intent(self, intent_id: str) -> IntentState:
        return parse_intent(self._get(f"/v1/payment_intents/{_checked(intent_id)}"))

    def cancel_intent(self, intent_id: str, *, idempotency_key: str) -> IntentState:
        path = f"/v1/payment_intents/{_checked(intent_id)}/cancel"
        body = self._post(path, {"cancellation_reason": "abandoned"}, key=idempotency_key)
        return parse_intent(body)

    # --- Refunds ---------------------------------------------------------------------
    def create_refund(
        self, *, intent_id, amount: Money, reason, metadata, idempotency_key
    ) -> RefundState:
        data = {
            "payment_intent": _checked(intent_id),
            "amount": to_minor(amount),
            "reason": reason if reason in REFUND_REASONS else None,
            "metadata": dict(metadata),
        }
        return parse_refund(self._post("/v1/refunds", data, key=idempotency_key))

    def retrieve_refund(self, refund_id: str) -> RefundState:
        return parse_refund(self._get(f"/v1/refunds/{_checked(refund_id)}"))

    # --- Checkout sessions (payment links) --------------------------------------------
    def create_checkout_session(
        self,
        *,
        amount: Money,
        description,
        customer_email,
        success_url,
        cancel_url,
        client_reference_id,
        metadata,
        idempotency_key,
    ) -> SessionState:
        data = {
            "mode": "payment",
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": amount.currency.lower(),
                        "unit_amount": to_minor(amount),
                        "product_data": {"name": description},
                    },
                }
            ],
            "customer_email": customer_email or None,
            "client_reference_id": client_reference_id,
            "success_url": success_url,
            "cancel_url": cancel_url,
            "metadata": dict(metadata),
            "payment_intent_data": {"description": description, "metadata": dict(metadata)},
        }
        body = self._post("/v1/checkout/sessions", data, key=idempotency_key)
        return parse_session(body)

    def retrieve_checkout_session(self, session_id: str) -> SessionState:
        return parse_session(self._get(f"/v1/checkout/sessions/{_checked(session_id)}"))

    def expire_checkout_session(self, session_id: str, *, idempotency_key: str) -> SessionState:
        path = f"/v1/checkout/sessions/{_checked(session_id)}/expire"
        return parse_session(self._post(path, {}, key=idempotency_key))

    # --- HTTP ------------------------------------------------------------------------
    def _get(self, path: str) -> dict:
        return self._send("GET", path)

    def _post(self, path: str, data: Mapping, *, key: str) -> dict:
        if not key:
            raise ValueError("Every POST to Stripe needs an idempotency key.")
        return self._send("POST", path, form=encode_form(data), key=key)

    def _send(self, method: str, path: str, *, form=None, key: str = "") -> dict:
        headers = {"Idempotency-Key": key} if key else {}
        content = None
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            content = urlencode(form)
        error: ProviderError | None = None
        for attempt in range(self.max_retries + 1):
            if attempt:
                time.sleep(self._delay(attempt))
            try:
                response = self._http.request(method, path, content=content, headers=headers)
            except httpx.TimeoutException:
                error = ProviderUnavailable("Stripe did not answer in time.", code="timeout")
            except httpx.TransportError as exc:
                error = ProviderUnavailable(
                    f"Could not reach Stripe ({type(exc).__name__}).", code="network_error"
                )
            else:
                if response.is_success:
                    return _json(response)
                error = _error(response)
                if not _should_retry(response):
                    raise error
            logger.warning(
                "Stripe %s %s failed (attempt %s): %s", method, path, attempt + 1, error.message
            )
        raise error

    def _delay(self, attempt: int) -> float:
        return min(self.backoff * (2 ** (attempt - 1)), 5.0)


def _checked(object_id: str) -> str:
    """Ids go into URL paths: only Stripe's id alphabet is allowed."""
    if not isinstance(object_id, str) or not _ID.match(object_id):
        raise ProviderRejected(f"Not a Stripe id: {object_id!r}.", code="invalid_id")
    return object_id


def _json(response: httpx.Response) -> dict:
    try:
        body = response.json()
    except ValueError:
        raise ProviderUnavailable("Stripe sent an unreadable answer.", code="bad_answer") from None
    if not isinstance(body, dict):
        raise ProviderUnavailable("Stripe sent an unexpected answer.", code="bad_answer")
    return body


def _should_retry(response: httpx.Response) -> bool:
    hint = response.headers.get("Stripe-Should-Retry")
    if hint is not None:
        return hint.lower() == "true"
    return response.status_code in (409, 429) or response.status_code >= 500


def _error(response: httpx.Response) -> ProviderError:
    status = response.status_code
    try:
        body = response.json().get("error") or {}
    except (ValueError, AttributeError):
        body = {}
    if not isinstance(body, dict):
        body = {}
    details = {
        "code": str(body.get("code") or ""),
        "http_status": status,
        "decline_code": str(body.get("decline_code") or ""),
        "error_type": str(body.get("type") or ""),
        "param": str(body.get("param") or ""),
        "request_id": response.headers.get("Request-Id", ""),
    }
    message = str(body.get("message") or f"Stripe answered {status}.")
    if status in (401, 403):
        return ProviderAuthenticationError(message, **details)
    if status == 404:
        return ProviderNotFound(message, **details)
    if status in (409, 429) or status >= 500:
        return ProviderUnavailable(message, **details)
    return ProviderRejected(message, **details)


__all__ = ["REFUND_REASONS", "MalformedObject", "StripeClient", "encode_form"]
