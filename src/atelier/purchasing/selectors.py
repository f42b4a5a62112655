"""Reads for pages and endpoints (back office now, the manufacturer portal next), always
starting from `access.purchase_orders_visible_to`, prefetched so that query counts do not
grow with rows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import F, Prefetch, Q, QuerySet

from atelier.catalog import facade as catalog
from atelier.core.actor import Actor
from atelier.core.statemachine import allowed_transitions, history
from atelier.org.models import Manufacturer
from atelier.purchasing.access import (
    get_purchase_order_for,
    is_staff_viewer,
    is_workshop,
    purchase_orders_visible_to,
)
from atelier.purchasing.checklist import ChecklistItem, checklist
from atelier.purchasing.enums import OPEN_STATUSES
from atelier.purchasing.models import (
    ManufacturerContact,
    PurchaseOrder,
    PurchaseOrderFile,
    PurchaseOrderLine,
    PurchaseOrderMessage,
    PurchaseOrderRevision,
)
from atelier.purchasing.transitions import TRANSITIONS

PAGE_SIZE = 25
SORTS = {
    "deadline": (F("required_date").asc(nulls_last=True), "-id"),
    "status": ("status", "-id"),
    "value": ("-value", "-id"),
    "newest": ("-created_at", "-id"),
}
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def purchase_orders_for(
    actor: Actor,
    *,
    q: str = "",
    sort: str = "deadline",
    page: int | str = 1,
    status: str = "",
    manufacturer_id: int | None = None,
    page_size: int = PAGE_SIZE,
) -> Page:
    """A page of the POs `actor` sees; `q` matches the PO number, the customer reference,
    the sales order, or a date (YYYY-MM-DD: required or created that day)."""
    rows = purchase_orders_visible_to(actor)
    if status:
        rows = rows.filter(status=status)
    if manufacturer_id:
        rows = rows.filter(manufacturer_id=manufacturer_id)
    rows = _search(rows, (q or "").strip())
    rows = rows.order_by(*SORTS.get(sort, SORTS["deadline"]))
    return Paginator(rows, page_size).get_page(page)


def _search(rows: QuerySet, q: str) -> QuerySet:
    if not q:
        return rows
    match = Q(number__icontains=q) | Q(customer_reference__icontains=q) | Q(order_ref__icontains=q)
    if DATE_RE.match(q):
        try:
            day = date.fromisoformat(q)
        except ValueError:
            day = None
        if day:
            match |= Q(required_date=day) | Q(created_at__date=day)
    return rows.filter(match)


@dataclass(frozen=True)
class PurchaseOrderDetail:
    po: PurchaseOrder
    lines: list[PurchaseOrderLine]
    files: list[PurchaseOrderFile]
    messages: list[PurchaseOrderMessage]
    revisions: list[PurchaseOrderRevision]
    checklist: list[ChecklistItem]
    allowed: list[str]
    history: list
    show_delivery_address: bool


def purchase_order_detail(actor: Actor, number: str) -> PurchaseOrderDetail:
    """One PO with its lines, files, thread and revisions, for the actor who sees it."""
    po = get_purchase_order_for(actor, number)
    po = (
        PurchaseOrder.objects.select_related("manufacturer")
        .prefetch_related(
            Prefetch("lines", PurchaseOrderLine.objects.order_by("position")),
            Prefetch("files", PurchaseOrderFile.objects.select_related("line")),
            Prefetch("messages", PurchaseOrderMessage.objects.order_by("created_at", "id")),
            Prefetch(
                "revisions", PurchaseOrderRevision.objects.select_related("line").order_by("-id")
            ),
        )
        .get(pk=po.pk)
    )
    workshop = is_workshop(actor)
    if workshop and not po.ship_from_workshop:
        po.delivery_address = ""  # the workshop never sees where the customer lives
    return PurchaseOrderDetail(
        po=po,
        lines=list(po.lines.all()),
        files=list(po.files.all()),
        messages=list(po.messages.all()),
        revisions=list(po.revisions.all()),
        checklist=[] if workshop else checklist(po),
        allowed=allowed_transitions(po, table=TRANSITIONS, actor=actor),
        history=[] if workshop else list(history(po)),
        show_delivery_address=not workshop or po.ship_from_workshop,
    )


def purchase_order_file_for(actor: Actor, number: str, file_id: int) -> PurchaseOrderFile:
    """A file of a PO the actor sees (for the download view); NotFound otherwise."""
    from atelier.core.errors import NotFound

    po = get_purchase_order_for(actor, number)
    row = PurchaseOrderFile.objects.filter(purchase_order=po, pk=file_id).first()
    if row is None:
        raise NotFound("No such file.")
    return row


@dataclass(frozen=True)
class ManufacturerProfile:
    manufacturer: Manufacturer  # address, lead time, capabilities
    contacts: list[ManufacturerContact]
    products: list[tuple[int, str, str, bool]]  # (id, name, slug, made_to_order)
    open_orders: int


def manufacturer_profile(actor: Actor, manufacturer_id: int) -> ManufacturerProfile:
    """A workshop as an organisation: staff who see purchase orders see any; a workshop's
    own users see theirs; anyone else gets NotFound."""
    from atelier.core.errors import NotFound

    allowed = is_staff_viewer(actor) or (
        is_workshop(actor) and actor.manufacturer_id == manufacturer_id
    )
    maker = Manufacturer.objects.filter(pk=manufacturer_id).first() if allowed else None
    if maker is None:
        raise NotFound("No such manufacturer.")
    return ManufacturerProfile(
        manufacturer=maker,
        contacts=list(ManufacturerContact.objects.filter(manufacturer=maker)),
        products=catalog.products_made_by(maker.pk),
        open_orders=purchase_orders_visible_to(actor)
        .filter(manufacturer=maker, status__in=OPEN_STATUSES)
        .count(),
    )
