"""Loyalty writes: keyword-only, one transaction each (a savepoint inside checkout).

Every movement of points appends a `LoyaltyEntry` and moves `LoyaltyAccount.balance`
by the same amount under the account's row lock; the database refuses a negative
balance. Reserve -> commit (paid) or release (cancelled, expired): reserved points leave
the balance at once, so two checkouts can never spend the same points.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F

from atelier.core.actor import Actor, system_actor
from atelier.core.errors import Conflict, NotFound, ValidationFailed
from atelier.core.money import Money
from atelier.pricing.dto import LoyaltyEarning, LoyaltyReservationInfo
from atelier.pricing.loyalty import rules, selectors
from atelier.pricing.loyalty.enums import EntryKind, LoyaltyError, ReservationStatus
from atelier.pricing.loyalty.models import (
    LoyaltyAccount,
    LoyaltyEntry,
    LoyaltyRate,
    LoyaltyReservation,
)
from atelier.pricing.promotions.redemptions import check_order_ref
from atelier.pricing.services._common import require

RESERVED, COMMITTED, RELEASED = (
    ReservationStatus.RESERVED,
    ReservationStatus.COMMITTED,
    ReservationStatus.RELEASED,
)


# --- Ledger ---------------------------------------------------------------------------


def locked_account(user_id: int, *, create: bool = False) -> LoyaltyAccount | None:
    if create:
        if not get_user_model().objects.filter(pk=user_id).exists():
            raise NotFound("No such customer.")
        LoyaltyAccount.objects.get_or_create(user_id=user_id)
    return LoyaltyAccount.objects.select_for_update().filter(user_id=user_id).first()


def _append(account: LoyaltyAccount, *, kind: str, points: int, actor: Actor, **fields):
    """Append one movement; the caller holds the account's row lock."""
    if account.balance + points < 0:
        raise ValidationFailed(
            f"The balance is {account.balance} points; {-points} cannot be taken.",
            code=LoyaltyError.INSUFFICIENT,
            balance=account.balance,
        )
    account.balance += points
    LoyaltyAccount.objects.filter(pk=account.pk).update(balance=F("balance") + points)
    return LoyaltyEntry.objects.create(
        account=account,
        kind=kind,
        points=points,
        balance_after=account.balance,
        created_by_id=actor.user_id,
        actor_label=actor.label[:200],
        **fields,
    )


# --- Checkout: reserve, commit, release -------------------------------------------------


@transaction.atomic
def loyalty_reserve(
    *,
    user_id: int | None,
    points: int,
    order_ref: str,
    order_total: Money | None = None,
    actor: Actor | None = None,
) -> LoyaltyReservationInfo:
    """Hold `points` for an unpaid order (they leave the balance now). With `order_total`
    the maximum share is checked again and the money value kept. Idempotent for the same
    order, customer and points; anything else for the order is a Conflict."""
    points, order_ref = selectors.check_points(points), check_order_ref(order_ref)
    if user_id is None:
        raise ValidationFailed("Guests have no points.", code=LoyaltyError.GUEST)
    existing = LoyaltyReservation.objects.filter(order_ref=order_ref).first()
    if existing is not None:
        return _same_reservation(existing, user_id, points)
    value = None
    if order_total is not None:
        value = selectors.quote_redemption(
            user_id=user_id, points=points, currency=order_total.currency, order_total=order_total
        ).value
    account = locked_account(user_id) or LoyaltyAccount(user_id=user_id, balance=0)
    _append(
        account,
        kind=EntryKind.REDEEM,
        points=-points,
        actor=actor or system_actor("checkout"),
        order_ref=order_ref,
        amount=value.amount if value else None,
        currency=value.currency if value else "",
    )
    row = LoyaltyReservation.objects.create(
        order_ref=order_ref,
        account=account,
        points=points,
        currency=value.currency if value else "",
        value=value.amount if value else None,
    )
    return reservation_info(row)


def _same_reservation(row: LoyaltyReservation, user_id: int, points: int):
    if row.account.user_id == user_id and row.points == points and row.status != RELEASED:
        return reservation_info(row)
    raise Conflict(
        f"Order {row.order_ref} already has a points reservation.",
        code=LoyaltyError.ALREADY_RESERVED,
    )


@transaction.atomic
def loyalty_commit(*, order_ref: str, actor: Actor | None = None) -> LoyaltyReservationInfo | None:
    """The order is paid: its reserved points are spent. Idempotent; None when the order
    used no points. Conflict if they were released meanwhile."""
    row = _locked_reservation(order_ref)
    if row is None:
        return None
    if row.status == RELEASED:
        raise Conflict(
            f"The points of order {row.order_ref} were released; they cannot be spent.",
            code=LoyaltyError.RELEASED,
        )
    if row.status == RESERVED:
        row.status = COMMITTED
        row.save(update_fields=["status", "updated_at"])
    return reservation_info(row)


