"""Products, their publication per channel, attributes and sellable variants."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from atelier.catalog.enums import Channel, PublicationStatus
from atelier.org.models import Manufacturer


class Product(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True, help_text="Sanitised HTML.")
    manufacturer = models.ForeignKey(
        Manufacturer, on_delete=models.PROTECT, related_name="products"
    )
    category = models.ForeignKey(
        "catalog.Category", null=True, blank=True, on_delete=models.PROTECT, related_name="products"
    )
    width_cm = models.DecimalField(max_digits=7, decimal_places=1)
    depth_cm = models.DecimalField(max_digits=7, decimal_places=1)
    height_cm = models.DecimalField(max_digits=7, decimal_places=1)
    weight_kg = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    materials = models.CharField(max_length=300, blank=True)
    # Shipping and customs (optional; a shipment abroad is refused until they are set).
    hs_code = models.CharField(
        max_length=12, blank=True, help_text="Harmonised System code, 6-10 digits."
    )
    country_of_manufacture = models.CharField(
        max_length=2, blank=True, help_text="ISO 3166 alpha-2, e.g. IT."
    )
    package_width_cm = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    package_depth_cm = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    package_height_cm = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    package_weight_kg = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True, help_text="Packed, per unit."
    )
    care_notes = models.TextField(blank=True)
    made_to_order = models.BooleanField(default=False)
    lead_time_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Required for made-to-order products."
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="product_dimensions_positive",
                condition=Q(width_cm__gt=0, depth_cm__gt=0, height_cm__gt=0),
            ),
            models.CheckConstraint(
                name="product_weight_not_negative",
                condition=Q(weight_kg__isnull=True) | Q(weight_kg__gte=0),
            ),
            models.CheckConstraint(
                name="made_to_order_product_has_lead_time",
                condition=Q(made_to_order=False) | Q(lead_time_days__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProductPublication(models.Model):
    """Where a product stands in one sales channel; moved only by `apply_transition`."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="publications")
    channel = models.CharField(max_length=12, choices=Channel.choices)
    status = models.CharField(
        max_length=12,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["product_id", "channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "channel"], name="uniq_publication_product_channel"
            )
        ]

    def __str__(self) -> str:
        return f"{self.product_id}@{self.channel}: {self.status}"


class Attribute(models.Model):
    """A dimension along which variants differ: size, colour, fabric, finish."""

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class AttributeValue(models.Model):
    attribute = models.ForeignKey(Attribute, on_delete=models.CASCADE, related_name="values")
    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["attribute__position", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["attribute", "slug"], name="uniq_attribute_value_slug")
        ]

    def __str__(self) -> str:
        return f"{self.attribute.name}: {self.name}"


class ProductVariant(models.Model):
    """What is sold and stocked: one SKU of a product (e.g. the walnut, large version)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    sku = models.CharField(max_length=64, unique=True)
    barcode = models.CharField(
        max_length=14, null=True, blank=True, unique=True, help_text="GTIN-8/12/13/14."
    )
    name = models.CharField(max_length=120, blank=True, help_text="e.g. 'Walnut, 240 cm'.")
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    values = models.ManyToManyField(
        AttributeValue, through="catalog.VariantValue", related_name="variants", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["product_id", "position", "id"]

    def __str__(self) -> str:
        return self.sku


class VariantValue(models.Model):
    """At most one value per attribute per variant (e.g. one colour)."""

    variant = models.ForeignKey(
        ProductVariant, on_delete=models.CASCADE, related_name="variant_values"
    )
    attribute = models.ForeignKey(Attribute, on_delete=models.PROTECT, related_name="+")
    value = models.ForeignKey(AttributeValue, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["variant", "attribute"], name="uniq_variant_value_per_attribute"
            )
        ]

    def __str__(self) -> str:
        return f"{self.variant_id}: {self.value_id}"
