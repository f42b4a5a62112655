"""Kernel tables: document sequences, status-change audit, the outbox, handled events."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from atelier.core.enums import OutboxStatus


class DocumentSequence(models.Model):
    """One counter per (prefix, year). Incremented under a row lock: no gaps, no duplicates."""

    prefix = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="uniq_sequence_prefix_year")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last_value}"


class StatusChange(models.Model):
    """Audit row written by `apply_transition()` for every status change of any document."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    from_status = models.CharField(max_length=40)
    to_status = models.CharField(max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200, help_text="Who, as shown at the time.")
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id}: {self.from_status} -> {self.to_status}"


class OutboxMessage(models.Model):
    """A call to the outside world, written in the business transaction, sent by a worker."""

    channel = models.CharField(max_length=40, help_text="Registered sender, e.g. 'email', 'sms'.")
    payload = models.JSONField()
    idempotency_key = models.CharField(max_length=200, unique=True)
    status = models.CharField(
        max_length=12, choices=OutboxStatus.choices, default=OutboxStatus.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.channel} #{self.pk} ({self.status})"


class HandledEvent(models.Model):
    """Marks that a handler has already reacted to an event, so redelivery changes nothing."""

    handler = models.CharField(max_length=200)
    event_key = models.CharField(max_length=200)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["handler", "event_key"], name="uniq_handled_event")
        ]

    def __str__(self) -> str:
        return f"{self.handler} <- {self.event_key}"
