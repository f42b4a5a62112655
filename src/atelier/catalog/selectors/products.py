"""Product page, collections and the publication history."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch

from atelier.catalog.access import (
    collections_visible_to,
    get_product_for,
    products_visible_to,
)
from atelier.catalog.enums import Channel
from atelier.catalog.models import (
    Category,
    Collection,
    OptionChoice,
    OptionGroup,
    Product,
    ProductImage,
    ProductPublication,
    ProductVariant,
    VariantValue,
)
from atelier.catalog.selectors.navigation import category_breadcrumbs
from atelier.core.actor import Actor
from atelier.core.models import StatusChange


@dataclass(frozen=True)
class ProductDetail:
    """The product page. `product` has loaded: manufacturer, category, `live_variants`
    (active, with `variant_values` -> attribute/value), `ordered_images` (-> image,
    variant), `option_groups_ordered` (-> `active_choices` -> swatch), `dimension_ranges`,
    `models_3d`."""

    product: Product
    breadcrumbs: list[Category]
    collections: list[Collection]  # only those the actor may see


def product_detail(actor: Actor, slug: str, channel: str = Channel.ONLINE) -> ProductDetail:
    """Everything a product page shows, in a constant number of queries; NotFound if the
    product is missing, unpublished in `channel` or private to others."""
    get_product_for(actor, slug, channel)  # raises NotFound
    product = (
        products_visible_to(actor, channel)
        .select_related("manufacturer", "category")
        .prefetch_related(*_detail_prefetches(actor))
        .get(slug=slug)
    )
    crumbs = category_breadcrumbs(product.category) if product.category else []
    return ProductDetail(product, crumbs, list(product.visible_collections))


def _detail_prefetches(actor: Actor) -> list:
    values = VariantValue.objects.select_related("attribute", "value").order_by(
        "attribute__position", "attribute__name"
    )
    variants = ProductVariant.objects.filter(is_active=True).prefetch_related(
        Prefetch("variant_values", values)
    )
    choices = OptionChoice.objects.filter(is_active=True).select_related("swatch")
    groups = OptionGroup.objects.prefetch_related(Prefetch("choices", choices, "active_choices"))
    return [
        Prefetch("variants", variants, to_attr="live_variants"),
        Prefetch(
            "images",
            ProductImage.objects.select_related("image", "variant"),
            to_attr="ordered_images",
        ),
        Prefetch("option_groups", groups, to_attr="option_groups_ordered"),
        "dimension_ranges",
        "models_3d",
        Prefetch(
            "collections",
            collections_visible_to(actor).select_related("hero_image"),
            to_attr="visible_collections",
        ),
    ]


def collection_list(actor: Actor) -> list[Collection]:
    """Collections the actor may see, in order, with their hero image. One query + access."""
    return list(collections_visible_to(actor).select_related("hero_image"))


def publication_history(product: Product) -> list[StatusChange]:
    """Every publication status change of the product, all channels, oldest first."""
    publication_ids = ProductPublication.objects.filter(product=product).values_list("id")
    return list(
        StatusChange.objects.filter(
            content_type=ContentType.objects.get_for_model(ProductPublication),
            object_id__in=[str(i) for (i,) in publication_ids],
        ).select_related("actor")
    )


def variant_ids_by_product(product_ids: Iterable[int]) -> dict[int, tuple[int, ...]]:
    """Active variant ids of each product, in id order (for availability labels on
    listing cards). Callers pass ids the actor may already see. One query."""
    rows = (
        ProductVariant.objects.filter(product_id__in=list(product_ids), is_active=True)
        .order_by("product_id", "id")
        .values_list("product_id", "id")
    )
    result: dict[int, list[int]] = {}
    for product_id, variant_id in rows:
        result.setdefault(product_id, []).append(variant_id)
    return {p: tuple(ids) for p, ids in result.items()}
