"""The stock ledger: the only code that changes StockLevel rows.

Every change of on-hand is a `StockMove` written in the same transaction as the level
update; every change of reserved belongs to a reservation. Levels are locked in id
order (`SELECT … FOR UPDATE ORDER BY id`) before they are read, so concurrent writers
queue instead of overselling and never deadlock on each other; the updates are
relative (`F() + n`) and the database's check constraints refuse a negative physical
balance or more reserved than on hand even if a bug slipped through.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from atelier.core.actor import Actor
from atelier.core.events import publish
from atelier.inventory.errors import InsufficientStock
from atelier.inventory.events import StockChanged
from atelier.inventory.models import Location, StockLevel, StockMove

Key = tuple[int, int]  # (variant_id, location_id)
PAIRS_INLINE = 40


@dataclass(frozen=True)
class MoveSpec:
    """A move to post. `from_reserved` units of it were reserved at the source (a
    fulfilled reservation): they leave on-hand and reserved together."""

    variant_id: int
    source: Location
    destination: Location
    quantity: int
    reason: str
    reference: str = ""
    note: str = ""
    from_reserved: int = 0


def lock_levels(pairs: Iterable[tuple[int, Location]], *, create: bool) -> dict[Key, StockLevel]:
    """The levels of `pairs` (variant id, location), locked in id order.

    With `create`, missing rows are inserted first (zero, idempotently), so that every
    pair is in the result; without it, pairs with no row are left out.
    """
    pairs = {(variant_id, location.pk): location for variant_id, location in pairs}
    if not pairs:
        return {}
    if create:
        StockLevel.objects.bulk_create(
            [
                StockLevel(variant_id=v, location_id=loc_id, physical=location.is_physical)
                for (v, loc_id), location in pairs.items()
            ],
            ignore_conflicts=True,
        )
    rows = StockLevel.objects.select_for_update().filter(_matching(pairs)).order_by("id")
    return {key: row for row in rows if (key := (row.variant_id, row.location_id)) in pairs}


def _matching(pairs) -> Q:
    """Exactly these pairs; for many, the (slightly larger) cross product keeps the SQL
    short (extra rows are locked in the same id order, so still no deadlock)."""
    if len(pairs) > PAIRS_INLINE:
        return Q(variant_id__in={v for v, _ in pairs}, location_id__in={loc for _, loc in pairs})
    match = Q()
    for variant_id, location_id in pairs:
        match |= Q(variant_id=variant_id, location_id=location_id)
    return match


def lock_levels_at(variant_ids: Iterable[int], locations: Iterable[Location]):
    """Existing levels of these variants at these locations, locked in id order."""
    rows = (
        StockLevel.objects.select_for_update()
        .filter(variant_id__in=set(variant_ids), location__in=[loc.pk for loc in locations])
        .order_by("id")
    )
    return {(row.variant_id, row.location_id): row for row in rows}


def post_moves(specs: list[MoveSpec], *, actor: Actor) -> list[StockMove]:
    """Write the moves and bring the levels in line, all or nothing.

    Raises InsufficientStock (409) when a physical source does not hold enough units
    free of reservations; nothing is written then.
    """
    if not specs:
        return []
    with transaction.atomic():
        levels = lock_levels(
            [(s.variant_id, s.source) for s in specs]
            + [(s.variant_id, s.destination) for s in specs],
            create=True,
        )
        deltas: dict[Key, list[int]] = defaultdict(lambda: [0, 0])
        for spec in specs:
            _take(levels[(spec.variant_id, spec.source.pk)], spec, deltas)
            deltas[(spec.variant_id, spec.destination.pk)][0] += spec.quantity
        _write(levels, deltas)
        moves = StockMove.objects.bulk_create([_move(spec, actor) for spec in specs])
        publish(_changed(specs))
    return moves


def _take(level: StockLevel, spec: MoveSpec, deltas: dict[Key, list[int]]) -> None:
    key = (level.variant_id, level.location_id)
    delta = deltas[key]
    delta[0] -= spec.quantity
    delta[1] -= spec.from_reserved
    if not spec.source.is_physical:
        return
    on_hand, reserved = level.on_hand + delta[0], level.reserved + delta[1]
    if on_hand < reserved or reserved < 0:
        free = level.on_hand - level.reserved
        raise InsufficientStock(
            f"Only {max(free, 0)} unit(s) of variant {level.variant_id} are free at "
            f"{spec.source.name} ({level.on_hand} on hand, {level.reserved} reserved); "
            f"{spec.quantity} needed.",
            variant_id=level.variant_id,
            location=spec.source.code,
            on_hand=level.on_hand,
            reserved=level.reserved,
            requested=spec.quantity,
        )


def change_reserved(levels: dict[Key, StockLevel], deltas: dict[Key, int]) -> None:
    """Add `deltas` to the reserved quantity of locked `levels` (negative to release)."""
    _write(levels, {key: [0, delta] for key, delta in deltas.items() if delta})


def _write(levels: dict[Key, StockLevel], deltas: dict[Key, list[int]]) -> None:
    now = timezone.now()
    for key, (on_hand, reserved) in sorted(deltas.items(), key=lambda kv: levels[kv[0]].pk):
        if not (on_hand or reserved):
            continue
        level = levels[key]
        StockLevel.objects.filter(pk=level.pk).update(
            on_hand=F("on_hand") + on_hand, reserved=F("reserved") + reserved, updated_at=now
        )
        level.on_hand += on_hand
        level.reserved += reserved


def _move(spec: MoveSpec, actor: Actor) -> StockMove:
    return StockMove(
        variant_id=spec.variant_id,
        from_location=spec.source,
        to_location=spec.destination,
        quantity=spec.quantity,
        reason=spec.reason,
        reference=spec.reference,
        note=spec.note,
        actor_id=actor.user_id,
        actor_label=actor.label,
    )


def _changed(specs: list[MoveSpec]) -> StockChanged:
    references = sorted({s.reference for s in specs if s.reference})
    return StockChanged(
        variant_ids=tuple(sorted({s.variant_id for s in specs})),
        reference=", ".join(references)[:200],
    )
