"""Public catalog endpoints: products with regional prices and live availability,
categories, collections, the menu and the regions sold in.

Lives in api/ because one answer joins the catalog (selectors, which start from
catalog.access) and pricing (its facade). Handlers parse, call, shape: answers for
guest-like callers go through the public cache (`api.caching`), live stock is added
afterwards on every request (`api.stock`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ninja import Query, Router

from atelier.accounts.actors import actor_for
from atelier.api import caching, stock
from atelier.api import catalog_shapes as shapes
from atelier.api.catalog_schemas import (
    CategoryNodeOut,
    CollectionOut,
    MenuNodeOut,
    MenuQuery,
    ProductDetailOut,
    ProductPageOut,
    ProductQuery,
    RegionOut,
    RegionQuery,
)
from atelier.catalog import selectors
from atelier.core.actor import Actor
from atelier.core.errors import DomainError, NotFound
from atelier.pricing import facade as pricing

router = Router(tags=["catalog"])


@dataclass(frozen=True)
class _Cached:
    """A cached answer and the variant ids whose live availability is added to it."""

    body: ProductPageOut | ProductDetailOut
    variant_ids: dict[str, tuple[int, ...]]  # product slug -> active variant ids


# --- Endpoints ----------------------------------------------------------------------
@router.get("/products", response=ProductPageOut, summary="Products you may see, paged")
def products_list(request, query: Query[ProductQuery]):
    actor = actor_for(request.user)
    parts = ("products", query.cache_parts())
    shareable = not query.needs_live_stock
    answer = caching.cached(actor, parts, _listing, actor, query, shareable=shareable)
    return _with_card_availability(answer, query.region)


@router.get("/products/{slug}", response=ProductDetailOut, summary="One product")
def product_get(request, slug: str, query: Query[RegionQuery]):
    actor = actor_for(request.user)
    parts = ("product", slug, query.region)
    answer = caching.cached(actor, parts, _detail, actor, slug, query.region)
    return _with_variant_availability(answer, query.region)


@router.get("/categories", response=list[CategoryNodeOut], summary="The category tree")
def categories_list(request):
    actor = actor_for(request.user)
    return caching.cached(actor, ("categories",), _categories, actor)


@router.get("/collections", response=list[CollectionOut], summary="Collections you may see")
def collections_list(request):
    actor = actor_for(request.user)
    return caching.cached(actor, ("collections",), _collections, actor)


@router.get("/menu", response=list[MenuNodeOut], summary="The navigation menu")
def menu_get(request, query: Query[MenuQuery]):
    actor = actor_for(request.user)
    return caching.cached(actor, ("menu", query.menu), _menu, actor, query.menu)


@router.get("/regions", response=list[RegionOut], summary="Regions sold in, with currency")
def regions_list(request):
    actor = actor_for(request.user)
    return caching.cached(actor, ("regions",), _regions)


# --- Building the answers -----------------------------------------------------------
def _region(code: str | None) -> pricing.RegionInfo | None:
    if code is None:
        return None
    known = pricing.regions()
    for info in known:
        if info.code == code:
            return info
    choices = ", ".join(r.code for r in known) or "none yet"
    raise DomainError(
        f"region: no region {code!r}; choose one of {choices}.", code="unknown_region"
    )


def _check_targets(actor: Actor, query: ProductQuery) -> None:
    """An unknown (or hidden) category or collection is a bad filter, not an empty page."""
    for name, value, lookup in (
        ("category", query.category, selectors.get_category_for),
        ("collection", query.collection, selectors.get_collection_for),
    ):
        if value is None:
            continue
        try:
            lookup(actor, value)
        except NotFound:
            raise DomainError(f"{name}: no {name} {value!r}.", code=f"unknown_{name}") from None


def _listing(actor: Actor, query: ProductQuery) -> _Cached:
    info = _region(query.region)
    _check_targets(actor, query)
    region_code = info.code if info else None
    page = selectors.product_listing(
        actor,
        filters=query.filters(),
        sort=query.sort,
        page=query.page,
        per_page=query.per_page,
        prices=pricing.price_source(region_code) if info else None,
        stock=stock.stock_source(region_code) if query.needs_live_stock else None,
    )
    if query.page > page.num_pages:
        raise NotFound(
            f"page: {query.page} is past the last page ({page.num_pages}).",
            code="page_out_of_range",
        )
    ids = selectors.variant_ids_by_product([item.product.pk for item in page.items])
    variants = {item.product.slug: ids.get(item.product.pk, ()) for item in page.items}
    return _Cached(shapes.product_page(page, info), variants)


def _detail(actor: Actor, slug: str, region_code: str | None) -> _Cached:
    info = _region(region_code)
    detail = selectors.product_detail(actor, slug)  # NotFound: missing, unpublished, private
    product = detail.product
    variant_ids = tuple(v.pk for v in product.live_variants)
    quotes = pricing.prices_for_variants(variant_ids, info.code) if info else {}
    add_ons = pricing.configurator_prices(product.pk, info.code) if info else None
    body = shapes.product_detail(detail, info, quotes, add_ons)
    return _Cached(body, {product.slug: variant_ids})


def _with_card_availability(answer: _Cached, region_code: str | None) -> ProductPageOut:
    found = stock.availability_for_variants(
        [v for ids in answer.variant_ids.values() for v in ids], region_code
    )
    for item in answer.body.items:
        item.availability = stock.best(answer.variant_ids.get(item.slug, ()), found)
    return answer.body


def _with_variant_availability(answer: _Cached, region_code: str | None) -> ProductDetailOut:
    body = answer.body
    found = stock.availability_for_variants(answer.variant_ids[body.slug], region_code)
    for variant in body.variants:
        variant.availability = found.get(variant.id)
    body.availability = stock.best(answer.variant_ids[body.slug], found)
    return body


def _categories(actor: Actor) -> list[CategoryNodeOut]:
    return [shapes.category_node(n) for n in selectors.category_tree(actor)]


def _collections(actor: Actor) -> list[CollectionOut]:
    return [shapes.collection(c) for c in selectors.collection_list(actor)]


def _menu(actor: Actor, menu: str) -> list[MenuNodeOut]:
    return [shapes.menu_node(n) for n in selectors.menu_tree(actor, menu)]


def _regions() -> list[RegionOut]:
    return [shapes.region(r) for r in pricing.regions()]
