"""What other contexts (tracking, the storefront through it) may ask production.

Plain frozen dataclasses, never models. Nothing here names the workshop, the purchase
order or the inspector's notes: these reads feed customer-facing pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from atelier.production.enums import ItemEventKind
from atelier.production.models import ProductionItem


@dataclass(frozen=True)
class PieceProgress:
    """Where one piece (one unit of a sales line) stands in the workshop."""

    code: str
    order_ref: str
    line_ref: str
    status: str  # in_production / completed / rework / passed (ItemStatus)
    round: int  # completions so far (1, then 2, 3… after rework)
    started_at: datetime | None
    completed_at: datetime | None  # the latest completion (first, or after rework)
    passed_at: datetime | None  # when quality passed it
    failed_at: datetime | None  # the latest failed inspection, if any
    failures: int  # failed inspections so far


def pieces_for_order(order_ref: str) -> list[PieceProgress]:
    """Every piece built for a sales order, with its dates (two queries, however many)."""
    if not order_ref:
        return []
    rows = (
        ProductionItem.objects.filter(order_ref=order_ref)
        .prefetch_related("events")
        .order_by("line_ref", "purchase_order_number", "po_line_id", "unit_index")
    )
    return [_progress(item) for item in rows]


def _progress(item: ProductionItem) -> PieceProgress:
    first: dict[str, datetime] = {}
    last: dict[str, datetime] = {}
    failures = 0
    for event in item.events.all():  # oldest first (ItemEvent.Meta.ordering)
        first.setdefault(event.kind, event.at)
        last[event.kind] = event.at
        failures += event.kind == ItemEventKind.FAILED
    return PieceProgress(
        code=item.code,
        order_ref=item.order_ref,
        line_ref=item.line_ref,
        status=item.status,
        round=item.round,
        started_at=first.get(ItemEventKind.STARTED, item.created_at),
        completed_at=item.completed_at,
        passed_at=last.get(ItemEventKind.PASSED),
        failed_at=last.get(ItemEventKind.FAILED),
        failures=failures,
    )
