"""Where an order's units are taken from (the allocation rules).

* Store pickup: only the chosen boutique.
* Online: the warehouses first (by priority), then the boutiques whose stock is sold
  online (by priority).
* Boutiques channel without pickup (an assisted sale shipped to the customer): the
  warehouses first, then every boutique.

A line is taken whole from the first location that can cover it; only when none can is
it split over the locations in the same order. Inactive locations never give stock.
"""

from __future__ import annotations

from dataclasses import dataclass

from atelier.core.errors import ValidationFailed
from atelier.inventory.enums import LocationKind, SalesChannel
from atelier.inventory.errors import Shortage
from atelier.inventory.models import Location
from atelier.org.models import Boutique

_KIND_ORDER = {LocationKind.WAREHOUSE: 0, LocationKind.BOUTIQUE: 1}


@dataclass(frozen=True)
class LineRequest:
    line_ref: str
    variant_id: int
    quantity: int


@dataclass(frozen=True)
class Allocation:
    line: LineRequest
    location: Location
    quantity: int


def candidate_locations(channel: str, pickup_boutique_id: int | None) -> list[Location]:
    """The locations that may give stock to this order, in the order they are tried."""
    if pickup_boutique_id is not None:
        return _pickup_location(pickup_boutique_id)
    rows = Location.objects.filter(
        is_active=True, kind__in=[LocationKind.WAREHOUSE, LocationKind.BOUTIQUE]
    )
    if channel == SalesChannel.ONLINE:
        rows = rows.exclude(kind=LocationKind.BOUTIQUE, sells_online=False)
    return sorted(rows, key=lambda loc: (_KIND_ORDER[loc.kind], loc.priority, loc.pk))


def _pickup_location(boutique_id) -> list[Location]:
    if isinstance(boutique_id, bool) or not isinstance(boutique_id, int):
        raise ValidationFailed(f"pickup_boutique_id: give a boutique id, not {boutique_id!r}.")
    if not Boutique.objects.filter(pk=boutique_id, is_active=True).exists():
        raise ValidationFailed("The pickup boutique does not exist or is closed.")
    return list(
        Location.objects.filter(kind=LocationKind.BOUTIQUE, boutique_id=boutique_id, is_active=True)
    )


def allocate(
    lines: list[LineRequest], candidates: list[Location], free: dict[tuple[int, int], int]
) -> tuple[list[Allocation], list[Shortage]]:
    """Plan where each line's units come from. `free` maps (variant, location id) to
    the units free of reservations; it is consumed as lines are planned, so two lines of
    the same variant share it."""
    free = dict(free)
    plan: list[Allocation] = []
    shortages: list[Shortage] = []
    for line in lines:
        taken = _allocate_line(line, candidates, free)
        if taken is None:
            left = sum(max(free.get((line.variant_id, c.pk), 0), 0) for c in candidates)
            shortages.append(Shortage(line.line_ref, line.variant_id, line.quantity, left))
            continue
        plan.extend(taken)
    return plan, shortages


def _allocate_line(line, candidates, free) -> list[Allocation] | None:
    def units(location):
        return max(free.get((line.variant_id, location.pk), 0), 0)

    whole = next((c for c in candidates if units(c) >= line.quantity), None)
    if whole is not None:
        chosen = [(whole, line.quantity)]
    else:
        if sum(units(c) for c in candidates) < line.quantity:
            return None
        chosen, needed = [], line.quantity
        for location in candidates:
            take = min(units(location), needed)
            if take:
                chosen.append((location, take))
                needed -= take
            if not needed:
                break
    for location, qty in chosen:
        free[(line.variant_id, location.pk)] = units(location) - qty
    return [Allocation(line, location, qty) for location, qty in chosen]
