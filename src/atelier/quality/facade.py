"""What other contexts (production, shipping, the portal, the back office) may ask quality.

Plain frozen dataclasses, never models. The manufacturer-facing functions take the
manufacturer's id and only ever return that manufacturer's *failed* inspections (the
rework to do): the portal calls them with `request.actor.manufacturer_id`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, QuerySet

from atelier.core.errors import NotFound
from atelier.quality.enums import InspectionStatus
from atelier.quality.models import Defect, Inspection, InspectionPhoto
from atelier.quality.storage import private_storage


@dataclass(frozen=True)
class PhotoInfo:
    id: int
    inspection_number: str
    defect_id: int | None
    content_type: str
    size: int
    width: int
    height: int
    caption: str
    uploaded_at: datetime
    file_name: str

    def open(self):
        """The photo's bytes as a binary file (close it, or hand it to FileResponse)."""
        return private_storage().open(self.file_name, "rb")


@dataclass(frozen=True)
class DefectInfo:
    id: int
    inspection_number: str
    round: int
    severity: str  # minor / major / critical
    description: str
    item_label: str  # the checklist item it is about, or ""
    photo_ids: tuple[int, ...]


@dataclass(frozen=True)
class FailedItemInfo:
    label: str
    kind: str
    measured: str  # "" for pass/fail items
    target: str
    tolerance: str
    unit: str


@dataclass(frozen=True)
class InspectionSummary:
    number: str
    item_code: str
    round: int
    status: str  # pending / in_progress / passed / failed
    purchase_order_number: str
    manufacturer_id: int
    order_ref: str
    line_ref: str
    finished_at: datetime | None
    notes: str
    defects: tuple[DefectInfo, ...]
    failed_items: tuple[FailedItemInfo, ...]


def _photo(p: InspectionPhoto) -> PhotoInfo:
    return PhotoInfo(
        id=p.pk,
        inspection_number=p.inspection.number,
        defect_id=p.defect_id,
        content_type=p.content_type,
        size=p.size,
        width=p.width,
        height=p.height,
        caption=p.caption,
        uploaded_at=p.uploaded_at,
        file_name=p.file.name,
    )


def _defect(d: Defect, inspection: Inspection) -> DefectInfo:
    return DefectInfo(
        id=d.pk,
        inspection_number=inspection.number,
        round=inspection.round,
        severity=d.severity,
        description=d.description,
        item_label=d.result.label if d.result_id else "",
        photo_ids=tuple(p.pk for p in d.photos.all()),
    )


def _with_details(rows: QuerySet[Inspection]) -> QuerySet[Inspection]:
    return rows.prefetch_related(
        Prefetch("defects", Defect.objects.select_related("result").prefetch_related("photos")),
        "results",
    )


def _summary(i: Inspection) -> InspectionSummary:
    return InspectionSummary(
        number=i.number,
        item_code=i.item_code,
        round=i.round,
        status=i.status,
        purchase_order_number=i.purchase_order_number,
        manufacturer_id=i.manufacturer_id,
        order_ref=i.order_ref,
        line_ref=i.line_ref,
        finished_at=i.finished_at,
        notes=i.notes,
        defects=tuple(_defect(d, i) for d in i.defects.all()),
        failed_items=tuple(
            FailedItemInfo(
                label=r.label,
                kind=r.kind,
                measured="" if r.measured is None else str(r.measured),
                target="" if r.target is None else str(r.target),
                tolerance="" if r.tolerance is None else str(r.tolerance),
                unit=r.unit,
            )
            for r in i.results.all()
            if r.passed is False
        ),
    )


def inspections_for_item(item_code: str) -> list[InspectionSummary]:
    """Every inspection of a piece, latest round first (for staff pages)."""
    rows = _with_details(Inspection.objects.filter(item_code=item_code).order_by("-round"))
    return [_summary(i) for i in rows]


def inspection_summary(item_code: str) -> InspectionSummary | None:
    """The latest round's inspection of a piece, or None if it was never inspected."""
    found = inspections_for_item(item_code)
    return found[0] if found else None


def item_passed(item_code: str) -> bool:
    """True only when the piece has passed an inspection: the only way to 'ready to ship'."""
    return Inspection.objects.filter(item_code=item_code, status=InspectionStatus.PASSED).exists()


def items_passed(item_codes) -> dict[str, bool]:
    """`item_passed` for many pieces in one query."""
    codes = list(item_codes)
    passed = set(
        Inspection.objects.filter(item_code__in=codes, status=InspectionStatus.PASSED).values_list(
            "item_code", flat=True
        )
    )
    return {code: code in passed for code in codes}


# --- For the manufacturer portal --------------------------------------------------------


def _failed_for(item_code: str, manufacturer_id: int) -> QuerySet[Inspection]:
    if not manufacturer_id:
        return Inspection.objects.none()
    return Inspection.objects.filter(
        item_code=item_code, manufacturer_id=manufacturer_id, status=InspectionStatus.FAILED
    ).order_by("-round")


def failed_inspections_for_item(item_code: str, manufacturer_id: int) -> list[InspectionSummary]:
    """The manufacturer's failed inspections of its piece, latest first (rework to do)."""
    return [_summary(i) for i in _with_details(_failed_for(item_code, manufacturer_id))]


def defects_for_item(item_code: str, manufacturer_id: int) -> list[DefectInfo]:
    """Defects of the failed inspections of `manufacturer_id`'s piece (empty otherwise)."""
    found = []
    for inspection in _with_details(_failed_for(item_code, manufacturer_id)):
        found.extend(_defect(d, inspection) for d in inspection.defects.all())
    return found


def photos_for_item(item_code: str, manufacturer_id: int) -> list[PhotoInfo]:
    """Photos of the failed inspections of `manufacturer_id`'s piece (empty otherwise)."""
    rows = InspectionPhoto.objects.filter(
        inspection__in=_failed_for(item_code, manufacturer_id)
    ).select_related("inspection")
    return [_photo(p) for p in rows.order_by("-inspection__round", "id")]


def photo_for_manufacturer(photo_id: int, manufacturer_id: int) -> PhotoInfo:
    """One photo a manufacturer may see (of its own failed inspection), or NotFound."""
    photo = (
        InspectionPhoto.objects.filter(
            pk=photo_id,
            inspection__manufacturer_id=manufacturer_id or 0,
            inspection__status=InspectionStatus.FAILED,
        )
        .select_related("inspection")
        .first()
    )
    if photo is None:
        raise NotFound("Photo not found.")
    return _photo(photo)
