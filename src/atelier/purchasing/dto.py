"""Plain frozen dataclasses purchasing hands to other contexts (see facade.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from atelier.core.money import Money


@dataclass(frozen=True)
class PurchaseNeed:
    """One sales line (or manual line) to buy."""

    line_ref: str  # sales line ref ("L1") or "" for manual lines
    manufacturer_id: int
    variant_id: int
    sku: str
    product_id: int
    product_name: str
    variant_name: str
    configuration: dict  # options, dimensions, finishes with their names
    quantity: int
    unit_value: Decimal  # what the line is worth, order currency
    awaiting_finalisation: bool
    notes: str = ""


@dataclass(frozen=True)
class PurchaseOrderLineInfo:
    id: int
    position: int
    order_ref: str
    line_ref: str
    variant_id: int
    sku: str
    product_id: int
    product_name: str
    variant_name: str
    configuration: dict
    quantity: int
    unit_value: Money
    awaiting_finalisation: bool
    notes: str


@dataclass(frozen=True)
class PurchaseOrderInfo:
    number: str
    status: str
    origin: str
    manufacturer_id: int
    manufacturer_name: str
    order_ref: str
    customer_reference: str
    customer_tier: str
    required_date: date | None
    currency: str
    value: Money
    notes: str
    revision: int
    created_at: datetime
    released_at: datetime | None
    accepted_at: datetime | None
    started_at: datetime | None
    completed_at: datetime | None
    declined_reason: str
    lines: tuple[PurchaseOrderLineInfo, ...] = field(default_factory=tuple)

    @property
    def line_refs(self) -> tuple[str, ...]:
        return tuple(line.line_ref for line in self.lines if line.line_ref)
