"""Pieces ready to ship, shipments, their lines, the coordinator's adjustments and the
tracking history.

Status changes only through `transitions.py` (core.statemachine); amounts are Decimal with
their currency; the destination and customs declaration are snapshots (JSON) so that a
later change to the order or catalogue never rewrites what was sent to the carrier.
"""

from django.conf import settings
from django.db import models

from atelier.shipping.enums import DeliveryKind, ShipmentStatus, SlotWindow, TrackingSource
from atelier.shipping.storage import private_storage


class ReadyPiece(models.Model):
    """A made-to-order piece that passed quality inspection (quality.InspectionPassed)."""

    item_code = models.CharField(max_length=40, unique=True)
    order_ref = models.CharField(max_length=20, db_index=True)
    line_ref = models.CharField(max_length=12)
    inspection_number = models.CharField(max_length=30, blank=True)
    passed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order_ref", "line_ref", "item_code"]

    def __str__(self) -> str:
        return f"{self.item_code} ({self.order_ref}/{self.line_ref})"


class ShippableOrder(models.Model):
    """A paid order shipping must deliver (sales.OrderPaid); the "to ship" list."""

    order_ref = models.CharField(max_length=20, unique=True)
    boutique_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    paid_at = models.DateTimeField(auto_now_add=True)
    fully_shipped = models.BooleanField(default=False, db_index=True)

    class Meta:
        ordering = ["paid_at", "id"]

    def __str__(self) -> str:
        return self.order_ref


class Shipment(models.Model):
    number = models.CharField(max_length=20, unique=True, help_text="SH-YYYY-NNNNNN")
    order_ref = models.CharField(max_length=20, db_index=True)
    status = models.CharField(
        max_length=20, choices=ShipmentStatus.choices, default=ShipmentStatus.DRAFT, db_index=True
    )
    kind = models.CharField(max_length=12, choices=DeliveryKind.choices)
    # Scope and contact, copied from the order (access.py reads boutique_id).
    boutique_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    customer_user_id = models.PositiveBigIntegerField(null=True, blank=True)
    currency = models.CharField(max_length=3)
    destination = models.JSONField(default=dict, help_text="Address snapshot (carrier Party)")
    address_confirmed_at = models.DateTimeField(null=True, blank=True)
    address_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    address_message = models.CharField(max_length=300, blank=True)
    lines_checked_at = models.DateTimeField(null=True, blank=True)
    lines_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The chosen rate (parcel) and the date it is for.
    carrier = models.CharField(max_length=20, blank=True)
    product_code = models.CharField(max_length=20, blank=True)
    product_name = models.CharField(max_length=120, blank=True)
    rate_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    rate_currency = models.CharField(max_length=3, blank=True)
    rate_date = models.DateField(null=True, blank=True, help_text="The ship date the rate is for")
    ship_date = models.DateField(null=True, blank=True)
    incoterm = models.CharField(max_length=3, default="DAP")
    # White glove: a booked slot instead of a carrier label.
    slot_date = models.DateField(null=True, blank=True)
    slot_window = models.CharField(max_length=11, choices=SlotWindow.choices, blank=True)
    customs = models.JSONField(default=dict, blank=True, help_text="Declaration as sent")
    tracking_number = models.CharField(max_length=40, blank=True, db_index=True)
    tracking_url = models.URLField(blank=True)
    label = models.FileField(upload_to="shipping/labels/", storage=private_storage, blank=True)
    customs_invoice = models.FileField(
        upload_to="shipping/customs/", storage=private_storage, blank=True
    )
    booking_note = models.CharField(max_length=300, blank=True)
    booked_at = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="shipment_rate_not_negative",
                condition=models.Q(rate_amount__isnull=True) | models.Q(rate_amount__gte=0),
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_white_glove(self) -> bool:
        return self.kind == DeliveryKind.WHITE_GLOVE

    @property
    def address_confirmed(self) -> bool:
        return self.address_confirmed_at is not None

    @property
    def lines_checked(self) -> bool:
        return self.lines_checked_at is not None


class ShipmentLine(models.Model):
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="lines")
    line_ref = models.CharField(max_length=12)
    variant_id = models.PositiveBigIntegerField()
    sku = models.CharField(max_length=64)
    description = models.CharField(max_length=200)
    made_to_order = models.BooleanField(default=False)
    quantity = models.PositiveIntegerField()
    unit_value = models.DecimalField(max_digits=12, decimal_places=2)
    item_codes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["shipment_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["shipment", "line_ref"], name="uniq_shipment_line"),
            models.CheckConstraint(
                name="shipment_line_qty_positive", condition=models.Q(quantity__gt=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.shipment_id}/{self.line_ref} x{self.quantity}"


class Adjustment(models.Model):
    """What the coordinator changed before booking, with the reason (never edited)."""

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="adjustments")
    field = models.CharField(max_length=60)
    old_value = models.CharField(max_length=300, blank=True)
    new_value = models.CharField(max_length=300, blank=True)
    reason = models.CharField(max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.field}: {self.old_value} -> {self.new_value}"


class TrackingUpdate(models.Model):
    """One step on the road, from the carrier's tracking or the coordinator."""

    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="tracking")
    status = models.CharField(max_length=20)
    at = models.DateTimeField()
    description = models.CharField(max_length=300, blank=True)
    location = models.CharField(max_length=120, blank=True)
    source = models.CharField(max_length=12, choices=TrackingSource.choices)
    actor_label = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["shipment", "status", "at", "source"], name="uniq_tracking_step"
            )
        ]

    def __str__(self) -> str:
        return f"{self.status} at {self.at:%Y-%m-%d %H:%M}"
