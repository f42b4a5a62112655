"""The production queue's priority score (higher first). Documented in
docs/contexts/production.md; every term is visible on the queue page.

    score = lateness + urgency + value + tier + attention

* lateness  = 10 per day past the required date (at most 200), when not completed;
* urgency   = 30 - days left until the required date, between 0 and 30
              (no required date: counts as 60 days left, so 0);
* value     = 1 per 1,000 of the PO value in its currency (at most 30);
* tier      = the customer's loyalty tier: `PRODUCTION_TIER_POINTS`
              (default platinum 30, gold 20, silver 10, none 0);
* attention = 25 when declined (it needs reassigning), 20 when accepted but not started
              after `PRODUCTION_START_WITHIN_DAYS` (default 7).

Ties: earlier required date first (none last), then the PO number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings

DEFAULT_TIER_POINTS = {"platinum": 30, "gold": 20, "silver": 10}
NO_DATE_DAYS = 60


@dataclass(frozen=True)
class Priority:
    score: Decimal
    lateness: int
    urgency: int
    value: Decimal
    tier: int
    attention: int
    days_left: int | None
    late_reason: str  # "" when not late

    @property
    def days_late(self) -> int:
        return max(0, -self.days_left) if self.days_left is not None else 0

    @property
    def is_late(self) -> bool:
        return bool(self.late_reason)


def tier_points() -> dict[str, int]:
    return getattr(settings, "PRODUCTION_TIER_POINTS", None) or DEFAULT_TIER_POINTS


def start_within_days() -> int:
    return getattr(settings, "PRODUCTION_START_WITHIN_DAYS", 7)


def late_reason(po, *, now: datetime) -> str:
    today = now.date()
    if po.status in ("completed", "cancelled"):
        return ""
    if po.required_date and po.required_date < today:
        days = (today - po.required_date).days
        return f"required by {po.required_date.isoformat()}, {days} days ago"
    limit = timedelta(days=start_within_days())
    if po.status == "accepted" and po.accepted_at and now - po.accepted_at > limit:
        return f"accepted {(now - po.accepted_at).days} days ago, not started"
    return ""


def score(po, *, now: datetime) -> Priority:
    today = now.date()
    days_left = (po.required_date - today).days if po.required_date else None
    left = NO_DATE_DAYS if days_left is None else days_left
    lateness = min(200, 10 * max(0, -left)) if po.status != "completed" else 0
    urgency = max(0, min(30, 30 - max(left, 0)))
    value = min(Decimal(30), (Decimal(po.value.amount) / 1000).quantize(Decimal("0.1")))
    tier = int(tier_points().get((po.customer_tier or "").lower(), 0))
    reason = late_reason(po, now=now)
    attention = 25 if po.status == "declined" else (20 if reason.startswith("accepted") else 0)
    total = Decimal(lateness + urgency + tier + attention) + value
    return Priority(total, lateness, urgency, value, tier, attention, days_left, reason)


def sort_key(row_po, priority: Priority):
    required = row_po.required_date or date.max
    return (-priority.score, required, row_po.number)
