"""Flat rate per currency, optionally free from a threshold (per currency)."""

from __future__ import annotations

from collections.abc import Mapping

from atelier.core.money import Money
from atelier.sales.shipping_methods.port import Destination, ShipmentSnapshot, ShippingQuote


class FlatRate:
    """One price per currency; not offered in a currency without a rate."""

    def __init__(self, *, code: str, name: str, rates: Mapping[str, str], eta: str = ""):
        self.code, self.name, self.eta = code, name, eta
        self.rates = {c.upper(): Money(a, c) for c, a in rates.items()}

    def quote(self, snapshot: ShipmentSnapshot, destination: Destination) -> ShippingQuote | None:
        price = self.rates.get(snapshot.currency)
        if price is None:
            return None
        return ShippingQuote(self.code, self.name, price, self.eta)


class FreeOverThreshold(FlatRate):
    """The flat rate, free when the goods reach the currency's threshold."""

    def __init__(self, *, thresholds: Mapping[str, str], **kwargs):
        super().__init__(**kwargs)
        self.thresholds = {c.upper(): Money(a, c) for c, a in thresholds.items()}

    def quote(self, snapshot: ShipmentSnapshot, destination: Destination) -> ShippingQuote | None:
        found = super().quote(snapshot, destination)
        threshold = self.thresholds.get(snapshot.currency)
        if found is None or threshold is None or snapshot.goods < threshold:
            return found
        return ShippingQuote(self.code, self.name, Money.zero(snapshot.currency), self.eta)
