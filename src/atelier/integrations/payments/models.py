"""The offline provider's own records: what Stripe would keep on its side.

They let the fake answer like a real provider across processes (the hosted page, the
reconciliation job, a refund from a worker), with Stripe's statuses and amounts in the
currency's smallest unit. Nothing in the business contexts reads these tables.
"""

from django.db import models
from django.utils import timezone


class OfflineIntent(models.Model):
    """A payment intent at the fake provider; with `session_id`, a checkout session too."""

    id = models.CharField(primary_key=True, max_length=40)
    idempotency_key = models.CharField(max_length=255, unique=True, null=True, blank=True)
    fingerprint = models.CharField(max_length=64, help_text="Hash of the creating request.")
    client_secret = models.CharField(max_length=100)
    amount = models.PositiveBigIntegerField(help_text="Smallest currency unit.")
    currency = models.CharField(max_length=3, help_text="Lower case, as Stripe sends it.")
    status = models.CharField(max_length=40, default="requires_payment_method")
    amount_received = models.PositiveBigIntegerField(default=0)
    amount_refunded = models.PositiveBigIntegerField(default=0)
    description = models.CharField(max_length=500, blank=True)
    receipt_email = models.CharField(max_length=254, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    return_url = models.CharField(max_length=2000, blank=True)
    last_payment_error = models.JSONField(null=True, blank=True)
    latest_charge = models.CharField(max_length=40, blank=True)
    session_id = models.CharField(max_length=40, unique=True, null=True, blank=True)
    session_status = models.CharField(max_length=20, blank=True)
    session_expires_at = models.DateTimeField(null=True, blank=True)
    success_url = models.CharField(max_length=2000, blank=True)
    cancel_url = models.CharField(max_length=2000, blank=True)
    customer_email = models.CharField(max_length=254, blank=True)
    client_reference_id = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created"]
        verbose_name = "offline payment intent"

    def __str__(self) -> str:
        return f"{self.id} ({self.status})"


class OfflineRefund(models.Model):
    id = models.CharField(primary_key=True, max_length=40)
    intent = models.ForeignKey(OfflineIntent, on_delete=models.CASCADE, related_name="refunds")
    idempotency_key = models.CharField(max_length=255, unique=True, null=True, blank=True)
    fingerprint = models.CharField(max_length=64)
    amount = models.PositiveBigIntegerField()
    status = models.CharField(max_length=20, default="succeeded")
    reason = models.CharField(max_length=40, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created"]
        verbose_name = "offline refund"

    def __str__(self) -> str:
        return f"{self.id} ({self.status})"
