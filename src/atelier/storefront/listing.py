"""Listing pages (category, collection, search): reading the query string, and the
filters, facets and page of products to show.

Bad parameters raise `BadParams` with a sentence for the visitor (answered with 400);
a page past the end raises Http404. Unknown parameters (utm_source...) are ignored.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from django.http import Http404, QueryDict

from atelier.catalog.enums import Availability, Sort
from atelier.catalog.selectors import (
    AttributeFacet,
    ProductFilters,
    ProductPage,
    attribute_facets,
    product_listing,
)
from atelier.core.errors import DomainError
from atelier.core.money import Money
from atelier.pricing import facade as pricing
from atelier.storefront import availability
from atelier.storefront.formatting import money, number

log = logging.getLogger(__name__)

PER_PAGE = 24
MAX_PAGE = 10_000  # far past any catalog; beyond it nothing is asked of the database
MAX_VALUES = 40
MAX_PRICE = Decimal("100000000")
_VALUE = re.compile(r"^[a-z0-9_-]{1,80}:[a-z0-9_-]{1,80}$")
SORTS = [
    (Sort.NEWEST, "Newest"),
    (Sort.PRICE, "Price, low to high"),
    (Sort.PRICE_DESC, "Price, high to low"),
    (Sort.NAME, "Name, A to Z"),
]


class BadParams(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class PricesUnavailable(Exception):
    """The region's prices could not be computed (its price list is misconfigured)."""


@dataclass(frozen=True)
class Params:
    values: tuple[str, ...] = ()
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    availability: str = ""
    sort: str = Sort.NEWEST
    page: int = 1

    @property
    def is_filtered(self) -> bool:
        return bool(
            self.values
            or self.price_min is not None
            or self.price_max is not None
            or self.availability
        )

    def key(self) -> tuple:
        return (
            self.values,
            self.price_min,
            self.price_max,
            self.availability,
            self.sort,
            self.page,
        )

    def query(self, **changes) -> QueryDict:
        """These parameters as a query string (for pagination and "clear" links)."""
        params = replace(self, **changes)
        query = QueryDict(mutable=True)
        query.setlist("v", list(params.values))
        for name in ("price_min", "price_max"):
            if getattr(params, name) is not None:
                query[name] = str(getattr(params, name))
        if params.availability:
            query["availability"] = params.availability
        if params.sort != Sort.NEWEST:
            query["sort"] = params.sort
        if params.page > 1:
            query["page"] = str(params.page)
        return query


def parse(query: QueryDict, *, priced: bool) -> Params:
    """The listing parameters of a request, checked; `priced`: the region has prices."""
    sort = query.get("sort", "").strip() or Sort.NEWEST
    if sort not in Sort.values:
        raise BadParams("Sort by newest, name or price.")
    price_min = _price(query, "price_min", "Minimum price")
    price_max = _price(query, "price_max", "Maximum price")
    if price_min is not None and price_max is not None and price_min > price_max:
        raise BadParams("The minimum price is above the maximum price.")
    has_range = price_min is not None or price_max is not None
    if not priced and (sort in (Sort.PRICE, Sort.PRICE_DESC) or has_range):
        raise BadParams("Prices are not available in your region yet.")
    availability = query.get("availability", "").strip()
    if availability not in ("", *Availability.values):
        raise BadParams("Availability: choose in stock or made to order.")
    return Params(
        values=_values(query),
        price_min=price_min,
        price_max=price_max,
        availability=availability,
        sort=sort,
        page=_page(query),
    )


def _price(query: QueryDict, name: str, label: str) -> Decimal | None:
    raw = query.get(name, "").strip().replace(",", "")
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise BadParams(f"{label}: enter an amount, such as 1500.") from None
    if not value.is_finite() or value < 0 or value > MAX_PRICE:
        raise BadParams(f"{label}: enter an amount, such as 1500.")
    return value.quantize(Decimal("0.01"))


def _page(query: QueryDict) -> int:
    raw = query.get("page", "").strip()
    if not raw:
        return 1
    if not raw.isdigit() or int(raw) < 1:
        raise BadParams("Page: a whole number from 1.")
    if len(raw) > 6 or int(raw) > MAX_PAGE:
        raise Http404("No such page.")
    return int(raw)


def _values(query: QueryDict) -> tuple[str, ...]:
    values = sorted({v.strip() for v in query.getlist("v") if v.strip()})
    if len(values) > MAX_VALUES or not all(_VALUE.match(v) for v in values):
        raise BadParams("That filter is not one we offer; clear the filters and try again.")
    return tuple(values)


@dataclass(frozen=True)
class Listing:
    page: ProductPage
    facets: list[AttributeFacet]
    params: Params
    priced: bool


