"""Holding stock for sales order lines: reserve, confirm, release, fulfil, expire.

Sales calls these through the facade, inside its own transaction: each runs in a
savepoint, so a refusal (OutOfStock, Conflict...) leaves nothing behind and the caller
decides whether its order survives. The order is known only by opaque references.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from atelier.core.actor import Actor
from atelier.core.errors import Conflict, NotFound, ValidationFailed
from atelier.core.events import publish
from atelier.core.statemachine import apply_transition
from atelier.inventory.enums import (
    ACTIVE_RESERVATION_STATUSES,
    ErrorCode,
    LocationKind,
    MoveReason,
    ReservationStatus,
    SalesChannel,
)
from atelier.inventory.errors import OutOfStock
from atelier.inventory.events import ReservationsExpired
from atelier.inventory.models import Reservation, StockMove
from atelier.inventory.services import _common as check
from atelier.inventory.services import ledger
from atelier.inventory.services.allocation import (
    LineRequest,
    allocate,
    candidate_locations,
)
from atelier.inventory.services.locations import location_virtual
from atelier.inventory.transitions import RESERVATION_TRANSITIONS

S = ReservationStatus


def reservation_create(
    *,
    order_ref: str,
    lines: Iterable[tuple[str, int, int]],
    channel: str = SalesChannel.ONLINE,
    pickup_boutique_id: int | None = None,
    expires_at: datetime | None = None,
    actor: Actor,
) -> list[Reservation]:
    """Hold every line's units, or none: OutOfStock names the lines that are short.

    `lines` are (line_ref, variant_id, quantity). The hold is pending until
    `reservation_confirm`; it expires at `expires_at` (default: now +
    RESERVATION_TTL_MINUTES).
    """
    order_ref = check.reference(order_ref, "order_ref")
    requests = _line_requests(lines)
    channel = _channel(channel)
    expires_at = _expiry(expires_at)
    check.known_variants(r.variant_id for r in requests)
    with transaction.atomic():
        _refuse_reserved_twice(order_ref, requests)
        candidates = candidate_locations(channel, pickup_boutique_id)
        levels = ledger.lock_levels_at({r.variant_id for r in requests}, candidates)
        plan, shortages = allocate(requests, candidates, _free(levels))
        if shortages:
            raise OutOfStock(shortages)
        deltas = defaultdict(int)
        for a in plan:
            deltas[(a.line.variant_id, a.location.pk)] += a.quantity
        ledger.change_reserved(levels, deltas)
        return Reservation.objects.bulk_create(
            [
                Reservation(
                    order_ref=order_ref,
                    line_ref=a.line.line_ref,
                    variant_id=a.line.variant_id,
                    location=a.location,
                    quantity=a.quantity,
                    channel=channel,
                    expires_at=expires_at,
                )
                for a in plan
            ]
        )


def _line_requests(lines) -> list[LineRequest]:
    try:
        rows = [tuple(line) for line in lines or ()]
    except TypeError:
        raise ValidationFailed("lines: give (line_ref, variant_id, quantity) triples.") from None
    if not rows:
        raise ValidationFailed("lines: reserve at least one line.")
    if any(len(row) != 3 for row in rows):
        raise ValidationFailed("lines: give (line_ref, variant_id, quantity) triples.")
    requests = [
        LineRequest(
            line_ref=check.reference(ref, "line_ref"),
            variant_id=variant_id,
            quantity=check.quantity(qty, f"quantity of line {ref}"),
        )
        for ref, variant_id, qty in rows
    ]
    check.unique_refs((r.line_ref for r in requests), "line_ref")
    return requests


def _channel(channel: str) -> str:
    if channel not in SalesChannel.values:
        raise ValidationFailed(f"channel: one of {', '.join(SalesChannel.values)}.")
    return channel


def _expiry(expires_at: datetime | None) -> datetime:
    now = timezone.now()
    if expires_at is None:
        return now + timedelta(minutes=settings.RESERVATION_TTL_MINUTES)
    if not isinstance(expires_at, datetime) or timezone.is_naive(expires_at):
        raise ValidationFailed("expires_at: give an aware date and time.")
    if expires_at <= now:
        raise ValidationFailed("expires_at: must be in the future.")
    return expires_at


def _refuse_reserved_twice(order_ref: str, requests: list[LineRequest]) -> None:
    taken = list(
        Reservation.objects.filter(
            order_ref=order_ref,
            line_ref__in=[r.line_ref for r in requests],
            status__in=ACTIVE_RESERVATION_STATUSES,
        )
        .values_list("line_ref", flat=True)
        .distinct()
    )
    if taken:
        raise Conflict(
            f"Line(s) {', '.join(sorted(taken))} of {order_ref} are already reserved; "
            "release them first.",
            code=ErrorCode.ALREADY_RESERVED,
            line_refs=sorted(taken),
        )


def _free(levels) -> dict[tuple[int, int], int]:
    return {key: level.on_hand - level.reserved for key, level in levels.items()}


# --- After checkout -------------------------------------------------------------------


def reservation_confirm(*, order_ref: str, actor: Actor) -> list[Reservation]:
    """The order is paid: its held lines stay held, without expiry. Idempotent."""
    with transaction.atomic():
        rows = _lock_order(order_ref)
        active = [r for r in rows if r.status in ACTIVE_RESERVATION_STATUSES]
        if not active:
            _nothing_active(order_ref, rows)
        for row in active:
            if row.status == S.PENDING:
                _move_to(row, S.CONFIRMED, actor, expires_at=None)
        return active


def reservation_release(
    *,
    order_ref: str,
    reason: str,
    actor: Actor,
    line_refs: Iterable[str] | None = None,
) -> list[Reservation]:
    """Give the held units back (order cancelled, line removed). Releasing what is
    already released changes nothing; an unknown order is NotFound."""
    reason = check.note(reason, "reason", required=True)
    wanted = None if line_refs is None else set(line_refs)
    with transaction.atomic():
        rows = _lock_order(order_ref)
        active = [
            r
            for r in rows
            if r.status in ACTIVE_RESERVATION_STATUSES and (wanted is None or r.line_ref in wanted)
        ]
        _give_back(active, S.RELEASED, actor, reason=reason)
        return active


def reservation_fulfil(
    *, order_ref: str, actor: Actor, line_refs: Iterable[str] | None = None
) -> list[StockMove]:
    """The order (or these lines) shipped: confirmed holds become moves to the customer."""
    wanted = None if line_refs is None else set(line_refs)
    with transaction.atomic():
        rows = [r for r in _lock_order(order_ref) if wanted is None or r.line_ref in wanted]
        if wanted is not None and not rows:
            raise NotFound(f"No reservation for those lines of {order_ref}.")
        pending = sorted({r.line_ref for r in rows if r.status == S.PENDING})
        if pending:
            raise Conflict(
                f"Line(s) {', '.join(pending)} of {order_ref} are not paid for yet.",
                code=ErrorCode.NOT_CONFIRMED,
            )
        confirmed = [r for r in rows if r.status == S.CONFIRMED]
        if not confirmed:
            raise Conflict(f"Nothing of {order_ref} is waiting to ship.", code="nothing_to_ship")
        for row in confirmed:
            _move_to(row, S.FULFILLED, actor)
        customer = location_virtual(LocationKind.CUSTOMER)
        return ledger.post_moves([_sale(row, customer) for row in confirmed], actor=actor)


def _sale(row: Reservation, customer) -> ledger.MoveSpec:
    return ledger.MoveSpec(
        variant_id=row.variant_id,
        source=row.location,
        destination=customer,
        quantity=row.quantity,
        reason=MoveReason.SALE,
        reference=f"{row.order_ref}/{row.line_ref}",
        from_reserved=row.quantity,
    )


# --- Expiry ---------------------------------------------------------------------------


def reservations_expire_due(*, actor: Actor, now: datetime | None = None, limit=500) -> int:
    """Release every unpaid hold past its expiry; returns how many rows expired.

    Each order is expired in its own transaction and announced (ReservationsExpired)
    so that sales can cancel it. Orders being confirmed right now are skipped.
    """
    now = now or timezone.now()
    due = (
        Reservation.objects.filter(status=S.PENDING, expires_at__lte=now)
        .order_by("order_ref")
        .values_list("order_ref", flat=True)
        .distinct()[:limit]
    )
    return sum(_expire_order(order_ref, now, actor) for order_ref in list(due))


def _expire_order(order_ref: str, now: datetime, actor: Actor) -> int:
    with transaction.atomic():
        rows = _lock_order(order_ref, skip_locked=True)
        due = [r for r in rows if r.status == S.PENDING and r.expires_at and r.expires_at <= now]
        if not due:
            return 0
        _give_back(due, S.EXPIRED, actor, reason="Not paid in time.")
        publish(ReservationsExpired(order_ref=order_ref, batch=due[0].pk))
        return len(due)


# --- Shared ---------------------------------------------------------------------------


def _lock_order(order_ref: str, *, skip_locked: bool = False) -> list[Reservation]:
    order_ref = check.reference(order_ref, "order_ref")
    rows = Reservation.objects.select_related("location").filter(order_ref=order_ref)
    if skip_locked and connection.features.has_select_for_update_skip_locked:
        rows = rows.select_for_update(skip_locked=True, of=("self",))
    else:
        rows = rows.select_for_update(of=("self",))
    rows = list(rows.order_by("id"))
    if not rows and not skip_locked:
        raise NotFound(f"No reservation for order {order_ref}.")
    return rows


def _nothing_active(order_ref: str, rows: list[Reservation]) -> None:
    if any(r.status == S.EXPIRED for r in rows):
        raise Conflict(
            f"The hold on {order_ref} has expired; reserve the order again.",
            code=ErrorCode.RESERVATION_EXPIRED,
        )
    raise Conflict(f"Nothing of {order_ref} is held any more.", code="not_held")


def _give_back(rows: list[Reservation], status: str, actor: Actor, *, reason: str) -> None:
    if not rows:
        return
    levels = ledger.lock_levels([(r.variant_id, r.location) for r in rows], create=False)
    deltas = defaultdict(int)
    for row in rows:
        _move_to(row, status, actor, reason=reason)
        deltas[(row.variant_id, row.location_id)] -= row.quantity
    ledger.change_reserved(levels, deltas)


def _move_to(row: Reservation, status: str, actor: Actor, *, reason: str = "", **changes):
    closing = status in (S.RELEASED, S.EXPIRED, S.FULFILLED)
    if closing:
        changes["closed_at"] = timezone.now()
    apply_transition(
        row,
        status,
        table=RESERVATION_TRANSITIONS,
        actor=actor,
        reason=reason,
        changes=changes,
    )
