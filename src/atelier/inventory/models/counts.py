"""Cycle counts: a sheet per location (optionally one category), reviewed, then adjusted."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from atelier.inventory.enums import CountStatus, MoveReason


class CountSheet(models.Model):
    """Its status moves only through `transitions.COUNT_TRANSITIONS`."""

    number = models.CharField(max_length=20, unique=True)
    location = models.ForeignKey(
        "inventory.Location", on_delete=models.PROTECT, related_name="count_sheets"
    )
    category = models.ForeignKey(
        "catalog.Category", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=12, choices=CountStatus.choices, default=CountStatus.OPEN, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by_label = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.number


class CountLine(models.Model):
    """`expected` is the on-hand quantity when the count was entered; the variance is
    posted as a move at approval, so stock that moved meanwhile is not overwritten."""

    sheet = models.ForeignKey(CountSheet, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.PROTECT, related_name="+"
    )
    expected = models.IntegerField(null=True, blank=True)
    counted = models.PositiveIntegerField(null=True, blank=True)
    reason = models.CharField(
        max_length=24, choices=MoveReason.choices, default=MoveReason.COUNT_ADJUSTMENT
    )
    counted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sheet_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "variant"], name="uniq_count_sheet_variant"),
            models.CheckConstraint(
                name="count_line_expected_with_count",
                condition=Q(counted__isnull=True) | Q(expected__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sheet_id}: {self.variant_id} counted {self.counted}"

    @property
    def variance(self) -> int | None:
        if self.counted is None:
            return None
        return self.counted - self.expected
