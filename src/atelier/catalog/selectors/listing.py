"""Product listing for category, collection and search pages: filters, sort, pages.

Prices and stock belong to higher contexts; the caller passes them in as a
`ports.PriceSource` / `ports.StockSource`. Without them, everything runs in the
database; with them (or when sorting by price) the filtered ids and their variants are
read once, priced in bulk, and only the page's rows are loaded. Either way the number
of queries does not depend on the number of products.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Lower

from atelier.catalog.access import collections_visible_to, products_visible_to
from atelier.catalog.enums import Availability, Channel, CollectionKind, Sort
from atelier.catalog.models import (
    Category,
    Collection,
    Product,
    ProductImage,
    ProductVariant,
    VariantValue,
)
from atelier.catalog.ports import PriceSource, StockSource
from atelier.core.actor import Actor
from atelier.core.errors import ValidationFailed
from atelier.core.money import Money

MAX_PER_PAGE = 96


@dataclass(frozen=True)
class ProductFilters:
    category: str | None = None  # slug; includes its descendants
    collection: str | None = None  # slug; must be visible to the actor
    values: tuple[str, ...] = ()  # "attribute:value" slugs; OR within, AND across attributes
    manufacturer: str | None = None  # manufacturer code
    made_to_order: bool | None = None
    availability: str | None = None  # Availability: in_stock (needs a StockSource) or made_to_order
    price_min: Decimal | None = None  # in the PriceSource's region, display price
    price_max: Decimal | None = None
    q: str = ""  # search in name, description, materials; exact SKU


@dataclass(frozen=True)
class ProductCard:
    product: Product  # with manufacturer and category loaded
    cover: ProductImage | None  # first image, with .image (MediaImage) loaded
    from_price: Money | None  # lowest variant price in the region, if a PriceSource was given


@dataclass(frozen=True)
class ProductPage:
    items: list[ProductCard]
    total: int
    page: int
    per_page: int
    num_pages: int = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "num_pages", max(1, math.ceil(self.total / self.per_page)))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


@dataclass(frozen=True)
class FacetValue:
    slug: str  # "attribute:value", as ProductFilters.values takes it
    name: str
    count: int


@dataclass(frozen=True)
class AttributeFacet:
    slug: str
    name: str
    values: list[FacetValue]


def product_listing(
    actor: Actor,
    *,
    filters: ProductFilters = ProductFilters(),
    sort: str = Sort.NEWEST,
    page: int = 1,
    per_page: int = 24,
    channel: str = Channel.ONLINE,
    prices: PriceSource | None = None,
    stock: StockSource | None = None,
) -> ProductPage:
    """One page of the products the actor may see in `channel`, filtered and sorted."""
    _check_args(filters, sort, prices, stock)
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page = max(1, page)
    qs = filtered_products(actor, filters, channel)
    if prices is None and filters.availability != Availability.IN_STOCK:
        total = qs.count()
        ids = list(
            qs.order_by(*_db_order(sort)).values_list("id", flat=True)[
                (page - 1) * per_page : page * per_page
            ]
        )
        return ProductPage(_cards(ids, {}), total, page, per_page)
    ranked, from_prices = _rank_in_python(qs, filters, sort, prices, stock)
    ids = ranked[(page - 1) * per_page : page * per_page]
    return ProductPage(_cards(ids, from_prices), len(ranked), page, per_page)


def search_products(actor: Actor, q: str, **kwargs) -> ProductPage:
    """Search page: `product_listing` with `filters.q` set."""
    base = kwargs.pop("filters", ProductFilters())
    filters = ProductFilters(**{**base.__dict__, "q": q})
    return product_listing(actor, filters=filters, **kwargs)


def _check_args(filters, sort, prices, stock) -> None:
    if sort not in Sort.values:
        raise ValidationFailed(f"sort: choose one of {', '.join(Sort.values)}.")
    if sort in (Sort.PRICE, Sort.PRICE_DESC) and prices is None:
        raise ValidationFailed("Sorting by price needs a region's prices.", code="needs_prices")
    if (filters.price_min is not None or filters.price_max is not None) and prices is None:
        raise ValidationFailed("A price range needs a region's prices.", code="needs_prices")
    if filters.availability == Availability.IN_STOCK and stock is None:
        raise ValidationFailed("Stock is not available yet.", code="needs_stock")
    if filters.availability not in (None, *Availability.values):
        raise ValidationFailed(f"availability: choose one of {', '.join(Availability.values)}.")


def filtered_products(actor: Actor, filters: ProductFilters, channel: str) -> QuerySet[Product]:
    """Visible products matching every filter except price and stock (done in Python)."""
    qs = products_visible_to(actor, channel)
    if filters.category:
        qs = qs.filter(category__in=_category_and_descendants(filters.category))
    if filters.collection:
        qs = _in_collection(actor, qs, filters.collection)
    if filters.manufacturer:
        qs = qs.filter(manufacturer__code=filters.manufacturer)
    if filters.made_to_order is not None:
        qs = qs.filter(made_to_order=filters.made_to_order)
    if filters.availability == Availability.MADE_TO_ORDER:
        qs = qs.filter(made_to_order=True)
    if filters.values:
        qs = qs.filter(id__in=_variants_with_values(filters.values).values("product_id"))
    if filters.q.strip():
        qs = qs.filter(_search(filters.q.strip()))
    return qs


def _category_and_descendants(slug: str) -> QuerySet[Category]:
    path = Category.objects.filter(is_active=True, slug=slug).values_list("path", flat=True).first()
    if path is None:
        return Category.objects.none()
    return Category.objects.filter(path__startswith=path, is_active=True)


def _in_collection(actor: Actor, qs: QuerySet[Product], slug: str) -> QuerySet[Product]:
    collection = collections_visible_to(actor).filter(slug=slug).first()
    if collection is None:
        return qs.none()
    if collection.kind == CollectionKind.MANUAL:
        return qs.filter(collection_entries__collection=collection)
    return qs.filter(rule_filter(collection))


def rule_filter(collection: Collection) -> Q:
    """The products a rule-based collection contains (every criterion must hold)."""
    q = Q()
    if collection.rule_category_id:
        path = collection.rule_category.path
        q &= Q(category__path__startswith=path, category__is_active=True)
    if collection.rule_manufacturer_id:
        q &= Q(manufacturer_id=collection.rule_manufacturer_id)
    if collection.rule_made_to_order is not None:
        q &= Q(made_to_order=collection.rule_made_to_order)
    value_ids = list(collection.rule_values.values_list("id", flat=True))
    if value_ids:
        variants = ProductVariant.objects.filter(is_active=True, values__in=value_ids)
        q &= Q(id__in=variants.values("product_id"))
    return q


def _variants_with_values(pairs: tuple[str, ...]) -> QuerySet[ProductVariant]:
    """Active variants having, for each attribute named, one of the values named."""
    wanted: dict[str, list[str]] = defaultdict(list)
    for pair in pairs:
        attribute, _, value = pair.partition(":")
        wanted[attribute].append(value)
    variants = ProductVariant.objects.filter(is_active=True)
    for attribute, slugs in wanted.items():
        variants = variants.filter(
            variant_values__attribute__slug=attribute, variant_values__value__slug__in=slugs
        )
    return variants


def _search(q: str) -> Q:
    skus = ProductVariant.objects.filter(sku__iexact=q).values("product_id")
    return (
        Q(name__icontains=q)
        | Q(description__icontains=q)
        | Q(materials__icontains=q)
        | Q(id__in=skus)
    )


def _db_order(sort: str) -> tuple:
    return (Lower("name"), "id") if sort == Sort.NAME else ("-created_at", "-id")


def _rank_in_python(qs, filters, sort, prices, stock) -> tuple[list[int], dict[int, Money]]:
    products = list(qs.values_list("id", "name", "created_at"))
    variants = list(
        ProductVariant.objects.filter(product__in=qs, is_active=True).values_list(
            "product_id", "id"
        )
    )
    by_product: dict[int, list[int]] = defaultdict(list)
    for product_id, variant_id in variants:
        by_product[product_id].append(variant_id)
    from_prices = _from_prices(by_product, prices) if prices is not None else {}
    keep = _keep(products, by_product, from_prices, filters, prices, stock)
    rows = [row for row in products if row[0] in keep]
    rows.sort(key=_python_key(sort, from_prices), reverse=sort == Sort.PRICE_DESC)
    if sort == Sort.NEWEST:
        rows.reverse()
    return [row[0] for row in rows], from_prices


def _from_prices(by_product, prices: PriceSource) -> dict[int, Money]:
    all_ids = [v for ids in by_product.values() for v in ids]
    variant_prices = prices.display_prices(all_ids)
    result = {}
    for product_id, ids in by_product.items():
        priced = [variant_prices[v] for v in ids if v in variant_prices]
        if priced:
            result[product_id] = min(priced)
    return result


def _keep(products, by_product, from_prices, filters, prices, stock) -> set[int]:
    keep = {row[0] for row in products}
    if prices is not None:  # not priced in the region = not sold there
        keep &= set(from_prices)
        if filters.price_min is not None:
            keep = {p for p in keep if from_prices[p].amount >= filters.price_min}
        if filters.price_max is not None:
            keep = {p for p in keep if from_prices[p].amount <= filters.price_max}
    if filters.availability == Availability.IN_STOCK:
        in_stock = stock.in_stock([v for p in keep for v in by_product.get(p, ())])
        keep = {p for p in keep if in_stock.intersection(by_product.get(p, ()))}
    return keep


def _python_key(sort: str, from_prices: dict[int, Money]):
    if sort in (Sort.PRICE, Sort.PRICE_DESC):
        return lambda row: (from_prices[row[0]].amount, row[1].lower(), row[0])
    if sort == Sort.NAME:
        return lambda row: (row[1].lower(), row[0])
    return lambda row: (row[2], row[0])


def _cards(ids: list[int], from_prices: dict[int, Money]) -> list[ProductCard]:
    """The page's products with manufacturer, category and cover image: three queries."""
    if not ids:
        return []
    images = ProductImage.objects.select_related("image").order_by("position", "id")
    rows = Product.objects.filter(id__in=ids).select_related("manufacturer", "category")
    by_id = rows.prefetch_related(Prefetch("images", images, to_attr="ordered_images")).in_bulk()
    return [
        ProductCard(
            product=by_id[i],
            cover=next(iter(by_id[i].ordered_images), None),
            from_price=from_prices.get(i),
        )
        for i in ids
        if i in by_id
    ]


def attribute_facets(
    actor: Actor, *, filters: ProductFilters = ProductFilters(), channel: str = Channel.ONLINE
) -> list[AttributeFacet]:
    """Attribute values of the matching products with product counts (for filter menus).

    The `values` filter itself is ignored, so that choosing one colour still lists the
    others. One query (plus access).
    """
    base = ProductFilters(**{**filters.__dict__, "values": ()})
    qs = filtered_products(actor, base, channel)
    rows = (
        VariantValue.objects.filter(variant__product__in=qs, variant__is_active=True)
        .values(
            "attribute__slug",
            "attribute__name",
            "attribute__position",
            "value__slug",
            "value__name",
            "value__position",
        )
        .annotate(count=Count("variant__product", distinct=True))
        .order_by("attribute__position", "attribute__name", "value__position", "value__name")
    )
    facets: dict[str, AttributeFacet] = {}
    for row in rows:
        slug = row["attribute__slug"]
        facet = facets.setdefault(slug, AttributeFacet(slug, row["attribute__name"], []))
        facet.values.append(
            FacetValue(f"{slug}:{row['value__slug']}", row["value__name"], row["count"])
        )
    return list(facets.values())
