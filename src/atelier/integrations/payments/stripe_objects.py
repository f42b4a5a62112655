"""Stripe's object shapes, shared by the real client, the offline fake and the webhook.

Stripe sends amounts as integers in the currency's smallest unit and currencies in lower
case; the port speaks `Money`. `parse_*` turn Stripe objects (API answers and webhook
`data.object`s alike) into the port's dataclasses and raise `MalformedObject` when a
field we rely on is missing or has the wrong type.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal

from atelier.core.money import Money, minor_units
from atelier.integrations.payments.port import (
    ChargeState,
    IntentState,
    MalformedObject,
    ProviderEvent,
    RefundState,
    SessionState,
)

# The API version our requests ask for and our parsers are written against.
STRIPE_API_VERSION = "2024-06-20"

# Where Stripe's representation differs from ISO 4217's exponent: ISK is sent with two
# decimals (and must be a multiple of 100). Zero- and three-decimal currencies match ISO.
_STRIPE_EXPONENT = {"ISK": 2}


def exponent(currency: str) -> int:
    currency = currency.upper()
    return _STRIPE_EXPONENT.get(currency, minor_units(currency))


def to_minor(amount: Money) -> int:
    """`amount` in the currency's smallest unit; refuses sub-unit amounts (EUR 1.005)."""
    scaled = amount.amount.scaleb(exponent(amount.currency))
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{amount.amount} {amount.currency} has more decimals than allowed.")
    return int(scaled)


def from_minor(value: int, currency: str) -> Money:
    currency = currency.upper()
    return Money(Decimal(int(value)).scaleb(-exponent(currency)), currency)


# --- Events ------------------------------------------------------------------------
def parse_event(payload: bytes) -> ProviderEvent:
    """A webhook body as a `ProviderEvent`, or `MalformedObject`."""
    try:
        data = json.loads(payload)
    except (UnicodeDecodeError, ValueError):
        raise MalformedObject("The body is not JSON.") from None
    if not isinstance(data, dict) or data.get("object", "event") != "event":
        raise MalformedObject("The body is not an event object.")
    inner = data.get("data")
    if not isinstance(inner, dict) or not isinstance(inner.get("object"), dict):
        raise MalformedObject("The event has no data.object.")
    return ProviderEvent(
        id=_text(data, "id", limit=255),
        type=_text(data, "type", limit=100),
        created=_int(data, "created"),
        object=inner["object"],
        livemode=data.get("livemode") is True,
    )


# --- Objects -----------------------------------------------------------------------
def parse_intent(obj: Mapping, *, redirect_url: str | None = None) -> IntentState:
    _expect(obj, "payment_intent")
    currency = _currency(obj)
    error = obj.get("last_payment_error") or {}
    if not isinstance(error, dict):
        raise MalformedObject("last_payment_error is not an object.")
    return IntentState(
        id=_text(obj, "id"),
        status=_text(obj, "status"),
        amount=from_minor(_int(obj, "amount"), currency),
        amount_received=from_minor(_int(obj, "amount_received", default=0), currency),
        client_secret=obj.get("client_secret") or None,
        metadata=_metadata(obj),
        latest_charge=_ref(obj.get("latest_charge")),
        failure_code=str(error.get("decline_code") or error.get("code") or "")[:100],
        failure_message=str(error.get("message") or "")[:500],
        created=obj.get("created") if isinstance(obj.get("created"), int) else None,
        redirect_url=redirect_url,
    )


def parse_session(obj: Mapping) -> SessionState:
    _expect(obj, "checkout.session")
    total = obj.get("amount_total")
    currency = obj.get("currency")
    amount = None
    if isinstance(total, int) and not isinstance(total, bool) and isinstance(currency, str):
        amount = from_minor(total, _currency(obj))
    return SessionState(
        id=_text(obj, "id"),
        status=_text(obj, "status"),
        payment_status=_text(obj, "payment_status"),
        url=obj.get("url") or None,
        amount_total=amount,
        payment_intent=_ref(obj.get("payment_intent")),
        client_reference_id=obj.get("client_reference_id") or None,
        metadata=_metadata(obj),
        expires_at=obj.get("expires_at") if isinstance(obj.get("expires_at"), int) else None,
    )


def parse_refund(obj: Mapping) -> RefundState:
    _expect(obj, "refund")
    return RefundState(
        id=_text(obj, "id"),
        status=_text(obj, "status"),
        amount=from_minor(_int(obj, "amount"), _currency(obj)),
        payment_intent=_ref(obj.get("payment_intent")),
        metadata=_metadata(obj),
        failure_reason=str(obj.get("failure_reason") or ""),
    )


def parse_charge(obj: Mapping) -> ChargeState:
    _expect(obj, "charge")
    currency = _currency(obj)
    amount = _int(obj, "amount")
    refunds = obj.get("refunds")
    listed = None
    if isinstance(refunds, dict) and isinstance(refunds.get("data"), list):
        listed = tuple(parse_refund(r) for r in refunds["data"] if isinstance(r, dict))
    return ChargeState(
        id=_text(obj, "id"),
        status=_text(obj, "status"),
        paid=obj.get("paid") is True,
        amount=from_minor(amount, currency),
        amount_captured=from_minor(_int(obj, "amount_captured", default=amount), currency),
        amount_refunded=from_minor(_int(obj, "amount_refunded", default=0), currency),
        payment_intent=_ref(obj.get("payment_intent")),
        refunds=listed,
    )


# --- Helpers -----------------------------------------------------------------------
def _expect(obj: Mapping, kind: str) -> None:
    if not isinstance(obj, Mapping) or obj.get("object") != kind:
        raise MalformedObject(f"Expected a {kind} object.")


def _text(obj: Mapping, key: str, *, limit: int = 255) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise MalformedObject(f"{key!r} is missing or not a short string.")
    return value


def _int(obj: Mapping, key: str, *, default: int | None = None) -> int:
    value = obj.get(key, default)
    if value is None and default is not None:
        value = default
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise MalformedObject(f"{key!r} is missing or not a non-negative integer.")
    return value


def _currency(obj: Mapping) -> str:
    value = obj.get("currency")
    if not isinstance(value, str) or len(value) != 3:
        raise MalformedObject("'currency' is missing or not an ISO code.")
    try:
        minor_units(value)
    except ValueError:
        raise MalformedObject(f"Unknown currency {value!r}.") from None
    return value.upper()


def _metadata(obj: Mapping) -> dict[str, str]:
    value = obj.get("metadata") or {}
    if not isinstance(value, dict):
        raise MalformedObject("'metadata' is not an object.")
    return {str(k): str(v) for k, v in value.items()}


def _ref(value) -> str | None:
    """An id Stripe sends either as a string or, when expanded, as an object."""
    if isinstance(value, str) and value:
        return value
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return value["id"]
    return None
