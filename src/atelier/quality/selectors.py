"""Reads for the back-office quality pages, always starting from `quality.access`."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Replace

from atelier.catalog import facade as catalog
from atelier.core.actor import Actor
from atelier.core.statemachine import allowed_transitions, history
from atelier.quality import access, targets
from atelier.quality.enums import FINISHED_STATUSES, OPEN_STATUSES, InspectionStatus
from atelier.quality.models import Checklist, Defect, Inspection, InspectionPhoto
from atelier.quality.transitions import INSPECTION_TRANSITIONS


def inspection_queue(actor: Actor, *, q: str = "", finished: bool = False) -> QuerySet[Inspection]:
    """Open inspections, oldest first (or finished ones, newest first), searchable by item
    code, inspection, purchase order or sales order number (a QR scan gives the code)."""
    rows = access.inspections_visible_to(actor)
    if finished:
        rows = rows.filter(status__in=FINISHED_STATUSES).order_by("-finished_at", "-id")
    else:
        rows = rows.filter(status__in=OPEN_STATUSES).order_by("created_at", "id")
    q = scanned_code(q)
    if q:
        compact = q.replace("-", "").replace(" ", "")
        rows = rows.annotate(compact_code=Replace("item_code", Value("-"), Value(""))).filter(
            Q(item_code__icontains=q)
            | Q(compact_code__iexact=compact)
            | Q(number__iexact=q)
            | Q(purchase_order_number__iexact=q)
            | Q(order_ref__iexact=q)
        )
    return rows.annotate(defect_count=Count("defects"))


def scanned_code(raw: str) -> str:
    """What a person typed or a scanner sent: trimmed; a scanned URL gives its last part."""
    text = (raw or "").strip()
    if "/" in text:
        text = text.rstrip("/").rsplit("/", 1)[-1]
    return text[:60]


def exact_match(rows: QuerySet[Inspection], q: str) -> Inspection | None:
    """The one inspection whose item code is `q` (dashes and case ignored), if only one."""
    compact = scanned_code(q).replace("-", "").replace(" ", "")
    if not compact:
        return None
    found = list(rows.filter(compact_code__iexact=compact)[:2])
    return found[0] if len(found) == 1 else None


@dataclass(frozen=True)
class InspectionPage:
    inspection: Inspection
    results: list
    defects: list
    photos: list
    actions: list[str]
    may_inspect: bool
    history: list
    product_name: str
    missing: int


def inspection_page(actor: Actor, number: str) -> InspectionPage:
    inspection = access.get_inspection_for(actor, number)
    inspection = (
        Inspection.objects.filter(pk=inspection.pk)
        .prefetch_related(
            "results",
            Prefetch("defects", Defect.objects.select_related("result").prefetch_related("photos")),
            Prefetch("photos", InspectionPhoto.objects.select_related("defect")),
        )
        .get()
    )
    results = list(inspection.results.all())
    may_inspect = actor.has_perm(access.INSPECT)
    return InspectionPage(
        inspection=inspection,
        results=results,
        defects=list(inspection.defects.all()),
        photos=list(inspection.photos.all()),
        actions=_actions(inspection, actor) if may_inspect else [],
        may_inspect=may_inspect,
        history=list(history(inspection)),
        product_name=_product_name(inspection.variant_id),
        missing=sum(1 for r in results if r.passed is None),
    )


def _actions(inspection: Inspection, actor: Actor) -> list[str]:
    """Where the inspector may move it now; for a pending one, whether a checklist applies."""
    items: list = []
    if inspection.status == InspectionStatus.PENDING:
        checklist = targets.nearest_checklist(inspection.variant_id)
        items = list(checklist.items.all()[:1]) if checklist else []
    context = {"items": items}
    return allowed_transitions(
        inspection, table=INSPECTION_TRANSITIONS, actor=actor, context=context
    )


def _product_name(variant_id: int) -> str:
    info = catalog.variants_by_ids([variant_id]).get(variant_id)
    return f"{info.product_name} — {info.name}" if info else ""


@dataclass(frozen=True)
class ChecklistRow:
    checklist: Checklist
    category_name: str
    item_count: int


def checklist_rows(actor: Actor) -> list[ChecklistRow]:
    names = dict(catalog.category_choices())
    rows = access.checklists_visible_to(actor).annotate(n=Count("items")).order_by("name")
    return [ChecklistRow(c, names.get(c.category_id, "(inactive category)"), c.n) for c in rows]


def categories_without_checklist() -> list[tuple[int, str]]:
    taken = set(Checklist.objects.values_list("category_id", flat=True))
    return [(pk, name) for pk, name in catalog.category_choices() if pk not in taken]
