"""Live availability for API answers: the one hook between the catalog API and inventory.

Availability is never cached (a sold-out sofa must not show "in stock" for five
minutes): cached catalog answers get it added on every request, for the variants of the
page only, in a constant number of queries (`inventory.facade.availability_for_variants`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from atelier.api.catalog_schemas import AvailabilityOut
from atelier.inventory import facade as inventory

# Best first: what a product card shows is its best variant's availability.
RANK = {"in_stock": 0, "incoming": 1, "made_to_order": 2, "unavailable": 3}


def availability_for_variants(
    variant_ids: Collection[int], region_code: str | None
) -> dict[int, AvailabilityOut]:
    """Availability per variant from live stock (unknown variants are left out)."""
    if not variant_ids:
        return {}
    found = inventory.availability_for_variants(list(variant_ids), region_code=region_code)
    return {
        vid: AvailabilityOut(
            status=a.status,
            label=a.label,
            quantity=a.quantity,
            weeks=a.weeks,
            expected_date=a.expected_date,
        )
        for vid, a in found.items()
    }


def best(
    variant_ids: Iterable[int], found: Mapping[int, AvailabilityOut]
) -> AvailabilityOut | None:
    """The best availability among a product's variants (in stock beats incoming...)."""
    known = [found[v] for v in variant_ids if v in found]
    if not known:
        return None
    return min(known, key=lambda a: (RANK.get(a.status, 9), a.weeks or 0))


def stock_source(region_code: str | None):
    """A `catalog.ports.StockSource` for the listing's "in stock" filter."""
    return inventory.stock_source(region_code=region_code)
