"""What the SMS integration remembers: each message handed to a provider (keyed by the
outbox idempotency key, so nothing is sent twice) and the numbers that said STOP."""

from __future__ import annotations

from django.db import models


class SmsStatus(models.TextChoices):
    PENDING = "pending", "Pending"  # recorded, not yet accepted by the provider
    UNKNOWN = "unknown", "Unknown"  # the provider may have it (timeout): look up first
    ACCEPTED = "accepted", "Accepted"
    SCHEDULED = "scheduled", "Scheduled"
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    DELIVERED = "delivered", "Delivered"
    UNDELIVERED = "undelivered", "Undelivered"
    FAILED = "failed", "Failed"
    CANCELED = "canceled", "Canceled"
    READ = "read", "Read"
    REJECTED = "rejected", "Rejected"  # refused by the provider (invalid number...)
    OPTED_OUT = "opted_out", "Opted out"  # not sent: the number said STOP


class SmsMessage(models.Model):
    idempotency_key = models.CharField(max_length=200, unique=True)
    provider = models.CharField(max_length=20)
    to = models.CharField(max_length=20, db_index=True)
    body = models.TextField()
    sid = models.CharField(max_length=64, blank=True, db_index=True)
    status = models.CharField(
        max_length=12, choices=SmsStatus.choices, default=SmsStatus.PENDING, db_index=True
    )
    error_code = models.CharField(max_length=12, blank=True)
    error_message = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    first_attempt_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    status_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"SMS to {self.to} ({self.status})"


class SmsOptOut(models.Model):
    """A number that replied STOP (or that Twilio reports as unsubscribed, 21610)."""

    phone = models.CharField(max_length=20, unique=True)
    keyword = models.CharField(max_length=20, blank=True)
    source = models.CharField(max_length=20, help_text="inbound, provider or staff")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.phone
