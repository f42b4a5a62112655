"""The category tree and the main menu the e-commerce manager arranges."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from atelier.catalog.enums import MenuItemKind


class Category(models.Model):
    """A node of the category tree.

    `path` is the materialised path of ids ("3/17/42/"), kept by the category services,
    so that "this category and its descendants" is one `path__startswith` filter.
    """

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    position = models.PositiveIntegerField(default=0)
    description = models.TextField(blank=True, help_text="Sanitised HTML.")
    image = models.ForeignKey(
        "catalog.MediaImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["path"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class MenuItem(models.Model):
    """One entry of a navigation menu ("main"), linking a category, a collection or a page."""

    menu = models.SlugField(max_length=40, default="main", db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    position = models.PositiveIntegerField(default=0)
    label = models.CharField(max_length=80, blank=True, help_text="Defaults to the target's name.")
    kind = models.CharField(max_length=12, choices=MenuItemKind.choices)
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    collection = models.ForeignKey(
        "catalog.Collection", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    url = models.CharField(
        max_length=300, blank=True, help_text="For pages: a site path (/about/) or https URL."
    )

    class Meta:
        ordering = ["menu", "position", "id"]
        constraints = [
            models.CheckConstraint(
                name="menu_item_has_one_target_matching_kind",
                condition=(
                    Q(
                        kind=MenuItemKind.CATEGORY,
                        category__isnull=False,
                        collection__isnull=True,
                        url="",
                    )
                    | Q(
                        kind=MenuItemKind.COLLECTION,
                        category__isnull=True,
                        collection__isnull=False,
                        url="",
                    )
                    | (
                        Q(kind=MenuItemKind.PAGE, category__isnull=True, collection__isnull=True)
                        & ~Q(url="")
                    )
                ),
            )
        ]

    def __str__(self) -> str:
        return self.label or f"{self.kind} #{self.pk}"
