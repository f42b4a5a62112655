"""Loyalty reads: balance, tier, what points would pay, ledger consistency."""

from __future__ import annotations

from datetime import datetime

from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from atelier.core.errors import ValidationFailed
from atelier.core.money import Money
from atelier.pricing.dto import LoyaltyBalance, LoyaltyRedemptionQuote, LoyaltyTierInfo
from atelier.pricing.loyalty import rules
from atelier.pricing.loyalty.enums import EntryKind, LoyaltyError, ReservationStatus
from atelier.pricing.loyalty.models import (
    LoyaltyAccount,
    LoyaltyEntry,
    LoyaltyRate,
    LoyaltyReservation,
    LoyaltyTier,
)


def check_points(points) -> int:
    if type(points) is not int or points <= 0:
        raise ValidationFailed(
            f"points: a whole number above 0 (got {points!r}).", code=LoyaltyError.POINTS_INVALID
        )
    return points


def balance(user_id: int) -> LoyaltyBalance:
    """Points available now and points held for unpaid orders. Two queries."""
    points = LoyaltyAccount.objects.filter(user_id=user_id).values_list("balance", flat=True)
    held = LoyaltyReservation.objects.filter(
        account__user_id=user_id, status=ReservationStatus.RESERVED
    ).aggregate(n=Coalesce(Sum("points"), 0))["n"]
    return LoyaltyBalance(user_id=user_id, points=points.first() or 0, reserved=held)


def tier(user_id: int, *, at: datetime | None = None) -> LoyaltyTierInfo:
    """The tier reached by the points earned over the 365 days before `at`. Two queries."""
    at = at or timezone.now()
    earned = LoyaltyEntry.objects.filter(
        account__user_id=user_id,
        kind=EntryKind.EARN,
        created_at__gt=at - rules.TIER_WINDOW,
        created_at__lte=at,
    ).aggregate(n=Coalesce(Sum("qualifying_points"), 0))["n"]
    return rules.tier_info(earned, tiers())


def tiers() -> list[rules.Tier]:
    return [
        rules.Tier(t.code, t.name, t.min_points, t.multiplier) for t in LoyaltyTier.objects.all()
    ]


def rate_for(currency: str) -> LoyaltyRate:
    rate = LoyaltyRate.objects.filter(currency=str(currency).upper(), is_active=True).first()
    if rate is None:
        raise ValidationFailed(
            f"Points cannot be used for {currency} orders.",
            code=LoyaltyError.CURRENCY_UNSUPPORTED,
        )
    return rate


def quote_redemption(
    *, user_id: int, points: int, currency: str, order_total: Money
) -> LoyaltyRedemptionQuote:
    """What `points` pay towards an order of `order_total`, or ValidationFailed: invalid
    points, currency not in the programme, more than the balance, over the maximum share."""
    points = check_points(points)
    rate = rate_for(currency)
    if not isinstance(order_total, Money) or order_total.currency != rate.currency:
        raise ValidationFailed(f"order_total: give the order's total in {rate.currency}.")
    if order_total.amount < 0:
        raise ValidationFailed("order_total: must not be negative.")
    available = balance(user_id).points
    most, cap = rules.redeemable(
        order_total, max_share=rate.max_share, point_value=rate.point_value, balance=available
    )
    _check_enough(points, available)
    _check_share(points, most, cap, rate.max_share)
    return LoyaltyRedemptionQuote(
        user_id=user_id,
        points=points,
        value=rules.value_of(points, rate.point_value, rate.currency),
        balance=available,
        max_points=most,
        max_value=cap,
    )


def _check_enough(points: int, available: int) -> None:
    if points > available:
        raise ValidationFailed(
            f"You have {available} points; {points} cannot be used.",
            code=LoyaltyError.INSUFFICIENT,
            balance=available,
        )


def _check_share(points: int, most: int, cap: Money, share) -> None:
    if points > most:
        raise ValidationFailed(
            f"Points can pay at most {share.normalize():f} % of this order ({cap}): "
            f"use {most} points at most.",
            code=LoyaltyError.OVER_MAX_SHARE,
            max_points=most,
            max_value=cap,
        )


def accounts_out_of_balance() -> list[int]:
    """Ids of accounts whose balance differs from the sum of their ledger (should be [])."""
    total = (
        LoyaltyEntry.objects.filter(account=OuterRef("pk"))
        .values("account")
        .annotate(s=Sum("points"))
        .values("s")
    )
    rows = LoyaltyAccount.objects.annotate(ledger=Coalesce(Subquery(total), 0))
    return [a.pk for a in rows if a.ledger != a.balance]
