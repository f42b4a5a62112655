"""What `tracking.facade.order_timeline` returns: the customer's view of an order.

Customer-safe by construction: these classes have no field for a workshop's name, a
purchase order, a price paid to a workshop, an internal note or a defect. Dates are
aware datetimes (UTC); pages show them in the customer's time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

DONE = "done"
CURRENT = "current"
UPCOMING = "upcoming"


@dataclass(frozen=True)
class Step:
    """One milestone. `done`: reached earlier; `current`: the latest one reached (where
    the piece is now); `upcoming`: still to come. `at` is when it was reached, when known."""

    code: str
    label: str
    at: datetime | None
    state: str  # done / current / upcoming
    detail: str = ""  # e.g. "1 of 2 pieces checked"


@dataclass(frozen=True)
class LineTimeline:
    ref: str
    product_name: str
    quantity: int
    made_to_order: bool
    steps: tuple[Step, ...]

    @property
    def current(self) -> Step | None:
        return next((s for s in self.steps if s.state == CURRENT), None)


@dataclass(frozen=True)
class TrackingUpdate:
    label: str
    at: datetime
    location: str
    description: str  # the carrier's words (never the coordinator's notes)


@dataclass(frozen=True)
class Delivery:
    """A shipment as the customer sees it: what is in it, how to follow it."""

    status: str  # booked / shipped / out_for_delivery / delivered / exception
    label: str
    line_refs: tuple[str, ...]
    tracking_number: str
    tracking_url: str
    slot_date: date | None
    slot_window: str
    updates: tuple[TrackingUpdate, ...]


@dataclass(frozen=True)
class Timeline:
    order_ref: str
    cancelled: bool
    steps: tuple[Step, ...]  # the order's own: placed, paid (or cancelled)
    lines: tuple[LineTimeline, ...]  # each piece's way from payment to delivery
    deliveries: tuple[Delivery, ...]
