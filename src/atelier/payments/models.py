"""Payments, refunds and the webhook events we have processed.

A `Payment` records what we expect (amount and currency, fixed at creation) and what the
provider has told us (status, amount received, amount refunded). Status changes only
through `transitions.py`; money fields are written only by services.
"""

import uuid
from decimal import Decimal

from django.db import models
from django.db.models import F, Q

from atelier.core.money import Money
from atelier.payments.enums import (
    PaymentKind,
    PaymentStatus,
    Provider,
    Purpose,
    RefundOrigin,
    RefundStatus,
    WebhookOutcome,
)

AMOUNT = {"max_digits": 20, "decimal_places": 3}


class Payment(models.Model):
    reference = models.CharField(max_length=20, unique=True, help_text="PAY-2026-000001")
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.CharField(max_length=12, choices=Provider.choices)
    kind = models.CharField(max_length=8, choices=PaymentKind.choices, default=PaymentKind.INTENT)
    provider_id = models.CharField(max_length=255, blank=True, help_text="Payment intent id.")
    provider_session_id = models.CharField(
        max_length=255, blank=True, help_text="Checkout session id (payment links)."
    )
    order_ref = models.CharField(max_length=40, db_index=True)
    purpose = models.CharField(max_length=12, choices=Purpose.choices, default=Purpose.ORDER)
    caller_ref = models.CharField(
        max_length=40,
        blank=True,
        help_text="The caller's own reference of what is paid (e.g. a change request CR-...).",
    )
    amount = models.DecimalField(**AMOUNT, help_text="Expected amount.")
    currency = models.CharField(max_length=3)
    status = models.CharField(
        max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.REQUIRES_PAYMENT
    )
    amount_received = models.DecimalField(**AMOUNT, default=Decimal(0))
    amount_refunded = models.DecimalField(**AMOUNT, default=Decimal(0))
    customer_email = models.EmailField(blank=True)
    description = models.CharField(max_length=255, blank=True)
    return_url = models.CharField(max_length=2000, blank=True)
    idempotency_key = models.CharField(max_length=200, unique=True)
    client_secret = models.CharField(max_length=255, blank=True)
    hosted_url = models.CharField(
        max_length=2000, blank=True, help_text="Where the payer pays (provider page or link)."
    )
    failure_code = models.CharField(max_length=100, blank=True)
    failure_message = models.CharField(max_length=500, blank=True)
    failure_count = models.PositiveSmallIntegerField(default=0)
    needs_review = models.BooleanField(default=False)
    review_reason = models.TextField(blank=True)
    provider_state_at = models.DateTimeField(
        null=True, blank=True, help_text="Time of the provider state last applied."
    )
    reconciled_at = models.DateTimeField(null=True, blank=True)
    succeeded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_id"],
                condition=~Q(provider_id=""),
                name="uniq_payment_provider_id",
            ),
            models.UniqueConstraint(
                fields=["provider", "provider_session_id"],
                condition=~Q(provider_session_id=""),
                name="uniq_payment_provider_session",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=Q(amount_refunded__gte=0) & Q(amount_refunded__lte=F("amount_received")),
                name="payment_refunds_within_received",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.status})"

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)

    @property
    def received(self) -> Money:
        return Money(self.amount_received, self.currency)

    @property
    def refunded(self) -> Money:
        return Money(self.amount_refunded, self.currency)


class Refund(models.Model):
    reference = models.CharField(max_length=20, unique=True, help_text="RFD-2026-000001")
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(**AMOUNT)
    currency = models.CharField(max_length=3)
    status = models.CharField(
        max_length=12, choices=RefundStatus.choices, default=RefundStatus.REQUESTED
    )
    origin = models.CharField(
        max_length=10, choices=RefundOrigin.choices, default=RefundOrigin.ATELIER
    )
    reason = models.CharField(max_length=500, blank=True)
    idempotency_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    provider_refund_id = models.CharField(max_length=255, blank=True)
    failure_message = models.CharField(max_length=500, blank=True)
    succeeded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider_refund_id"],
                condition=~Q(provider_refund_id=""),
                name="uniq_refund_provider_id",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.status})"

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)


class WebhookEvent(models.Model):
    """A provider event we have processed; its id is stored with its effect, once."""

    provider = models.CharField(max_length=12, choices=Provider.choices)
    event_id = models.CharField(max_length=255)
    type = models.CharField(max_length=100)
    created = models.DateTimeField(help_text="When the provider created the event.")
    received_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=12, choices=WebhookOutcome.choices)
    detail = models.TextField(blank=True)
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.SET_NULL, related_name="webhook_events"
    )
    payload = models.JSONField(null=True, blank=True, help_text="Kept for handled types only.")

    class Meta:
        ordering = ["received_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="uniq_webhook_event")
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.event_id} {self.type} ({self.outcome})"
