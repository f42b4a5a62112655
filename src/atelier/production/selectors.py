"""Reads for the production pages: the queue, one purchase order's production view, the
requirements across the queue, a piece's history. Each starts from `access.py`.

Query count is constant in the number of rows: purchasing's `purchase_orders_open()`
(one query for the orders, one for their lines) plus one grouped count of items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count
from django.utils import timezone

from atelier.core.actor import Actor
from atelier.core.errors import NotFound
from atelier.production import access, priority, requirements
from atelier.production.enums import ItemStatus
from atelier.production.models import CompletionPhoto, ProductionItem
from atelier.purchasing import facade as purchasing

SORTS = {
    "priority": lambda r: priority.sort_key(r.po, r.priority),
    "required": lambda r: (r.po.required_date is None, r.po.required_date, r.po.number),
    "value": lambda r: (-r.po.value.amount, r.po.number),
    "number": lambda r: r.po.number,
    "manufacturer": lambda r: (r.po.manufacturer_name, r.po.number),
    "status": lambda r: (r.po.status, r.po.number),
}
STATUS_LABELS = {
    "draft": "Draft",
    "awaiting_manufacturer": "Awaiting manufacturer",
    "accepted": "Accepted",
    "declined": "Declined",
    "in_production": "In production",
    "completed": "Completed",
    "cancelled": "Cancelled",
}
# What the workshop (or staff for it) may do next, by PO status.
WORKSHOP_ACTIONS = {
    "awaiting_manufacturer": ("accept", "decline"),
    "accepted": ("start",),
    "in_production": ("complete",),
}


@dataclass(frozen=True)
class QueueFilters:
    manufacturer_id: int | None = None
    status: str = ""
    late_only: bool = False
    sort: str = "priority"


@dataclass(frozen=True)
class QueueRow:
    po: purchasing.PurchaseOrderInfo
    priority: priority.Priority
    items: dict[str, int] = field(default_factory=dict)  # item status -> count

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.po.status, self.po.status)

    @property
    def items_display(self) -> list[tuple[str, int]]:
        return [(ItemStatus(status).label, n) for status, n in sorted(self.items.items())]

    @property
    def items_total(self) -> int:
        return sum(self.items.values())

    @property
    def pieces(self) -> int:
        return sum(line.quantity for line in self.po.lines)


def production_queue(
    actor: Actor, filters: QueueFilters | None = None, *, now: datetime | None = None
) -> list[QueueRow]:
    """Every open purchase order, highest priority first (see `priority.py`)."""
    access.check_queue(actor)
    filters = filters or QueueFilters()
    now = now or timezone.now()
    pos = [po for po in purchasing.purchase_orders_open() if _matches(po, filters)]
    counts = _item_counts([po.number for po in pos])
    rows = [QueueRow(po, priority.score(po, now=now), counts.get(po.number, {})) for po in pos]
    if filters.late_only:
        rows = [r for r in rows if r.priority.is_late]
    return sorted(rows, key=SORTS.get(filters.sort, SORTS["priority"]))


def _matches(po, filters: QueueFilters) -> bool:
    if filters.manufacturer_id and po.manufacturer_id != filters.manufacturer_id:
        return False
    return not filters.status or po.status == filters.status


def _item_counts(numbers: list[str]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    rows = (
        ProductionItem.objects.filter(purchase_order_number__in=numbers)
        .values("purchase_order_number", "status")
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts.setdefault(row["purchase_order_number"], {})[row["status"]] = row["n"]
    return counts


def queue_requirements(actor: Actor, filters: QueueFilters | None = None) -> dict:
    """Requirements of every PO in the (filtered) queue, per line and summed."""
    rows = production_queue(actor, filters)
    lines = [req for row in rows for req in requirements.for_purchase_order(row.po)]
    return {"rows": rows, "lines": lines, "totals": requirements.totals(lines)}


@dataclass(frozen=True)
class POProduction:
    po: purchasing.PurchaseOrderInfo
    priority: priority.Priority
    requirements: list[requirements.Requirement]
    totals: list[requirements.Total]
    items: list[ProductionItem]
    photos: list[CompletionPhoto]
    actions: tuple[str, ...]  # accept / decline / start / complete / reassign the actor may use

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.po.status, self.po.status)


def po_production(actor: Actor, number: str, *, now: datetime | None = None) -> POProduction:
    access.check_queue(actor)
    try:
        po = purchasing.purchase_order_info(number)
    except NotFound:
        raise NotFound("Purchase order not found.") from None
    reqs = requirements.for_purchase_order(po)
    items = list(
        ProductionItem.objects.filter(purchase_order_number=po.number).prefetch_related("events")
    )
    photos = list(CompletionPhoto.objects.filter(purchase_order_number=po.number))
    return POProduction(
        po=po,
        priority=priority.score(po, now=now or timezone.now()),
        requirements=reqs,
        totals=requirements.totals(reqs),
        items=items,
        photos=photos,
        actions=_actions(actor, po),
    )


def _actions(actor: Actor, po) -> tuple[str, ...]:
    found = []
    if access.may_act_for_workshop(actor, po.manufacturer_id):
        found += WORKSHOP_ACTIONS.get(po.status, ())
    if po.status == "declined" and access.may_manage_production(actor):
        found.append("reassign")
    return tuple(found)


def items_in_rework_for(actor: Actor, number: str) -> list[ProductionItem]:
    return list(
        access.items_visible_to(actor).filter(
            purchase_order_number=number, status=ItemStatus.REWORK
        )
    )


@dataclass(frozen=True)
class ItemHistory:
    item: ProductionItem
    events: list


def item_history(actor: Actor, code: str) -> ItemHistory:
    """The piece and what happened to it (NotFound outside the actor's scope)."""
    item = access.get_item_for(actor, code)
    return ItemHistory(item=item, events=list(item.events.all()))


def items_for_labels(actor: Actor, number: str) -> list[ProductionItem]:
    access.check_queue(actor)
    items = list(ProductionItem.objects.filter(purchase_order_number=number))
    if not items:
        raise NotFound("This purchase order has no item codes yet.")
    return items
