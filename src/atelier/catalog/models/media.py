"""Images (stored once, by content hash), 3D models and production files."""

from django.db import models
from django.db.models import Q

from atelier.catalog.enums import ProductionFileKind
from atelier.catalog.storage import private_storage
from atelier.catalog.validators import (
    validate_glb_content,
    validate_image_content,
    validate_production_file,
)


class MediaImage(models.Model):
    """One uploaded picture; the same bytes are stored once and reused (sha256)."""

    file = models.ImageField(
        upload_to="catalog/images/",
        width_field="width",
        height_field="height",
        validators=[validate_image_content],
    )
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    alt_text = models.CharField(max_length=300, help_text="Describes the picture; required.")
    sha256 = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(name="media_image_has_alt_text", condition=~Q(alt_text=""))
        ]

    def __str__(self) -> str:
        return self.alt_text[:60]


class ProductImage(models.Model):
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="images")
    image = models.ForeignKey(MediaImage, on_delete=models.PROTECT, related_name="product_uses")
    variant = models.ForeignKey(
        "catalog.ProductVariant",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="images",
        help_text="Shown when this variant is selected.",
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["product_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["product", "image"], name="uniq_product_image")
        ]

    def __str__(self) -> str:
        return f"{self.product_id}: {self.image_id}"


class Model3D(models.Model):
    """A GLB model of the product for <model-viewer> (storefront, showcase, room fit)."""

    product = models.ForeignKey(
        "catalog.Product", on_delete=models.CASCADE, related_name="models_3d"
    )
    file = models.FileField(upload_to="catalog/models/%Y/%m/", validators=[validate_glb_content])
    label = models.CharField(max_length=120, blank=True)
    size_bytes = models.PositiveBigIntegerField(default=0, editable=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["product_id", "position", "id"]
        verbose_name = "3D model"

    def __str__(self) -> str:
        return self.label or self.file.name


class ProductionFile(models.Model):
    """CAD, renders and assembly instructions sent with purchase orders. Private storage."""

    product = models.ForeignKey(
        "catalog.Product", on_delete=models.CASCADE, related_name="production_files"
    )
    kind = models.CharField(max_length=12, choices=ProductionFileKind.choices)
    file = models.FileField(
        upload_to="catalog/production/%Y/%m/",
        storage=private_storage,
        validators=[validate_production_file],
    )
    title = models.CharField(max_length=160)
    size_bytes = models.PositiveBigIntegerField(default=0, editable=False)
    sha256 = models.CharField(max_length=64, editable=False, default="")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["product_id", "kind", "id"]

    def __str__(self) -> str:
        return self.title
