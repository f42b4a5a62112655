"""Who changed which master data, when (django-simple-history).

Master-data models declare `history = HistoricalRecords()`; the
`HistoryRequestMiddleware` stamps each change with the signed-in user. Document status
changes are audited separately, by `statemachine.apply_transition()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models

KINDS = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Revision:
    at: datetime
    kind: str  # created, changed, deleted
    user_id: int | None
    user_label: str
    changes: tuple[FieldChange, ...]
    reason: str


def revisions(obj: models.Model, *, limit: int = 50) -> list[Revision]:
    """The latest `limit` revisions of `obj`, newest first, with the fields each changed."""
    manager = getattr(obj, obj._meta.simple_history_manager_attribute)
    records = list(
        manager.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    previous = [*records[1:], None]
    return [_revision(r, p) for r, p in zip(records, previous, strict=True)][:limit]


def _revision(record, previous) -> Revision:
    changes = ()
    if previous is not None and record.history_type == "~":
        delta = record.diff_against(previous)
        changes = tuple(FieldChange(c.field, c.old, c.new) for c in delta.changes)
    user = record.history_user
    return Revision(
        at=record.history_date,
        kind=KINDS[record.history_type],
        user_id=record.history_user_id,
        user_label=str(user) if user else "system",
        changes=changes,
        reason=record.history_change_reason or "",
    )
