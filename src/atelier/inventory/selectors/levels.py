"""Stock by location and variant, and the move history, for pages and endpoints."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

from atelier.catalog import facade as catalog
from atelier.core.actor import Actor
from atelier.inventory import access
from atelier.inventory.enums import STOCK_KINDS, LocationKind
from atelier.inventory.models import Location, StockLevel, StockMove
from atelier.inventory.selectors._common import page_with_variants, variant_ids_matching

__all__ = [
    "LevelFilters",
    "MoveFilters",
    "location_choices",
    "page_with_variants",
    "stock_levels",
    "stock_moves",
    "transfer_sites",
]


@dataclass(frozen=True)
class LevelFilters:
    location: str = ""  # location code
    variant: int | None = None
    search: str = ""  # SKU, barcode, variant or product name
    category: int | None = None
    only_available: bool = False
    include_virtual: bool = False


def stock_levels(actor: Actor, filters: LevelFilters = LevelFilters()) -> QuerySet[StockLevel]:
    """The levels the actor sees, filtered, in (location, variant) order (indexed)."""
    rows = access.stock_levels_visible_to(actor)
    if not filters.include_virtual and not filters.location:
        rows = rows.filter(physical=True)
    if filters.location:
        rows = rows.filter(location__code=filters.location)
    if filters.variant is not None:
        rows = rows.filter(variant_id=filters.variant)
    if filters.search.strip():
        rows = rows.filter(variant_id__in=variant_ids_matching(filters.search))
    if filters.category is not None:
        rows = rows.filter(variant_id__in=catalog.find_variant_ids(category_id=filters.category))
    if filters.only_available:
        rows = rows.filter(on_hand__gt=F("reserved"))
    return rows.order_by("location_id", "variant_id")


@dataclass(frozen=True)
class MoveFilters:
    location: str = ""
    variant: int | None = None
    reason: str = ""
    reference: str = ""
    search: str = ""


def stock_moves(actor: Actor, filters: MoveFilters = MoveFilters()) -> QuerySet[StockMove]:
    """The moves the actor sees (to or from their locations), newest first."""
    rows = access.stock_moves_visible_to(actor)
    if filters.location:
        code = filters.location
        rows = rows.filter(Q(from_location__code=code) | Q(to_location__code=code))
    if filters.variant is not None:
        rows = rows.filter(variant_id=filters.variant)
    if filters.reason:
        rows = rows.filter(reason=filters.reason)
    if filters.reference.strip():
        rows = rows.filter(reference__startswith=filters.reference.strip())
    if filters.search.strip():
        rows = rows.filter(variant_id__in=variant_ids_matching(filters.search))
    return rows.order_by("-created_at", "-id")


def location_choices(actor: Actor, *, manageable: bool = False) -> list[Location]:
    rows = (
        access.locations_manageable_by(actor) if manageable else access.locations_visible_to(actor)
    )
    return list(rows.order_by("kind", "priority", "name"))


def transfer_sites(actor: Actor) -> list[Location]:
    """Where the actor may send stock from or to: the open warehouses and boutiques they
    see, and the warehouses (a boutique asks the warehouse for stock)."""
    visible = access.locations_visible_to(actor).values("pk")
    rows = Location.objects.filter(is_active=True, kind__in=sorted(STOCK_KINDS)).filter(
        Q(pk__in=visible) | Q(kind=LocationKind.WAREHOUSE)
    )
    return list(rows.order_by("kind", "priority", "name"))
