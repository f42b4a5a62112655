"""Checklists per product category, and inspections of finished pieces.

An inspection copies its checklist's items into `InspectionResult` rows when it starts
(with the target resolved for the piece, e.g. its custom width), so editing a checklist
later never changes an inspection in progress or finished. Rows are written by
`quality.services` only.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from atelier.quality.enums import InspectionStatus, ItemKind, Severity
from atelier.quality.storage import private_storage


class Checklist(models.Model):
    """What to check on pieces of one catalog category (and its sub-categories, unless
    they have their own)."""

    category_id = models.PositiveIntegerField(unique=True)  # catalog.Category id
    name = models.CharField(max_length=120)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ChecklistItem(models.Model):
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    label = models.CharField(max_length=160)
    kind = models.CharField(max_length=12, choices=ItemKind.choices)
    # Measures: a fixed target, or `dimension_key` (the piece's own width/depth/height).
    target = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    tolerance = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=12, blank=True)
    dimension_key = models.CharField(max_length=12, blank=True)

    class Meta:
        ordering = ["checklist_id", "position", "id"]
        constraints = [
            models.CheckConstraint(
                name="quality_item_tolerance_not_negative",
                condition=Q(tolerance__isnull=True) | Q(tolerance__gte=0),
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Inspection(models.Model):
    """One inspection of one piece (item code) in one round; round 2, 3... after rework."""

    number = models.CharField(max_length=20, unique=True)  # QC-2026-000001
    item_code = models.CharField(max_length=40, db_index=True)
    round = models.PositiveSmallIntegerField(default=1)
    purchase_order_number = models.CharField(max_length=20, blank=True)
    manufacturer_id = models.PositiveIntegerField(db_index=True)
    product_id = models.PositiveIntegerField()
    variant_id = models.PositiveIntegerField()
    order_ref = models.CharField(max_length=20, blank=True)
    line_ref = models.CharField(max_length=20, blank=True)
    checklist = models.ForeignKey(
        Checklist, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=12, choices=InspectionStatus.choices, default=InspectionStatus.PENDING
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    inspector_label = models.CharField(max_length=120, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item_code", "round"], name="quality_one_inspection_per_round"
            ),
            models.CheckConstraint(name="quality_round_positive", condition=Q(round__gte=1)),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.number


class InspectionResult(models.Model):
    """One checklist item on one inspection: its snapshot, then what the inspector found.

    `passed` is None until recorded; for measures the service computes it from
    `measured`, `target` and `tolerance` (inclusive at both ends).
    """

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="results")
    checklist_item = models.ForeignKey(
        ChecklistItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    position = models.PositiveIntegerField()
    label = models.CharField(max_length=160)
    kind = models.CharField(max_length=12, choices=ItemKind.choices)
    target = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    tolerance = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=12, blank=True)
    measured = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["inspection_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "position"], name="quality_one_result_per_position"
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_recorded(self) -> bool:
        return self.passed is not None


class Defect(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="defects")
    result = models.ForeignKey(
        InspectionResult,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="defects",
        help_text="The checklist item this defect is about, if any.",
    )
    severity = models.CharField(max_length=10, choices=Severity.choices)
    description = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by_label = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["inspection_id", "id"]

    def __str__(self) -> str:
        return f"{self.get_severity_display()}: {self.description}"


def _photo_path(instance: InspectionPhoto, filename: str) -> str:
    ext = "png" if instance.content_type == "image/png" else "jpg"
    return f"quality/photos/{instance.inspection.number}/{uuid.uuid4().hex}.{ext}"


class InspectionPhoto(models.Model):
    """A photo taken during an inspection: re-encoded, without EXIF, in private storage."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="photos")
    defect = models.ForeignKey(
        Defect, null=True, blank=True, on_delete=models.SET_NULL, related_name="photos"
    )
    file = models.FileField(storage=private_storage, upload_to=_photo_path, max_length=200)
    content_type = models.CharField(max_length=20)
    size = models.PositiveIntegerField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    caption = models.CharField(max_length=200, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by_label = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["inspection_id", "id"]

    def __str__(self) -> str:
        return f"Photo {self.pk} of {self.inspection_id}"
