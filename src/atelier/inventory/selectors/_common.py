"""Helpers the inventory selectors share."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.paginator import Paginator

from atelier.catalog import facade as catalog

# The most variants a text search narrows a list to; refine the search beyond that.
SEARCH_LIMIT = 5000


def with_variants(rows: Iterable, attr: str = "variant_id") -> list:
    """`rows` as a list, each given `.variant_info` (catalog.VariantInfo or None), in a
    constant number of queries."""
    rows = list(rows)
    infos = catalog.variants_by_ids({getattr(r, attr) for r in rows})
    for row in rows:
        row.variant_info = infos.get(getattr(row, attr))
    return rows


def variant_ids_matching(text: str) -> list[int]:
    return catalog.find_variant_ids(text=text, limit=SEARCH_LIMIT)


def page_with_variants(rows, page_number, per_page: int):
    """The page `page_number` of `rows` (a Django Page), its rows given `.variant_info`."""
    page = Paginator(rows, per_page).get_page(page_number)
    page.object_list = with_variants(page.object_list)
    return page
