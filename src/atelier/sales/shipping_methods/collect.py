"""Collect in boutique (click and collect): free, offered when some boutique of the
region holds every piece of the cart (`sales.pickup`); the customer picks one."""

from __future__ import annotations

from atelier.core.money import Money
from atelier.sales.pickup import pickup_options
from atelier.sales.shipping_methods.port import Destination, ShipmentSnapshot, ShippingQuote


class CollectInBoutique:
    collects_in_boutique = True  # checkout asks for the boutique (sales.pickup)

    def __init__(
        self,
        *,
        code: str = "collect",
        name: str = "Collect in boutique",
        eta: str = "Ready to collect in the boutique you choose",
    ):
        self.code, self.name, self.eta = code, name, eta

    def quote(self, snapshot: ShipmentSnapshot, destination: Destination) -> ShippingQuote | None:
        lines = [(p.variant_id, p.quantity, p.made_to_order) for p in snapshot.lines]
        if not pickup_options(region_code=snapshot.region_code, lines=lines):
            return None
        return ShippingQuote(self.code, self.name, Money.zero(snapshot.currency), self.eta)
