"""White-glove delivery: two people carry the furniture in, unpack and assemble it.

The delivery coordinator books the date with the customer later; the price depends on
the region only. Not offered in a region without a price.
"""

from __future__ import annotations

from collections.abc import Mapping

from atelier.core.money import Money
from atelier.sales.shipping_methods.port import Destination, ShipmentSnapshot, ShippingQuote


class WhiteGlove:
    def __init__(
        self,
        *,
        code: str = "white_glove",
        name: str = "White-glove delivery",
        prices: Mapping[str, tuple[str, str]],  # region code -> (amount, currency)
        eta: str = "Date booked with you by our delivery coordinator",
    ):
        self.code, self.name, self.eta = code, name, eta
        self.prices = {r.lower(): Money(a, c) for r, (a, c) in prices.items()}

    def quote(self, snapshot: ShipmentSnapshot, destination: Destination) -> ShippingQuote | None:
        price = self.prices.get(snapshot.region_code.lower())
        if price is None or price.currency != snapshot.currency:
            return None
        return ShippingQuote(self.code, self.name, price, self.eta)
