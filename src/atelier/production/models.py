"""Production items (one per unit built) and their history."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from atelier.production.enums import ItemEventKind, ItemStatus


def _private_storage():
    from django.core.files.storage import storages

    return storages["private"]


class ProductionItem(models.Model):
    """One physical piece a workshop builds for a purchase-order line.

    Created when the purchase order goes into production (one per unit); its `code` is
    printed on the label and opens `/i/<code>`. `round` counts completions: 1 on the
    first, +1 after each rework.
    """

    code = models.CharField(max_length=12, unique=True, help_text="AT-XXXX-XXXX")
    purchase_order_number = models.CharField(max_length=20, db_index=True)
    po_line_id = models.PositiveBigIntegerField(help_text="purchasing line id")
    unit_index = models.PositiveSmallIntegerField(help_text="1..quantity of the line")
    manufacturer_id = models.PositiveBigIntegerField(db_index=True)
    order_ref = models.CharField(max_length=20, blank=True, db_index=True)
    line_ref = models.CharField(max_length=12, blank=True)
    product_id = models.PositiveBigIntegerField()
    variant_id = models.PositiveBigIntegerField()
    sku = models.CharField(max_length=64, blank=True)
    product_name = models.CharField(max_length=200)
    variant_name = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=16, choices=ItemStatus.choices, default=ItemStatus.IN_PRODUCTION
    )
    round = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["purchase_order_number", "po_line_id", "unit_index"]
        constraints = [
            models.UniqueConstraint(
                fields=["purchase_order_number", "po_line_id", "unit_index"],
                name="uniq_production_item_unit",
            ),
            models.CheckConstraint(
                name="production_item_unit_positive", condition=Q(unit_index__gt=0)
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def description(self) -> str:
        return " — ".join(p for p in (self.product_name, self.variant_name) if p)

    @property
    def last_event(self):
        """The latest ItemEvent (uses the prefetched `events` when there are)."""
        events = list(self.events.all())
        return events[-1] if events else None


class ItemEvent(models.Model):
    """What happened to a piece, who did it and when (the scan page shows these to staff)."""

    item = models.ForeignKey(ProductionItem, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=ItemEventKind.choices)
    at = models.DateTimeField(auto_now_add=True)
    actor_id = models.PositiveBigIntegerField(null=True, blank=True)
    actor_label = models.CharField(max_length=160)
    round = models.PositiveSmallIntegerField(default=0)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.kind}"


class CompletionPhoto(models.Model):
    """A photo the workshop attached when completing a purchase order (private storage)."""

    purchase_order_number = models.CharField(max_length=20, db_index=True)
    image = models.ImageField(storage=_private_storage, upload_to="production/photos/%Y/%m/")
    content_type = models.CharField(max_length=40)
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by_label = models.CharField(max_length=160)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.purchase_order_number}: {self.image.name}"
