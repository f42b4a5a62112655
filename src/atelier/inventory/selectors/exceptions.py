"""What needs a person's attention: stock that is wrong, holds that linger, late goods.

`level_mismatches` is the consistency check: it recomputes on-hand from the moves and
reserved from the active reservations, per level, in one query, and lists the levels
that disagree (there should be none; the stock_check command fails when there are).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from atelier.core.actor import Actor
from atelier.inventory import access
from atelier.inventory.enums import (
    ACTIVE_RESERVATION_STATUSES,
    OPEN_TRANSFER_STATUSES,
    ReservationStatus,
)
from atelier.inventory.models import (
    IncomingSupply,
    Reservation,
    StockLevel,
    StockMove,
    Transfer,
)

LIMIT = 200


@dataclass(frozen=True)
class LevelMismatch:
    level_id: int
    location_code: str
    location_name: str
    variant_id: int
    on_hand: int
    reserved: int
    from_moves: int
    from_reservations: int


def _sum_of(qs: QuerySet, field: str = "quantity") -> Coalesce:
    total = qs.order_by().values("variant_id").annotate(total=Sum(field)).values("total")
    return Coalesce(Subquery(total, output_field=IntegerField()), 0)


def level_mismatches(actor: Actor, *, limit: int = LIMIT) -> list[LevelMismatch]:
    here = {"variant_id": OuterRef("variant_id")}
    moved_in = _sum_of(StockMove.objects.filter(**here, to_location_id=OuterRef("location_id")))
    moved_out = _sum_of(StockMove.objects.filter(**here, from_location_id=OuterRef("location_id")))
    held = _sum_of(
        Reservation.objects.filter(
            **here, location_id=OuterRef("location_id"), status__in=ACTIVE_RESERVATION_STATUSES
        )
    )
    rows = (
        access.stock_levels_visible_to(actor)
        .annotate(from_moves=moved_in - moved_out, from_reservations=held)
        .filter(~Q(on_hand=F("from_moves")) | ~Q(reserved=F("from_reservations")))
        .order_by("location_id", "variant_id")[:limit]
    )
    return [_mismatch(row) for row in rows]


def _mismatch(row) -> LevelMismatch:
    return LevelMismatch(
        level_id=row.pk,
        location_code=row.location.code,
        location_name=row.location.name,
        variant_id=row.variant_id,
        on_hand=row.on_hand,
        reserved=row.reserved,
        from_moves=row.from_moves,
        from_reservations=row.from_reservations,
    )


def negative_levels(actor: Actor, *, limit: int = LIMIT) -> list[StockLevel]:
    """Physical levels below zero or reserving more than they hold (the database's
    constraints refuse these; listed in case data was loaded around them)."""
    rows = access.stock_levels_visible_to(actor).filter(physical=True)
    bad = Q(on_hand__lt=0) | Q(reserved__lt=0) | Q(reserved__gt=F("on_hand"))
    return list(rows.filter(bad).order_by("location_id", "variant_id")[:limit])


def stale_reservations(
    actor: Actor, *, now: datetime | None = None, limit: int = LIMIT
) -> list[Reservation]:
    """Unpaid holds past their expiry (the sweeper is behind) and paid ones that have
    waited more than INVENTORY_STALE_RESERVATION_DAYS to ship."""
    now = now or timezone.now()
    old = now - timedelta(days=settings.INVENTORY_STALE_RESERVATION_DAYS)
    stale = Q(status=ReservationStatus.PENDING, expires_at__lt=now) | Q(
        status=ReservationStatus.CONFIRMED, created_at__lt=old
    )
    return list(access.reservations_visible_to(actor).filter(stale).order_by("created_at")[:limit])


def overdue_transfers(
    actor: Actor, *, today: date | None = None, limit: int = LIMIT
) -> list[Transfer]:
    today = today or timezone.localdate()
    rows = access.transfers_visible_to(actor).filter(
        status__in=OPEN_TRANSFER_STATUSES, due_date__lt=today
    )
    return list(rows.order_by("due_date", "id")[:limit])


def overdue_receipts(
    actor: Actor, *, today: date | None = None, limit: int = LIMIT
) -> list[IncomingSupply]:
    today = today or timezone.localdate()
    rows = access.incoming_supplies_visible_to(actor).filter(is_open=True, expected_date__lt=today)
    return list(rows.order_by("expected_date", "id")[:limit])


@dataclass(frozen=True)
class Exceptions:
    negative: list[StockLevel]
    mismatches: list[LevelMismatch]
    stale_reservations: list[Reservation]
    overdue_transfers: list[Transfer]
    overdue_receipts: list[IncomingSupply]

    @property
    def total(self) -> int:
        return sum(
            len(x)
            for x in (
                self.negative,
                self.mismatches,
                self.stale_reservations,
                self.overdue_transfers,
                self.overdue_receipts,
            )
        )


def exceptions_for(actor: Actor) -> Exceptions:
    """Everything on the exceptions page, in a fixed number of queries."""
    return Exceptions(
        negative=negative_levels(actor),
        mismatches=level_mismatches(actor),
        stale_reservations=stale_reservations(actor),
        overdue_transfers=overdue_transfers(actor),
        overdue_receipts=overdue_receipts(actor),
    )
