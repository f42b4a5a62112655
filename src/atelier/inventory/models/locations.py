"""Where stock is: warehouses, boutiques, in transit, and the virtual counterparts."""

from django.db import models
from django.db.models import Q

from atelier.inventory.enums import PHYSICAL_KINDS, LocationKind


class Location(models.Model):
    """A place stock can be in. Warehouses and boutiques are tied to their org row.

    The virtual locations (manufacturers, customers, scrap, adjustments) exist once each
    and mirror what went through them: their balances may be negative.
    """

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=16, choices=LocationKind.choices, db_index=True)
    warehouse = models.OneToOneField(
        "org.Warehouse", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    boutique = models.OneToOneField(
        "org.Boutique", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sells_online = models.BooleanField(
        default=False, help_text="Its stock may be sold and shipped to online customers."
    )
    priority = models.PositiveSmallIntegerField(
        default=100, help_text="Allocation order within its kind (smaller first)."
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "priority", "name"]
        constraints = [
            models.CheckConstraint(
                name="location_site_matches_kind",
                condition=(
                    Q(kind=LocationKind.WAREHOUSE, warehouse__isnull=False, boutique__isnull=True)
                    | Q(kind=LocationKind.BOUTIQUE, boutique__isnull=False, warehouse__isnull=True)
                    | (
                        Q(warehouse__isnull=True, boutique__isnull=True)
                        & ~Q(kind__in=[LocationKind.WAREHOUSE, LocationKind.BOUTIQUE])
                    )
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_physical(self) -> bool:
        return self.kind in PHYSICAL_KINDS
