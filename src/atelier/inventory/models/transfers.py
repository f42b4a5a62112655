"""Transfers of stock between two locations: requested -> shipped -> received."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from atelier.inventory.enums import MoveReason, TransferStatus


class Transfer(models.Model):
    """Its status moves only through `transitions.TRANSFER_TRANSITIONS`."""

    number = models.CharField(max_length=20, unique=True)
    source = models.ForeignKey(
        "inventory.Location", on_delete=models.PROTECT, related_name="transfers_out"
    )
    destination = models.ForeignKey(
        "inventory.Location", on_delete=models.PROTECT, related_name="transfers_in"
    )
    status = models.CharField(
        max_length=12,
        choices=TransferStatus.choices,
        default=TransferStatus.REQUESTED,
        db_index=True,
    )
    note = models.CharField(max_length=500, blank=True)
    due_date = models.DateField(help_text="Expected at the destination by this day.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_by_label = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="transfer_between_two_locations", condition=~Q(source=F("destination"))
            ),
        ]

    def __str__(self) -> str:
        return self.number


class TransferLine(models.Model):
    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.PROTECT, related_name="+"
    )
    quantity_requested = models.PositiveIntegerField()
    quantity_shipped = models.PositiveIntegerField(null=True, blank=True)
    quantity_received = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["transfer_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["transfer", "variant"], name="uniq_transfer_variant"),
            models.CheckConstraint(
                name="transfer_line_requested_positive", condition=Q(quantity_requested__gt=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.transfer_id}: {self.quantity_requested} x {self.variant_id}"


class TransferDiscrepancy(models.Model):
    """Received differs from shipped: the difference, and the move that squared it."""

    line = models.OneToOneField(TransferLine, on_delete=models.CASCADE, related_name="discrepancy")
    shipped = models.PositiveIntegerField()
    received = models.PositiveIntegerField()
    reason = models.CharField(
        max_length=24, choices=MoveReason.choices, default=MoveReason.TRANSFER_DISCREPANCY
    )
    note = models.CharField(max_length=500, blank=True)
    move = models.ForeignKey("inventory.StockMove", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "transfer discrepancies"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.line_id}: shipped {self.shipped}, received {self.received}"

    @property
    def difference(self) -> int:
        return self.received - self.shipped
