"""What we remember of each shipment booked with a carrier.

`CarrierBooking` is the idempotency guard: one row per `reference` (ours, unique per
parcel set), written BEFORE the request leaves, so the same parcels can never be booked
twice, even after a timeout or from two workers at once. The offline fake also keeps
its tracking events here (what DHL would keep on its side).
"""

from django.db import models
from django.utils import timezone


class BookingStatus(models.TextChoices):
    PENDING = "pending", "sending"
    BOOKED = "booked", "booked"
    FAILED = "failed", "refused or not sent (may be booked again)"
    UNKNOWN = "unknown", "outcome unknown (check with the carrier)"


class CarrierBooking(models.Model):
    reference = models.CharField(max_length=100, unique=True)
    carrier = models.CharField(max_length=20)
    fingerprint = models.CharField(max_length=64, help_text="Hash of the booking request.")
    status = models.CharField(
        max_length=10, choices=BookingStatus.choices, default=BookingStatus.PENDING
    )
    product_code = models.CharField(max_length=10, blank=True)
    tracking_number = models.CharField(max_length=40, blank=True, db_index=True)
    tracking_url = models.CharField(max_length=500, blank=True)
    label_pdf = models.BinaryField(blank=True, default=b"")
    documents = models.JSONField(default=list, blank=True, help_text="[[name, base64], ...]")
    error = models.TextField(blank=True)
    tracking_events = models.JSONField(default=list, blank=True, help_text="Fake carrier only.")
    attempts = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created"]
        verbose_name = "carrier booking"

    def __str__(self) -> str:
        return f"{self.reference} ({self.carrier}, {self.status})"
