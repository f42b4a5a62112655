"""What a paid sales order needs bought: a pure computation over facade dataclasses.

* a made-to-order line needs its full quantity built;
* a stock line needs what its reservation does not hold (pending, confirmed or already
  fulfilled holds count; released and expired ones do not);
* a line without a manufacturer cannot be bought: it is reported in `unassigned`.

The required date is the payment date plus the longest lead time among the needs: the
product's lead time for made-to-order pieces, `PRODUCTION_RESTOCK_LEAD_DAYS` for stock
pieces (or when the product has none).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from atelier.purchasing.facade import PurchaseNeed

MADE_TO_ORDER = "made_to_order"
PROVISIONAL = "provisional"
HOLDING_STATUSES = frozenset({"pending", "confirmed", "fulfilled"})


@dataclass(frozen=True)
class PurchasePlan:
    needs: tuple[PurchaseNeed, ...]
    unassigned: tuple[str, ...]  # line refs that need buying but have no manufacturer
    required_date: date | None
    lead_days: dict[str, int] = field(default_factory=dict)


def held_by_line(reservation) -> dict[str, int]:
    held: dict[str, int] = {}
    for row in getattr(reservation, "held", ()) or ():
        if row.status in HOLDING_STATUSES:
            held[row.line_ref] = held.get(row.line_ref, 0) + row.quantity
    return held


def plan(
    order,
    *,
    held: Mapping[str, int],
    variants: Mapping[int, object],
    paid_on: date,
    restock_days: int,
) -> PurchasePlan:
    needs, unassigned, lead_days = [], [], {}
    for line in order.lines:
        quantity = _to_buy(line, held)
        if quantity <= 0:
            continue
        if not line.manufacturer_id:
            unassigned.append(line.ref)
            continue
        variant = variants.get(line.variant_id)
        lead_days[line.ref] = _lead_days(line, variant, restock_days)
        needs.append(_need(line, variant, quantity))
    required = paid_on + timedelta(days=max(lead_days.values())) if lead_days else None
    return PurchasePlan(tuple(needs), tuple(unassigned), required, lead_days)


def _to_buy(line, held: Mapping[str, int]) -> int:
    if line.kind == MADE_TO_ORDER:
        return line.quantity
    return line.quantity - held.get(line.ref, 0)


def _lead_days(line, variant, restock_days: int) -> int:
    own = getattr(line, "lead_time_days", None) or getattr(variant, "lead_time_days", None)
    if line.kind == MADE_TO_ORDER and own:
        return int(own)
    return restock_days


def _need(line, variant, quantity: int) -> PurchaseNeed:
    return PurchaseNeed(
        line_ref=line.ref,
        manufacturer_id=line.manufacturer_id,
        variant_id=line.variant_id,
        sku=line.sku,
        product_id=line.product_id,
        product_name=line.product_name,
        variant_name=getattr(line, "variant_name", "") or getattr(variant, "name", "") or "",
        configuration=dict(line.configuration or {}),
        quantity=quantity,
        unit_value=line.unit_net.amount,
        awaiting_finalisation=line.kind == MADE_TO_ORDER and line.finalisation == PROVISIONAL,
    )
