"""Shipping methods behind one port: `quote(snapshot, destination) -> ShippingQuote | None`.

`registry.available_quotes(...)` lists what a cart or order may use; `registry.quote_for`
prices one method by code. A carrier (DHL Express, later) plugs in as another class
implementing `port.ShippingMethod`, listed in `settings.SALES_SHIPPING_METHODS`.
"""

from atelier.sales.shipping_methods.port import (
    Destination,
    ShipmentSnapshot,
    ShippingMethod,
    ShippingQuote,
)
from atelier.sales.shipping_methods.registry import available_quotes, methods, quote_for

__all__ = [
    "Destination",
    "ShipmentSnapshot",
    "ShippingMethod",
    "ShippingQuote",
    "available_quotes",
    "methods",
    "quote_for",
]
