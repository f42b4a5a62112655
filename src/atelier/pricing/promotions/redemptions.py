"""Redemptions at checkout: usage limits that hold under concurrent checkouts.

`promotion_redeem` runs inside the checkout transaction (as a savepoint of it). It locks
the promotions' rows in id order (two checkouts never deadlock), checks validity and the
total and per-customer limits against the locked, current row, raises `times_used` with
a conditional UPDATE and writes one redemption per (promotion, order), which a unique
constraint also guards. A refusal rolls the savepoint back: nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from atelier.core.actor import Actor
from atelier.core.errors import ValidationFailed
from atelier.pricing.dto import CodeRefusal
from atelier.pricing.promotions import rules
from atelier.pricing.promotions.enums import RedemptionStatus, Refusal
from atelier.pricing.promotions.models import Promotion, PromotionRedemption
from atelier.pricing.promotions.offers import (
    customer_uses,
    normalise_code,
    normalise_email,
    offer_of,
)

ACTIVE, RELEASED = RedemptionStatus.ACTIVE, RedemptionStatus.RELEASED


@transaction.atomic
def promotion_redeem(
    *,
    promotion_ids: Iterable[int],
    code: str | None,
    order_ref: str,
    customer_user_id: int | None,
    email: str | None,
    actor: Actor | None = None,
) -> tuple[int, ...]:
    """Record that `order_ref` uses these promotions (`PromotionResult.promotion_ids`);
    `code` is the code the customer entered. Idempotent per (promotion, order). Returns
    the promotion ids, or raises ValidationFailed (e.g. `code_exhausted`: "This code has
    just been used up.") having written nothing."""
    order_ref = check_order_ref(order_ref)
    code, email = normalise_code(code), normalise_email(email)
    promotions = _locked(promotion_ids)
    if code and code not in {p.code for p in promotions}:
        raise ValidationFailed(
            f"The code {code} is not among the promotions redeemed.", code=Refusal.CODE_MISMATCH
        )
    ctx = rules.Context(
        on=timezone.now(),
        identified=customer_user_id is not None or bool(email),
        uses=customer_uses(
            [p.pk for p in promotions if p.usage_limit_per_customer is not None],
            user_id=customer_user_id,
            email=email,
        ),
    )
    for promotion in promotions:
        _redeem(promotion, ctx, order_ref=order_ref, user_id=customer_user_id, email=email)
    return tuple(p.pk for p in promotions)


def _locked(promotion_ids: Iterable[int]) -> list[Promotion]:
    ids = sorted(set(promotion_ids))
    rows = list(Promotion.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    if len(rows) != len(ids):
        raise ValidationFailed("Unknown promotion.", code="promotion_unknown")
    return rows


def _redeem(promotion: Promotion, ctx: rules.Context, *, order_ref, user_id, email) -> None:
    existing = PromotionRedemption.objects.filter(promotion=promotion, order_ref=order_ref).first()
    if existing is not None and existing.status == ACTIVE:
        return  # already counted for this order
    found = rules.refusal(offer_of(promotion), ctx, rules.USE_CHECKS)
    if found is not None:
        raise _refused(promotion, found)
    counted = Promotion.objects.filter(
        Q(usage_limit__isnull=True) | Q(times_used__lt=F("usage_limit")), pk=promotion.pk
    ).update(times_used=F("times_used") + 1)
    if not counted:  # cannot happen under the row lock; the UPDATE is the last guard
        raise _refused(promotion, CodeRefusal(Refusal.EXHAUSTED.value, "", {}))
    redemption = existing or PromotionRedemption(promotion=promotion, order_ref=order_ref)
    redemption.user_id, redemption.email, redemption.code = user_id, email, promotion.code
    redemption.status, redemption.released_at = ACTIVE, None
    redemption.save()


def _refused(promotion: Promotion, found: CodeRefusal | None) -> ValidationFailed:
    if found is None or not promotion.code:
        return ValidationFailed(
            f"The promotion “{promotion.name}” is no longer available; please review your order.",
            code=Refusal.PROMOTION_UNAVAILABLE,
            promotion_id=promotion.pk,
        )
    message = found.message
    if found.code == Refusal.EXHAUSTED:
        message = "This code has just been used up."
    return ValidationFailed(message, code=found.code, **found.details)


@transaction.atomic
def promotion_release(*, order_ref: str, actor: Actor | None = None) -> int:
    """The order was cancelled or expired unpaid: its promotions count no more.
    Idempotent; returns how many redemptions were released."""
    order_ref = check_order_ref(order_ref)
    active = PromotionRedemption.objects.filter(order_ref=order_ref, status=ACTIVE)
    ids = sorted(set(active.values_list("promotion_id", flat=True)))
    list(Promotion.objects.select_for_update().filter(pk__in=ids).order_by("pk"))  # lock order
    released = 0
    for promotion_id in ids:
        if active.filter(promotion_id=promotion_id).update(
            status=RELEASED, released_at=timezone.now()
        ):
            Promotion.objects.filter(pk=promotion_id, times_used__gt=0).update(
                times_used=F("times_used") - 1
            )
            released += 1
    return released


def check_order_ref(order_ref: str) -> str:
    order_ref = (order_ref or "").strip() if isinstance(order_ref, str) else ""
    if not order_ref or len(order_ref) > 40:
        raise ValidationFailed("order_ref: give the order's reference (40 characters at most).")
    return order_ref
