"""Hooks through which higher contexts feed prices and stock into catalog listings.

The catalog sits below pricing and inventory, so it cannot call them; the caller (a
storefront view, the API) passes an object with these methods instead:

    listing = product_listing(actor, prices=pricing.facade.price_source("eu"), ...)
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Protocol

from atelier.core.money import Money


class PriceSource(Protocol):
    def display_prices(self, variant_ids: Collection[int]) -> dict[int, Money]:
        """The price shown for each variant in one region; unpriced variants are left out
        (they are not sold there). A constant number of queries."""


class StockSource(Protocol):
    def in_stock(self, variant_ids: Collection[int]) -> set[int]:
        """The variants that can be shipped from stock now. A constant number of queries."""
