"""Events the payments context publishes (after commit; wire reactions in
config/event_wiring.py). Amounts are decimal strings rounded to the currency's minor
unit ("1250.00"), currencies ISO codes; `payment_id` and `refund_id` are our references
(PAY-2026-000001, RFD-2026-000001). Each is published once per occurrence.
"""

from dataclasses import dataclass

from atelier.core.events import Event


@dataclass(frozen=True, kw_only=True)
class PaymentSucceeded(Event):
    """The payment is taken in full (amount and currency checked against the request)."""

    payment_id: str
    order_ref: str
    purpose: str
    amount: str
    currency: str
    caller_ref: str = ""  # what the caller said it is for (payment_start / link), or ""


@dataclass(frozen=True, kw_only=True)
class PaymentFailed(Event):
    """An attempt failed (declined card, failed authentication...). Not final: the payer
    may retry on the same payment, which may still succeed. `attempt` counts failures."""

    payment_id: str
    order_ref: str
    purpose: str
    amount: str
    currency: str
    failure_code: str = ""
    failure_message: str = ""
    attempt: int = 1


@dataclass(frozen=True, kw_only=True)
class PaymentRefunded(Event):
    """Money went back to the payer (`amount` of this refund, partial or full)."""

    payment_id: str
    order_ref: str
    refund_id: str
    amount: str
    currency: str


@dataclass(frozen=True, kw_only=True)
class PaymentCanceled(Event):
    """The payment can no longer be paid (link expired, cancelled at the provider)."""

    payment_id: str
    order_ref: str
    purpose: str
    reason: str = ""


@dataclass(frozen=True, kw_only=True)
class PaymentNeedsReview(Event):
    """The provider reported something we refuse to apply by ourselves (an amount or
    currency that differs from the payment, money for a cancelled payment...)."""

    payment_id: str
    order_ref: str
    reason: str
