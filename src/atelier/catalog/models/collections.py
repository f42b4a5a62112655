"""Collections: hand-picked or rule-based, public or private to chosen customers/groups."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from atelier.catalog.enums import CollectionKind, Visibility
from atelier.catalog.validators import validate_video_content


class Collection(models.Model):
    name = models.CharField(max_length=160)
    slug = models.SlugField(max_length=160, unique=True)
    description = models.TextField(blank=True, help_text="Sanitised HTML.")
    kind = models.CharField(
        max_length=8, choices=CollectionKind.choices, default=CollectionKind.MANUAL
    )
    products = models.ManyToManyField(
        "catalog.Product", through="catalog.CollectionProduct", related_name="collections"
    )
    # Rule-based membership: every given criterion must hold.
    rule_category = models.ForeignKey(
        "catalog.Category", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rule_manufacturer = models.ForeignKey(
        "org.Manufacturer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rule_made_to_order = models.BooleanField(null=True, blank=True)
    rule_values = models.ManyToManyField(
        "catalog.AttributeValue",
        blank=True,
        related_name="+",
        help_text="Products with a variant having any of these values.",
    )
    hero_image = models.ForeignKey(
        "catalog.MediaImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    video = models.FileField(
        upload_to="catalog/videos/%Y/%m/", blank=True, validators=[validate_video_content]
    )
    video_url = models.URLField(blank=True, help_text="https link to a hosted video.")
    visibility = models.CharField(
        max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    granted_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="granted_collections"
    )
    granted_groups = models.ManyToManyField(
        "customers.CustomerGroup", blank=True, related_name="granted_collections"
    )
    max_quantity = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Limited edition: at most this many pieces of each product are sold.",
    )
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[granted_users, granted_groups])

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                name="private_collection_is_hand_picked",
                condition=Q(visibility=Visibility.PUBLIC) | Q(kind=CollectionKind.MANUAL),
            ),
            models.CheckConstraint(
                name="limited_edition_quantity_positive",
                condition=Q(max_quantity__isnull=True) | Q(max_quantity__gt=0),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_private(self) -> bool:
        return self.visibility == Visibility.PRIVATE


class CollectionProduct(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="entries")
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.CASCADE, related_name="collection_entries"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["collection_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "product"], name="uniq_collection_product"
            )
        ]

    def __str__(self) -> str:
        return f"{self.collection_id}: {self.product_id}"
