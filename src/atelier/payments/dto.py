"""What the facade returns: frozen dataclasses, never models."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from atelier.core.money import Money


@dataclass(frozen=True)
class PaymentStart:
    """How the payer pays: redirect to `redirect_url`, or (Stripe) mount the Payment
    Element with `publishable_key` and `client_secret`."""

    payment_id: str
    provider: str
    client_secret: str | None
    redirect_url: str | None
    publishable_key: str | None
    status: str = "requires_payment"


@dataclass(frozen=True)
class RefundInfo:
    refund_id: str
    payment_id: str
    order_ref: str
    amount: Money
    status: str
    origin: str
    reason: str
    created_at: datetime


@dataclass(frozen=True)
class PaymentInfo:
    payment_id: str
    order_ref: str
    purpose: str
    provider: str
    kind: str
    status: str
    amount: Money
    amount_received: Money
    amount_refunded: Money
    refundable: Money
    customer_email: str
    description: str
    link_url: str | None
    failure_code: str
    failure_message: str
    needs_review: bool
    created_at: datetime
    succeeded_at: datetime | None
    refunds: tuple[RefundInfo, ...] = ()
    caller_ref: str = ""

    @property
    def is_paid(self) -> bool:
        return self.status == "succeeded"
