"""Carts: a guest's (found by its token) or a signed-in customer's. Prices are never
stored here: they are computed from pricing on every read."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from atelier.sales.enums import CartStatus


class Cart(models.Model):
    token = models.CharField(max_length=64, unique=True, help_text="Secret the browser keeps.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="carts",
    )
    region_code = models.CharField(max_length=20)
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=12, choices=CartStatus.choices, default=CartStatus.OPEN)
    discount_code = models.CharField(max_length=40, blank=True)
    loyalty_points = models.PositiveIntegerField(
        default=0, help_text="Points the signed-in customer chose to redeem"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["user", "status"], name="cart_user_status_idx")]

    def __str__(self) -> str:
        return f"cart {self.pk} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status == CartStatus.OPEN


class CartLine(models.Model):
    """A variant, or a made-to-order configuration of it (validated options and sizes)."""

    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.CASCADE, related_name="+"
    )
    quantity = models.PositiveIntegerField()
    options = models.JSONField(default=dict, blank=True, help_text="{group code: choice code}")
    dimensions = models.JSONField(default=dict, blank=True, help_text='{"width": "260"}')
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(name="cart_line_quantity_positive", condition=Q(quantity__gt=0))
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x variant {self.variant_id}"
