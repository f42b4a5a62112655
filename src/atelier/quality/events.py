"""Events quality publishes (contracts in docs/contexts/pipeline.md; delivered after
commit, reactions wired in config/event_wiring.py)."""

from __future__ import annotations

from dataclasses import dataclass

from atelier.core.events import Event


@dataclass(frozen=True, kw_only=True)
class InspectionPassed(Event):
    """The piece passed its inspection: it may now be shipped."""

    inspection_number: str
    item_code: str
    order_ref: str
    line_ref: str
    round: int


@dataclass(frozen=True, kw_only=True)
class InspectionFailed(Event):
    """The piece failed: it goes back to its workshop as rework.

    `defects` is a one-line summary; details through `quality.facade.defects_for_item`.
    """

    inspection_number: str
    item_code: str
    order_ref: str
    line_ref: str
    round: int
    defects: str
