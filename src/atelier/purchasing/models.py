"""Purchase orders to outside workshops, their lines, files, messages and revisions, and
the people to talk to at each workshop.

Lines keep a snapshot of what to build (product, variant, configuration) as plain values:
the catalog may change, the purchase order must not. One need (sales order + line ref) is
bought once: a partial unique constraint on live lines makes a second raise impossible,
even from a concurrent transaction.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from atelier.catalog.validators import validate_production_file
from atelier.org.models import Manufacturer
from atelier.purchasing.enums import (
    FileKind,
    FileSource,
    POOrigin,
    POStatus,
    RevisionStatus,
    Side,
)
from atelier.purchasing.storage import private_storage


class ManufacturerContact(models.Model):
    manufacturer = models.ForeignKey(
        Manufacturer, on_delete=models.CASCADE, related_name="workshop_contacts"
    )
    name = models.CharField(max_length=120)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    role = models.CharField(max_length=80, blank=True, help_text="e.g. production, accounts")
    is_primary = models.BooleanField(default=False)

    class Meta:
        ordering = ["manufacturer_id", "-is_primary", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.manufacturer_id})"


class PurchaseOrder(models.Model):
    number = models.CharField(max_length=20, unique=True)
    manufacturer = models.ForeignKey(
        Manufacturer, on_delete=models.PROTECT, related_name="purchase_orders"
    )
    status = models.CharField(
        max_length=24, choices=POStatus.choices, default=POStatus.DRAFT, db_index=True
    )
    origin = models.CharField(max_length=16, choices=POOrigin.choices, default=POOrigin.MANUAL)
    order_ref = models.CharField(max_length=40, blank=True, db_index=True)
    # A name or reference the workshop may see; never e-mail, phone or address.
    customer_reference = models.CharField(max_length=120, blank=True)
    customer_tier = models.CharField(max_length=40, blank=True)
    # Set by a manager when the workshop ships to the customer itself; only then does
    # the workshop see `delivery_address`.
    ship_from_workshop = models.BooleanField(default=False)
    delivery_address = models.TextField(blank=True)
    required_date = models.DateField(null=True, blank=True)
    currency = models.CharField(max_length=3)
    value = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    notes = models.TextField(blank=True, help_text="Notes for production.")
    revision = models.PositiveIntegerField(default=1)
    declined_reason = models.TextField(blank=True)
    created_by_label = models.CharField(max_length=160, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    released_by_label = models.CharField(max_length=160, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    released_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(name="po_value_not_negative", condition=Q(value__gte=0)),
            models.CheckConstraint(name="po_revision_positive", condition=Q(revision__gte=1)),
        ]

    def __str__(self) -> str:
        return self.number


class PurchaseOrderLine(models.Model):
    purchase_order = models.ForeignKey(
        PurchaseOrder, on_delete=models.CASCADE, related_name="lines"
    )
    position = models.PositiveIntegerField()
    order_ref = models.CharField(max_length=40, blank=True)
    line_ref = models.CharField(max_length=40, blank=True)
    variant_id = models.PositiveIntegerField()
    sku = models.CharField(max_length=64)
    product_id = models.PositiveIntegerField()
    product_name = models.CharField(max_length=200)
    variant_name = models.CharField(max_length=200, blank=True)
    made_to_order = models.BooleanField(default=False)
    configuration = models.JSONField(default=dict, blank=True)
    quantity = models.PositiveIntegerField()
    unit_value = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    awaiting_finalisation = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    # False once its purchase order is cancelled: the need may be bought again.
    is_live = models.BooleanField(default=True)
    supply_reference = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["purchase_order_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["purchase_order", "position"], name="uniq_po_line_position"
            ),
            models.UniqueConstraint(
                fields=["order_ref", "line_ref"],
                condition=Q(is_live=True) & ~Q(line_ref=""),
                name="uniq_live_po_line_per_need",
            ),
            models.CheckConstraint(name="po_line_quantity_positive", condition=Q(quantity__gt=0)),
            models.CheckConstraint(
                name="po_line_value_not_negative", condition=Q(unit_value__gte=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purchase_order_id}#{self.position}"


class PurchaseOrderFile(models.Model):
    purchase_order = models.ForeignKey(
        PurchaseOrder, on_delete=models.CASCADE, related_name="files"
    )
    line = models.ForeignKey(
        PurchaseOrderLine, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    kind = models.CharField(max_length=12, choices=FileKind.choices)
    title = models.CharField(max_length=160)
    # Files from the product point at the catalog's stored file (same private storage).
    file = models.FileField(
        upload_to="purchasing/files/%Y/%m/",
        storage=private_storage,
        validators=[validate_production_file],
        max_length=255,
    )
    source = models.CharField(max_length=8, choices=FileSource.choices)
    catalog_file_id = models.PositiveIntegerField(null=True, blank=True)
    product_id = models.PositiveIntegerField(null=True, blank=True)
    side = models.CharField(max_length=10, choices=Side.choices, default=Side.RETAILER)
    size_bytes = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    added_by_label = models.CharField(max_length=160, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["purchase_order_id", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["purchase_order", "catalog_file_id"],
                condition=Q(catalog_file_id__isnull=False),
                name="uniq_po_catalog_file",
            )
        ]

    def __str__(self) -> str:
        return self.title


class PurchaseOrderMessage(models.Model):
    purchase_order = models.ForeignKey(
        PurchaseOrder, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_label = models.CharField(max_length=160)
    side = models.CharField(max_length=10, choices=Side.choices)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["purchase_order_id", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author_label}: {self.body[:40]}"


class PurchaseOrderRevision(models.Model):
    purchase_order = models.ForeignKey(
        PurchaseOrder, on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(help_text="The PO revision this change makes.")
    line = models.ForeignKey(PurchaseOrderLine, on_delete=models.CASCADE, related_name="revisions")
    change_ref = models.CharField(max_length=60)
    summary = models.CharField(max_length=300)
    configuration_before = models.JSONField(default=dict, blank=True)
    configuration_after = models.JSONField(default=dict, blank=True)
    variant_before = models.PositiveIntegerField()
    variant_after = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=RevisionStatus.choices)
    by_label = models.CharField(max_length=160)
    at = models.DateTimeField(auto_now_add=True)
    decided_by_label = models.CharField(max_length=160, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["purchase_order_id", "at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["purchase_order", "change_ref"], name="uniq_po_revision_change"
            )
        ]

    def __str__(self) -> str:
        return f"{self.purchase_order_id} r{self.number} {self.change_ref}"
