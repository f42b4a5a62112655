"""Availability labels ("In stock", "Ships in 3 weeks", "Made to order — about 8
weeks") from inventory's facade: the storefront's only door to stock.

Stock is never cached: labels are computed per request (a constant number of queries)
and dropped into the slots of cached fragments.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.html import format_html

from atelier.catalog.selectors import variant_ids_by_product
from atelier.inventory import facade as inventory

# Best first: a product is as available as its most available variant.
_RANK = {"in_stock": 0, "incoming": 1, "made_to_order": 2, "unavailable": 3}


def stock_source(region_code: str | None):
    """The `catalog.ports.StockSource` for listings (the "In stock" filter)."""
    return inventory.stock_source(channel="online", region_code=region_code)


def for_variants(variant_ids: Iterable[int], region_code: str | None) -> dict[int, object]:
    """inventory Availability per variant (status, weeks, label)."""
    ids = list(variant_ids)
    if not ids:
        return {}
    return inventory.availability_for_variants(ids, region_code=region_code, channel="online")


def best(availabilities: Iterable) -> object | None:
    """The most available of several variants' availabilities (soonest when equal)."""
    ranked = sorted(
        availabilities, key=lambda a: (_RANK.get(a.status, 9), a.weeks if a.weeks else 0)
    )
    return ranked[0] if ranked else None


def product_slots(product_ids: Iterable[int], region_code: str | None) -> dict[str, str]:
    """{"avail:<product id>": label HTML} for listing cards. Seven queries in all."""
    by_product = variant_ids_by_product(list(product_ids))
    found = for_variants([v for ids in by_product.values() for v in ids], region_code)
    slots = {}
    for product_id, ids in by_product.items():
        chosen = best(found[v] for v in ids if v in found)
        if chosen is not None:
            slots[f"avail:{product_id}"] = badge(chosen)
    return slots


def badge(availability) -> str:
    return format_html(
        '<span class="availability availability--{}">{}</span>',
        availability.status,
        availability.label,
    )
