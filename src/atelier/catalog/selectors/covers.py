"""Cover pictures for pieces already chosen (cart and order lines): no visibility check,
because the caller has already decided the visitor may see the line."""

from __future__ import annotations

from collections.abc import Collection

from atelier.catalog.models import MediaImage, ProductImage


def product_covers(product_ids: Collection[int]) -> dict[int, MediaImage]:
    """The first picture of each product (its own order); one query. Products without a
    picture are left out."""
    ids = {int(i) for i in product_ids}
    if not ids:
        return {}
    covers: dict[int, MediaImage] = {}
    rows = ProductImage.objects.filter(product_id__in=ids).select_related("image")
    for row in rows.order_by("product_id", "position", "id"):
        covers.setdefault(row.product_id, row.image)
    return covers
