"""Plain frozen dataclasses the inventory hands to other contexts (see facade.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from atelier.inventory.selectors.availability import Availability, PickupBoutique

__all__ = [
    "Availability",
    "HeldUnits",
    "PickupBoutique",
    "PurchaseProposalInfo",
    "ReservationSummary",
    "SupplyInfo",
]


@dataclass(frozen=True)
class HeldUnits:
    """Units of one order line held at one location."""

    line_ref: str
    variant_id: int
    quantity: int
    location_code: str
    location_name: str
    boutique_id: int | None
    status: str  # ReservationStatus


@dataclass(frozen=True)
class ReservationSummary:
    order_ref: str
    held: tuple[HeldUnits, ...]
    expires_at: datetime | None  # of the pending holds, if any

    @property
    def statuses(self) -> frozenset[str]:
        return frozenset(h.status for h in self.held)

    def quantity_for(self, line_ref: str) -> int:
        return sum(h.quantity for h in self.held if h.line_ref == line_ref)


@dataclass(frozen=True)
class SupplyInfo:
    reference: str
    variant_id: int
    quantity: int
    expected_date: date
    location_code: str
    order_ref: str
    line_ref: str
    is_open: bool


@dataclass(frozen=True)
class PurchaseProposalInfo:
    number: str
    variant_id: int
    quantity: int
    location_code: str
    expected_date: date | None
    value: Decimal | None
    currency: str
    status: str
