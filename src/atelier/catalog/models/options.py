"""Made-to-order options: fabric/finish choices and custom dimensions within ranges.

A configuration is validated, never stored as a variant: prices for choices and for
custom dimensions live in pricing, per price list.
"""

from django.db import models
from django.db.models import F, Q

from atelier.catalog.enums import Axis, OptionKind


class OptionGroup(models.Model):
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.CASCADE, related_name="option_groups"
    )
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=80)
    kind = models.CharField(max_length=12, choices=OptionKind.choices, default=OptionKind.OTHER)
    required = models.BooleanField(default=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["product_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["product", "code"], name="uniq_option_group_code")
        ]

    def __str__(self) -> str:
        return self.name


class OptionChoice(models.Model):
    group = models.ForeignKey(OptionGroup, on_delete=models.CASCADE, related_name="choices")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=120)
    swatch = models.ForeignKey(
        "catalog.MediaImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_active = models.BooleanField(default=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["group_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "code"], name="uniq_option_choice_code")
        ]

    def __str__(self) -> str:
        return f"{self.group.name}: {self.name}"


class DimensionRange(models.Model):
    """The customer may set this axis anywhere in [min_cm, max_cm]."""

    product = models.ForeignKey(
        "catalog.Product", on_delete=models.CASCADE, related_name="dimension_ranges"
    )
    axis = models.CharField(max_length=8, choices=Axis.choices)
    min_cm = models.DecimalField(max_digits=7, decimal_places=1)
    max_cm = models.DecimalField(max_digits=7, decimal_places=1)

    class Meta:
        ordering = ["product_id", "axis"]
        constraints = [
            models.UniqueConstraint(fields=["product", "axis"], name="uniq_dimension_range_axis"),
            models.CheckConstraint(
                name="dimension_range_min_le_max",
                condition=Q(min_cm__gt=0) & Q(min_cm__lte=F("max_cm")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.axis} {self.min_cm}-{self.max_cm} cm"
