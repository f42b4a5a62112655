"""Stock held for sales order lines, and supply on its way to the warehouse."""

from django.db import models
from django.db.models import Q

from atelier.inventory.enums import (
    ACTIVE_RESERVATION_STATUSES,
    ReservationStatus,
    SalesChannel,
)


class Reservation(models.Model):
    """Units of one order line held at one location (a line may be split over several).

    The order is sales' document; inventory knows it only by its opaque references.
    Its status moves only through `transitions.RESERVATION_TRANSITIONS`.
    """

    order_ref = models.CharField(max_length=40, db_index=True)
    line_ref = models.CharField(max_length=40)
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.PROTECT, related_name="+"
    )
    location = models.ForeignKey(
        "inventory.Location", on_delete=models.PROTECT, related_name="reservations"
    )
    quantity = models.PositiveIntegerField()
    channel = models.CharField(max_length=12, choices=SalesChannel.choices)
    status = models.CharField(
        max_length=12, choices=ReservationStatus.choices, default=ReservationStatus.PENDING
    )
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["order_ref", "line_ref", "id"]
        constraints = [
            models.CheckConstraint(
                name="reservation_quantity_positive", condition=Q(quantity__gt=0)
            ),
            models.UniqueConstraint(
                fields=["order_ref", "line_ref", "location"],
                condition=Q(status__in=ACTIVE_RESERVATION_STATUSES),
                name="uniq_active_reservation_line_location",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "expires_at"], name="reservation_status_expiry_idx"),
            models.Index(fields=["variant", "location", "status"], name="reservation_level_idx"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.order_ref}/{self.line_ref}: {self.quantity} x {self.variant_id} ({self.status})"
        )


class IncomingSupply(models.Model):
    """Units expected at a location on a date (a purchase order line, later purchasing's).

    With `order_ref`/`line_ref` it is bought for that order line (made to order) and is
    not free stock for anyone else.
    """

    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.PROTECT, related_name="+"
    )
    location = models.ForeignKey(
        "inventory.Location", on_delete=models.PROTECT, related_name="incoming"
    )
    quantity = models.PositiveIntegerField()
    expected_date = models.DateField()
    reference = models.CharField(max_length=60, help_text="e.g. PO-2026-000012/3")
    order_ref = models.CharField(max_length=40, blank=True)
    line_ref = models.CharField(max_length=40, blank=True)
    is_open = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["expected_date", "id"]
        verbose_name_plural = "incoming supplies"
        constraints = [
            models.CheckConstraint(name="supply_quantity_positive", condition=Q(quantity__gt=0)),
            models.UniqueConstraint(fields=["reference"], name="uniq_supply_reference"),
        ]
        indexes = [
            models.Index(fields=["variant", "is_open", "expected_date"], name="supply_variant_idx"),
            models.Index(fields=["order_ref"], name="supply_order_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.quantity} x {self.variant_id} on {self.expected_date}"
