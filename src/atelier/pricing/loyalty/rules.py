"""Loyalty arithmetic on plain data. Points are whole numbers and always rounded down
when earned (never a fraction of a point); money is rounded half-up to the minor unit.

- Earned on a paid amount: qualifying = floor(amount x the currency's earn rate);
  points = floor(qualifying x the tier's multiplier).
- Tier: the highest tier whose `min_points` <= qualifying points of the last 365 days.
- Redeemed: value = points x the currency's point value; an order takes at most
  `max_share` % of its total in points (that share rounded down to the minor unit).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_DOWN, ROUND_FLOOR, Decimal

from atelier.core.money import Money
from atelier.pricing.dto import LoyaltyTierInfo

TIER_WINDOW = timedelta(days=365)


@dataclass(frozen=True)
class Tier:
    code: str
    name: str
    min_points: int
    multiplier: Decimal


def floor_points(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_FLOOR))


def qualifying_points(amount: Money, earn_rate: Decimal) -> int:
    return max(0, floor_points(amount.amount * earn_rate))


def earned_points(qualifying: int, multiplier: Decimal) -> int:
    return floor_points(Decimal(qualifying) * multiplier)


def tier_info(qualifying: int, tiers: Sequence[Tier]) -> LoyaltyTierInfo:
    ordered = sorted(tiers, key=lambda t: t.min_points)
    reached = [t for t in ordered if t.min_points <= qualifying]
    current = reached[-1] if reached else None
    following = next((t for t in ordered if t.min_points > qualifying), None)
    return LoyaltyTierInfo(
        code=current.code if current else None,
        name=current.name if current else "",
        multiplier=current.multiplier if current else Decimal(1),
        qualifying_points=qualifying,
        next_code=following.code if following else None,
        points_to_next=following.min_points - qualifying if following else None,
    )


def value_of(points: int, point_value: Decimal, currency: str) -> Money:
    return Money(Decimal(points) * point_value, currency).rounded()


def redeemable(
    order_total: Money, *, max_share: Decimal, point_value: Decimal, balance: int
) -> tuple[int, Money]:
    """(the most points this order accepts, the most money they may pay)."""
    quantum = order_total.quantum
    cap = (order_total.amount * max_share / 100).quantize(quantum, rounding=ROUND_DOWN)
    by_share = floor_points(cap / point_value)
    return max(0, min(by_share, balance)), Money(cap, order_total.currency)
