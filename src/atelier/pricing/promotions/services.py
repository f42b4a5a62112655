"""Promotions as master data (admin, demo): keyword-only, one transaction each.

Every write needs `accounts.manage_prices`. `times_used` is never written here: it
belongs to the redemption services, so an edit saves every field but that one.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from atelier.core.actor import Actor
from atelier.core.errors import ValidationFailed
from atelier.core.money import validate_currency
from atelier.pricing.promotions.enums import PromotionKind
from atelier.pricing.promotions.models import Promotion, PromotionCurrency
from atelier.pricing.promotions.offers import check_code
from atelier.pricing.services._common import amount_in, require

RESTRICTIONS = ("products", "categories", "collections")


@transaction.atomic
def promotion_create(
    *,
    name: str,
    kind: str,
    starts_at: datetime,
    actor: Actor,
    currencies: Mapping[str, Mapping] | None = None,
    product_ids: Collection[int] = (),
    category_ids: Collection[int] = (),
    collection_ids: Collection[int] = (),
    **fields,
) -> Promotion:
    """A promotion with its per-currency terms ({"EUR": {"amount_off": "50",
    "min_spend": "500"}}) and restrictions. `fields`: code, percentage, ends_at,
    priority, stackable, usage_limit, usage_limit_per_customer, is_active."""
    promotion = Promotion(name=name, kind=kind, starts_at=starts_at, **fields)
    promotion_save(promotion=promotion, actor=actor)
    for currency, terms in (currencies or {}).items():
        promotion_currency_set(promotion=promotion, currency=currency, actor=actor, **terms)
    if kind == PromotionKind.FIXED and not currencies:
        raise ValidationFailed("currencies: a fixed amount needs an amount in each currency.")
    promotion_restrict(
        promotion=promotion,
        product_ids=product_ids,
        category_ids=category_ids,
        collection_ids=collection_ids,
        actor=actor,
    )
    return promotion


@transaction.atomic
def promotion_save(*, promotion: Promotion, actor: Actor) -> Promotion:
    """Validate and save a new or edited promotion (also used by the admin)."""
    require(actor)
    promotion.code = check_code(promotion.code) if promotion.code else ""
    _check_kind(promotion)
    if promotion.ends_at and promotion.starts_at and promotion.ends_at <= promotion.starts_at:
        raise ValidationFailed("ends_at: must be after starts_at.")
    _check_limits(promotion)
    _clean(promotion, exclude=["times_used"])
    _stamp(promotion, actor)
    if promotion.pk is None:
        promotion.save()
    else:
        fields = [f.name for f in Promotion._meta.concrete_fields]
        promotion.save(update_fields=[f for f in fields if f not in {"id", "times_used"}])
    return promotion


def _check_kind(promotion: Promotion) -> None:
    if promotion.kind not in PromotionKind.values:
        raise ValidationFailed(f"kind: choose one of {', '.join(PromotionKind.values)}.")
    if promotion.kind != PromotionKind.PERCENTAGE:
        if promotion.percentage is not None:
            raise ValidationFailed("percentage: only a percentage promotion has one.")
        return
    value = amount_in(promotion.percentage, "EUR", "percentage")  # 2 decimals at most
    if not 0 < value <= 100:
        raise ValidationFailed(f"percentage: above 0 and at most 100 (got {value}).")
    promotion.percentage = value


def _check_limits(promotion: Promotion) -> None:
    for field in ("usage_limit", "usage_limit_per_customer"):
        value = getattr(promotion, field)
        if value is not None and (not isinstance(value, int) or value < 1):
            raise ValidationFailed(f"{field}: at least 1, or blank for no limit.")
    if promotion.pk and promotion.usage_limit is not None:
        used = Promotion.objects.select_for_update().get(pk=promotion.pk).times_used
        if promotion.usage_limit < used:
            raise ValidationFailed(f"usage_limit: already used {used} times.")


@transaction.atomic
def promotion_currency_set(
    *, promotion: Promotion, currency: str, actor: Actor, amount_off=None, min_spend="0"
) -> PromotionCurrency:
    """The amount off (fixed promotions) and minimum spend in one currency."""
    require(actor)
    row = PromotionCurrency.objects.filter(
        promotion=promotion, currency=str(currency).upper()
    ).first() or PromotionCurrency(promotion=promotion, currency=currency)
    row.amount_off, row.min_spend = amount_off, min_spend
    return promotion_currency_save(row=row, actor=actor)


@transaction.atomic
def promotion_currency_save(*, row: PromotionCurrency, actor: Actor) -> PromotionCurrency:
    require(actor)
    try:
        row.currency = validate_currency(row.currency)
    except ValueError as exc:
        raise ValidationFailed(f"currency: {exc}", code="unknown_currency") from None
    row.min_spend = amount_in(row.min_spend or Decimal(0), row.currency, "min_spend")
    fixed = row.promotion.kind == PromotionKind.FIXED
    if fixed and row.amount_off in (None, ""):
        raise ValidationFailed(f"amount_off: a fixed promotion needs an amount in {row.currency}.")
    if not fixed and row.amount_off not in (None, ""):
        raise ValidationFailed("amount_off: only a fixed promotion takes an amount off.")
    row.amount_off = amount_in(row.amount_off, row.currency, "amount_off") if fixed else None
    if fixed and row.amount_off <= 0:
        raise ValidationFailed("amount_off: must be above 0.")
    _clean(row)
    _stamp(row, actor)
    row.save()
    return row


@transaction.atomic
def promotion_currency_delete(*, row: PromotionCurrency, actor: Actor) -> None:
    require(actor)
    promotion = row.promotion
    row.delete()
    if promotion.kind == PromotionKind.FIXED and not promotion.currencies.exists():
        raise ValidationFailed("currencies: a fixed amount needs an amount in some currency.")


@transaction.atomic
def promotion_restrict(
    *,
    promotion: Promotion,
    actor: Actor,
    product_ids: Collection[int] | None = None,
    category_ids: Collection[int] | None = None,
    collection_ids: Collection[int] | None = None,
) -> Promotion:
    """Limit the promotion to these products / categories / collections (None: leave as
    is; empty: no restriction of that kind)."""
    require(actor)
    given = dict(zip(RESTRICTIONS, (product_ids, category_ids, collection_ids), strict=True))
    for name, ids in given.items():
        if ids is not None:
            getattr(promotion, name).set(_existing(name, ids))
    return promotion


def _existing(name: str, ids: Collection[int]) -> list[int]:
    ids = sorted(set(ids))
    model = Promotion._meta.get_field(name).related_model
    found = set(model.objects.filter(pk__in=ids).values_list("pk", flat=True))
    unknown = [i for i in ids if i not in found]
    if unknown:
        raise ValidationFailed(f"{name}: unknown ids {unknown}.")
    return ids


def _clean(obj, exclude=None) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        text = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        raise ValidationFailed(text, fields=exc.message_dict) from None


def _stamp(obj, actor: Actor) -> None:
    if actor.user_id is not None:
        obj._history_user = get_user_model()(pk=actor.user_id)
