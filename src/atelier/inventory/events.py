"""Events the inventory publishes (delivered after commit; wire reactions in
config/event_wiring.py)."""

from dataclasses import dataclass

from atelier.core.events import Event, TransitionEvent


@dataclass(frozen=True, kw_only=True)
class TransferShipped(TransitionEvent):
    """A transfer left its source (object_id is the Transfer id)."""


@dataclass(frozen=True, kw_only=True)
class TransferReceived(TransitionEvent):
    """A transfer arrived; discrepancies, if any, are recorded."""


@dataclass(frozen=True, kw_only=True)
class TransferCancelled(TransitionEvent):
    pass


@dataclass(frozen=True, kw_only=True)
class CountApproved(TransitionEvent):
    """A cycle count was approved and its variances posted as moves."""


@dataclass(frozen=True, kw_only=True)
class ProposalApproved(TransitionEvent):
    """An over-budget replenishment proposal was approved."""


@dataclass(frozen=True, kw_only=True)
class ReservationsExpired(Event):
    """An unpaid order's held stock was released after RESERVATION_TTL_MINUTES.

    Sales reacts by cancelling (or re-reserving for) the order. `batch` tells two
    expiries of the same order apart (the id of the first expired reservation).
    """

    order_ref: str
    batch: int


@dataclass(frozen=True, kw_only=True)
class StockChanged(Event):
    """Quantities of these variants changed (caches and search indexes may refresh)."""

    variant_ids: tuple[int, ...]
    reference: str
