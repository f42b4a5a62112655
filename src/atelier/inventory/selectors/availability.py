"""What the storefront promises: in stock, ships in N weeks, made to order, unavailable.

Always computed from the stock levels (available to promise = on hand - reserved),
which every move and reservation updates in its own transaction: never a cached guess.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F, Min, Q, Sum
from django.utils import timezone

from atelier.catalog import facade as catalog
from atelier.core.errors import ValidationFailed
from atelier.inventory.enums import AvailabilityStatus, LocationKind, SalesChannel
from atelier.inventory.models import IncomingSupply, StockLevel

A = AvailabilityStatus


@dataclass(frozen=True)
class Availability:
    variant_id: int
    status: str  # AvailabilityStatus: in_stock, incoming, made_to_order, unavailable
    quantity: int  # units available to promise now
    weeks: int | None  # until it ships (incoming, made to order)
    expected_date: date | None
    label: str


@dataclass(frozen=True)
class PickupBoutique:
    boutique_id: int
    code: str
    name: str
    city: str
    quantities: tuple[tuple[int, int], ...]  # (variant id, units free there)


def _channel_scope(channel: str, region_code: str | None) -> Q:
    if channel not in SalesChannel.values:
        raise ValidationFailed(f"channel: one of {', '.join(SalesChannel.values)}.")
    boutiques = Q(location__kind=LocationKind.BOUTIQUE)
    if channel == SalesChannel.ONLINE:
        boutiques &= Q(location__sells_online=True)
    if region_code:
        boutiques &= Q(location__boutique__region__code=region_code)
    return Q(location__kind=LocationKind.WAREHOUSE) | boutiques


def free_quantities(
    variant_ids: Collection[int], *, channel: str = "online", region_code: str | None = None
) -> dict[int, int]:
    """Units available to promise per variant in the channel (and region). One query."""
    rows = (
        StockLevel.objects.filter(
            _channel_scope(channel, region_code),
            variant_id__in=list(variant_ids),
            location__is_active=True,
            on_hand__gt=F("reserved"),
        )
        .values("variant_id")
        .annotate(free=Sum(F("on_hand") - F("reserved")))
    )
    return {r["variant_id"]: r["free"] for r in rows}


def _first_supply(variant_ids: Collection[int]) -> dict[int, date]:
    rows = (
        IncomingSupply.objects.filter(variant_id__in=list(variant_ids), is_open=True, order_ref="")
        .values("variant_id")
        .annotate(first=Min("expected_date"))
    )
    return {r["variant_id"]: r["first"] for r in rows}


def availability_for_variants(
    variant_ids: Collection[int], *, region_code: str | None = None, channel: str = "online"
) -> dict[int, Availability]:
    """Availability of each known variant (unknown ids are left out); 5 queries."""
    ids = list(dict.fromkeys(variant_ids))
    free = free_quantities(ids, channel=channel, region_code=region_code)
    supply = _first_supply(ids)
    today = timezone.localdate()
    return {
        vid: _availability(info, free.get(vid, 0), supply.get(vid), today)
        for vid, info in catalog.variants_by_ids(ids).items()
    }


def _availability(info, free: int, supply: date | None, today: date) -> Availability:
    if not info.is_active:
        return Availability(info.id, A.UNAVAILABLE, 0, None, None, "Currently unavailable")
    if free > 0:
        return Availability(info.id, A.IN_STOCK, free, None, None, "In stock")
    made = today + timedelta(days=info.lead_time_days or 0) if info.made_to_order else None
    if supply is not None and (made is None or supply < made):
        weeks = _weeks(today, supply)
        label = f"Ships in {weeks} week{'s' if weeks != 1 else ''}"
        return Availability(info.id, A.INCOMING, 0, weeks, supply, label)
    if made is not None:
        weeks = _weeks(today, made)
        label = f"Made to order \N{EM DASH} about {weeks} week{'s' if weeks != 1 else ''}"
        return Availability(info.id, A.MADE_TO_ORDER, 0, weeks, made, label)
    return Availability(info.id, A.UNAVAILABLE, 0, None, None, "Currently unavailable")


def _weeks(today: date, when: date) -> int:
    return max(1, math.ceil((when - today).days / 7))


def pickup_boutiques_for(
    variant_ids: Collection[int], *, quantities: Mapping[int, int] | None = None
) -> list[PickupBoutique]:
    """Open boutiques holding, free of reservations, every variant asked (at least
    `quantities[variant]` units, default 1), by name. One query."""
    needs = {v: (quantities or {}).get(v, 1) for v in dict.fromkeys(variant_ids)}
    if not needs:
        return []
    rows = StockLevel.objects.filter(
        variant_id__in=list(needs),
        location__kind=LocationKind.BOUTIQUE,
        location__is_active=True,
        location__boutique__is_active=True,
        on_hand__gt=F("reserved"),
    ).values_list(
        "location__boutique_id",
        "location__boutique__code",
        "location__boutique__name",
        "location__boutique__city",
        "variant_id",
        "on_hand",
        "reserved",
    )
    shops, held = {}, defaultdict(dict)
    for boutique_id, code, name, city, variant_id, on_hand, reserved in rows:
        shops[boutique_id] = (code, name, city)
        held[boutique_id][variant_id] = on_hand - reserved
    return sorted(
        (
            PickupBoutique(bid, *shops[bid], tuple(sorted(held[bid].items())))
            for bid in shops
            if all(held[bid].get(v, 0) >= n for v, n in needs.items())
        ),
        key=lambda b: b.name,
    )


class StockSource:
    """catalog.ports.StockSource over the live levels, for catalog listings."""

    def __init__(self, *, channel: str = "online", region_code: str | None = None):
        self.channel, self.region_code = channel, region_code

    def in_stock(self, variant_ids: Collection[int]) -> set[int]:
        free = free_quantities(variant_ids, channel=self.channel, region_code=self.region_code)
        return {v for v, units in free.items() if units > 0}