@transaction.atomic
def loyalty_release(*, order_ref: str, actor: Actor | None = None) -> LoyaltyReservationInfo | None:
    """The order was cancelled or expired unpaid (or a paid order was cancelled): its
    points go back to the balance. Idempotent; None when the order used no points."""
    row = _locked_reservation(order_ref)
    if row is None or row.status == RELEASED:
        return reservation_info(row) if row else None
    account = LoyaltyAccount.objects.select_for_update().get(pk=row.account_id)
    _append(
        account,
        kind=EntryKind.RELEASE,
        points=row.points,
        actor=actor or system_actor("checkout"),
        order_ref=row.order_ref,
    )
    row.status = RELEASED
    row.save(update_fields=["status", "updated_at"])
    return reservation_info(row)


def _locked_reservation(order_ref: str) -> LoyaltyReservation | None:
    rows = LoyaltyReservation.objects.select_for_update().select_related("account")
    return rows.filter(order_ref=check_order_ref(order_ref)).first()


def reservation_info(row: LoyaltyReservation) -> LoyaltyReservationInfo:
    return LoyaltyReservationInfo(
        order_ref=row.order_ref,
        user_id=row.account.user_id,
        points=row.points,
        value=Money(row.value, row.currency) if row.value is not None else None,
        status=row.status,
    )


# --- Earning --------------------------------------------------------------------------


@transaction.atomic
def loyalty_earn(
    *, user_id: int | None, order_ref: str, amount: Money, actor: Actor | None = None
) -> LoyaltyEarning:
    """Points for a paid order (call it from the payment-succeeded handler). Idempotent
    per order: a second call writes nothing and returns the first earning. A currency
    outside the programme earns nothing (and writes nothing)."""
    order_ref = check_order_ref(order_ref)
    if user_id is None:
        raise ValidationFailed("Guests do not earn points.", code=LoyaltyError.GUEST)
    if not isinstance(amount, Money) or amount.amount <= 0:
        raise ValidationFailed("amount: the amount paid, above zero, as Money.")
    rate = LoyaltyRate.objects.filter(currency=amount.currency, is_active=True).first()
    if rate is None:
        return _earned_before(order_ref, user_id) or LoyaltyEarning(
            user_id, order_ref, 0, 0, None, created=False
        )
    account = locked_account(user_id, create=True)
    earlier = _earned_before(order_ref, user_id)  # under the account's lock
    if earlier is not None:
        return earlier
    qualifying = rules.qualifying_points(amount, rate.earn_rate)
    tier = selectors.tier(user_id)
    points = rules.earned_points(qualifying, tier.multiplier)
    if points > 0:
        _append(
            account,
            kind=EntryKind.EARN,
            points=points,
            actor=actor or system_actor("payments"),
            qualifying_points=qualifying,
            tier_code=tier.code or "",
            order_ref=order_ref,
            amount=amount.amount,
            currency=amount.currency,
        )
    return LoyaltyEarning(user_id, order_ref, points, qualifying, tier.code, created=points > 0)


def _earned_before(order_ref: str, user_id: int) -> LoyaltyEarning | None:
    entry = (
        LoyaltyEntry.objects.filter(kind=EntryKind.EARN, order_ref=order_ref)
        .select_related("account")
        .first()
    )
    if entry is None:
        return None
    if entry.account.user_id != user_id:
        raise Conflict(f"Points for order {order_ref} went to another customer.")
    return LoyaltyEarning(
        user_id=user_id,
        order_ref=order_ref,
        points=entry.points,
        qualifying_points=entry.qualifying_points,
        tier_code=entry.tier_code or None,
        created=False,
    )


# --- Back office ----------------------------------------------------------------------


@transaction.atomic
def loyalty_account_open(*, user_id: int, actor: Actor) -> LoyaltyAccount:
    """An empty account for a customer (earning or an adjustment opens one as needed)."""
    require(actor)
    return locked_account(user_id, create=True)


@transaction.atomic
def loyalty_account_adjust(*, user_id: int, points: int, reason: str, actor: Actor) -> LoyaltyEntry:
    """Add (goodwill) or take points by hand, with a reason; the entry records who."""
    require(actor)
    if type(points) is not int or points == 0:
        raise ValidationFailed(
            f"points: a whole number other than 0 (got {points!r}).",
            code=LoyaltyError.POINTS_INVALID,
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("reason: say why.", code=LoyaltyError.REASON_REQUIRED)
    account = locked_account(user_id, create=True)
    return _append(account, kind=EntryKind.ADJUST, points=points, actor=actor, reason=reason[:300])
