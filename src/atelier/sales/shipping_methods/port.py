"""The one interface every shipping method implements (flat rate, white glove, DHL…)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from atelier.core.money import Money


@dataclass(frozen=True)
class Destination:
    country: str  # ISO 3166 alpha-2
    state: str = ""
    postcode: str = ""
    city: str = ""


@dataclass(frozen=True)
class ParcelLine:
    variant_id: int
    quantity: int
    made_to_order: bool
    weight_kg: Decimal | None = None


@dataclass(frozen=True)
class ShipmentSnapshot:
    """What a method needs to know about a cart or order (never a model)."""

    region_code: str
    currency: str
    goods: Money  # value of the goods after discounts, as the price list states it
    lines: tuple[ParcelLine, ...]

    @property
    def weight_kg(self) -> Decimal:
        return sum(((line.weight_kg or 0) * line.quantity for line in self.lines), Decimal(0))


@dataclass(frozen=True)
class ShippingQuote:
    code: str
    name: str
    price: Money  # as the price list states it (gross where VAT is included)
    eta: str  # what the customer is told ("3-5 business days", "booked with you")


class ShippingMethod(Protocol):
    code: str
    name: str

    def quote(self, snapshot: ShipmentSnapshot, destination: Destination) -> ShippingQuote | None:
        """The price of sending `snapshot` to `destination`, or None when not offered."""
