"""The loyalty programme's settings: rates per currency and tiers (admin, demo).

Every write needs `accounts.manage_prices`; one transaction each; history kept.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction

from atelier.core.actor import Actor
from atelier.core.errors import ValidationFailed
from atelier.core.money import validate_currency
from atelier.pricing.loyalty.models import LoyaltyRate, LoyaltyTier
from atelier.pricing.services._common import clean_and_save, require


def _decimal(value, field: str, places: int) -> Decimal:
    """A finite Decimal above 0 with at most `places` decimals; floats refused."""
    if isinstance(value, float | bool):
        raise ValidationFailed(f"{field}: give a decimal, not a {type(value).__name__}.")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationFailed(f"{field}: {value!r} is not a number.") from None
    if not number.is_finite() or number <= 0:
        raise ValidationFailed(f"{field}: must be above 0 (got {value}).")
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise ValidationFailed(f"{field}: at most {places} decimals (got {number}).")
    return number


@transaction.atomic
def loyalty_rate_set(
    *, currency: str, earn_rate, point_value, max_share, actor: Actor, is_active: bool = True
) -> LoyaltyRate:
    require(actor)
    row = LoyaltyRate.objects.filter(currency=str(currency).upper()).first()
    row = row or LoyaltyRate(currency=currency)
    row.earn_rate, row.point_value, row.max_share = earn_rate, point_value, max_share
    row.is_active = is_active
    return loyalty_rate_save(row=row, actor=actor)


@transaction.atomic
def loyalty_rate_save(*, row: LoyaltyRate, actor: Actor) -> LoyaltyRate:
    """Points per unit spent, what a point pays, and the most of an order paid in points."""
    require(actor)
    try:
        row.currency = validate_currency(row.currency)
    except ValueError as exc:
        raise ValidationFailed(f"currency: {exc}", code="unknown_currency") from None
    row.earn_rate = _decimal(row.earn_rate, "earn_rate", 4)
    row.point_value = _decimal(row.point_value, "point_value", 4)
    row.max_share = _decimal(row.max_share, "max_share", 2)
    if row.max_share > 100:
        raise ValidationFailed(f"max_share: a percentage up to 100 (got {row.max_share}).")
    return clean_and_save(row, actor=actor)


@transaction.atomic
def loyalty_tier_set(
    *, code: str, name: str, min_points: int, multiplier, actor: Actor
) -> LoyaltyTier:
    require(actor)
    row = LoyaltyTier.objects.filter(code=code).first() or LoyaltyTier(code=code)
    row.name, row.min_points, row.multiplier = name, min_points, multiplier
    return loyalty_tier_save(row=row, actor=actor)


@transaction.atomic
def loyalty_tier_save(*, row: LoyaltyTier, actor: Actor) -> LoyaltyTier:
    """A tier reached with `min_points` qualifying points over 12 months."""
    require(actor)
    if type(row.min_points) is not int or row.min_points < 0:
        raise ValidationFailed("min_points: a whole number of at least 0.")
    row.multiplier = _decimal(row.multiplier, "multiplier", 2)
    clash = LoyaltyTier.objects.filter(min_points=row.min_points).exclude(pk=row.pk).first()
    if clash is not None:
        raise ValidationFailed(f"min_points: tier {clash.name} already starts there.")
    return clean_and_save(row, actor=actor)