class _GuardedPrices:
    """A PriceSource that turns a pricing failure into PricesUnavailable."""

    def __init__(self, region_code: str):
        self.source = pricing.price_source(region_code)

    def display_prices(self, variant_ids):
        try:
            return self.source.display_prices(variant_ids)
        except DomainError as error:
            raise PricesUnavailable(str(error)) from error


def build(actor, base: ProductFilters, params: Params, region_code: str | None) -> Listing:
    """One page of products with facets. Without prices (none in the region, or the price
    list failing), the page still shows, unpriced and sorted by date."""
    filters = replace(
        base,
        values=params.values,
        price_min=params.price_min,
        price_max=params.price_max,
        availability=params.availability or None,
    )
    stock = availability.stock_source(region_code)
    prices = _GuardedPrices(region_code) if region_code else None
    try:
        page = _page_of(actor, filters, params, prices, stock)
    except PricesUnavailable as error:
        log.error("Storefront listing without prices for region %s: %s", region_code, error)
        filters = replace(filters, price_min=None, price_max=None)
        params = replace(params, sort=Sort.NEWEST, price_min=None, price_max=None)
        page, prices = _page_of(actor, filters, params, None, stock), None
    if params.page > page.num_pages:
        raise Http404("No such page.")
    facets = attribute_facets(actor, filters=filters)
    return Listing(page=page, facets=facets, params=params, priced=prices is not None)


def _page_of(actor, filters, params, prices, stock) -> ProductPage:
    return product_listing(
        actor,
        filters=filters,
        sort=params.sort,
        page=params.page,
        per_page=PER_PAGE,
        prices=prices,
        stock=stock,
    )


# --- Links of a listing page (sort, pages, active filters) ------------------------------


def canonical(path: str, params: Params) -> str:
    """A listing's canonical address: its path and page, never its filters or sort."""
    return f"{path}?page={params.page}" if params.page > 1 else path


def title(name: str, params: Params) -> str:
    return f"{name} — page {params.page}" if params.page > 1 else name


def children(forest, category_id: int) -> list:
    """The sub-categories of `category_id` in a `category_tree` forest."""
    for node in forest:
        if node.id == category_id:
            return node.children
        found = children(node.children, category_id)
        if found:
            return found
    return []


def links(result: Listing, path: str, currency: str | None, extra: dict | None = None) -> dict:
    """Every link the listing shows, as (label, href[, current]) tuples."""
    params = result.params

    def href(**changes) -> str:
        query = params.query(**{"page": 1, **changes})
        for name, value in (extra or {}).items():
            query[name] = value
        return f"{path}?{query.urlencode()}" if query else path

    sorts = SORTS if result.priced else [s for s in SORTS if s[0] not in PRICE_SORTS]
    return {
        "sorts": [(label, href(sort=value), value == params.sort) for value, label in sorts],
        "pages": [
            (n, href(page=n), n == params.page) if n else (None, "", False)
            for n in page_numbers(result.page.page, result.page.num_pages)
        ],
        "previous": href(page=params.page - 1) if result.page.has_previous else "",
        "next": href(page=params.page + 1) if result.page.has_next else "",
        "chips": _chips(result, currency, href),
        "clear": href(values=(), price_min=None, price_max=None, availability=""),
    }


PRICE_SORTS = (Sort.PRICE, Sort.PRICE_DESC)


def page_numbers(current: int, last: int, around: int = 2) -> list[int | None]:
    """Pages to link, None for a gap: 1 … 4 5 [6] 7 8 … 20."""
    shown = sorted(n for n in {1, last, *range(current - around, current + around + 1)})
    numbers: list[int | None] = []
    previous = 0
    for n in (n for n in shown if 1 <= n <= last):
        if n - previous > 1:
            numbers.append(None)
        numbers.append(n)
        previous = n
    return numbers


def _chips(result: Listing, currency: str | None, href) -> list[tuple[str, str]]:
    params = result.params
    names = {v.slug: f"{f.name}: {v.name}" for f in result.facets for v in f.values}
    chips = [
        (names.get(value, value), href(values=tuple(v for v in params.values if v != value)))
        for value in params.values
    ]
    if params.price_min is not None:
        chips.append((f"From {_amount(params.price_min, currency)}", href(price_min=None)))
    if params.price_max is not None:
        chips.append((f"Up to {_amount(params.price_max, currency)}", href(price_max=None)))
    if params.availability:
        chips.append((Availability(params.availability).label, href(availability="")))
    return chips


def _amount(value: Decimal, currency: str | None) -> str:
    return money(Money(value, currency)) if currency else number(value)
