"""What other contexts (sales, storefront, api...) may ask pricing.

quote(variant_id=..., region_code="eu", quantity=2, options={"fabric": "mohair"},
      dimensions={"width": "260"}, on=date.today()) -> PriceQuote
prices_for_variants([1, 2, 3], "us") -> {1: PriceQuote, ...}   # list pages
price_source("eu") -> a catalog.ports.PriceSource for product_listing(prices=...)
configurator_prices(product_id, "eu") -> ConfiguratorPrices   # product page
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.utils import timezone

from atelier.catalog import facade as catalog
from atelier.core.money import Money
from atelier.pricing import quotes
from atelier.pricing.dto import AddOn, ConfiguratorPrices, PriceQuote, SizeRule

__all__ = [
    "AddOn",
    "ConfiguratorPrices",
    "PriceQuote",
    "RegionPrices",
    "SizeRule",
    "configurator_prices",
    "price_source",
    "prices_for_variants",
    "quote",
]


def quote(
    *,
    variant_id: int,
    region_code: str,
    quantity: int = 1,
    options=(),
    dimensions=None,
    on: date | None = None,
    country: str | None = None,
    state: str | None = None,
) -> PriceQuote:
    """The price of a line: the variant, its made-to-order options ({group: choice} or
    pairs) and custom dimensions ({"width": "260"}), with tax for the destination
    (`country`/`state`, else the region's default).

    Raises NotFound (unknown variant or region) or ValidationFailed (invalid
    configuration; variant, option or custom size not sold in the region; no tax rate).
    """
    return quotes.quote(
        variant_id=variant_id,
        region_code=region_code,
        quantity=quantity,
        options=options,
        dimensions=dimensions,
        on=on or timezone.localdate(),
        country=country,
        state=state,
    )


def prices_for_variants(
    variant_ids: Collection[int],
    region_code: str,
    *,
    quantity: int = 1,
    on: date | None = None,
    country: str | None = None,
    state: str | None = None,
) -> dict[int, PriceQuote]:
    """Base prices of many variants (no options); variants not sold there are left out.
    Three queries whatever the number of variants."""
    return quotes.bulk(
        variant_ids,
        region_code,
        quantity=quantity,
        on=on or timezone.localdate(),
        country=country,
        state=state,
    )


class RegionPrices:
    """`catalog.ports.PriceSource` for one region; remembers what it has priced."""

    def __init__(self, region_code: str, *, on: date | None = None):
        self.region_code = region_code
        self.on = on or timezone.localdate()
        self.quotes: dict[int, PriceQuote] = {}

    def display_prices(self, variant_ids: Collection[int]) -> dict[int, Money]:
        missing = [v for v in variant_ids if v not in self.quotes]
        if missing:
            self.quotes.update(prices_for_variants(missing, self.region_code, on=self.on))
        return {v: self.quotes[v].unit_display for v in variant_ids if v in self.quotes}


def price_source(region_code: str, *, on: date | None = None) -> RegionPrices:
    return RegionPrices(region_code, on=on)


def configurator_prices(
    product_id: int, region_code: str, *, on: date | None = None
) -> ConfiguratorPrices:
    """Add-ons for every option choice and custom size of a product in a region."""
    price_list = quotes.list_for_region(region_code)
    currency = price_list.currency
    options = quotes.option_amounts(price_list, catalog.option_choice_ids(product_id))
    sizes = quotes.dimension_rules(price_list, product_id)
    return ConfiguratorPrices(
        currency=currency,
        tax_display=price_list.tax_display,
        options={c: Money(a, currency) for c, a in options.items()},
        dimensions={axis: SizeRule(step, Money(a, currency)) for axis, (step, a) in sizes.items()},
    )
