"""Inspections: the writes: keyword-only `<entity>_<verb>(*, ..., actor)` functions,
one transaction each, nothing written when they refuse (docs/contexts/quality.md).

Inspections: opened for a piece (idempotent per item code and round), started (the
checklist is copied onto the inspection with the piece's targets), results, defects and
photos recorded while in progress, then finished: passed only when every item has a
passing result and no major/critical defect was recorded; failed otherwise (which needs
at least one failed item or major/critical defect). Finishing publishes
`InspectionPassed` or `InspectionFailed`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from atelier.core.actor import Actor
from atelier.core.errors import Conflict, ValidationFailed
from atelier.core.events import publish
from atelier.core.numbering import next_number
from atelier.core.statemachine import apply_transition
from atelier.quality import photos, targets
from atelier.quality.enums import BLOCKING_SEVERITIES, ItemKind, Severity
from atelier.quality.enums import InspectionStatus as S
from atelier.quality.events import InspectionFailed, InspectionPassed
from atelier.quality.models import Defect, Inspection, InspectionPhoto, InspectionResult
from atelier.quality.services._common import _decimal, _positive_int, _require, _text
from atelier.quality.transitions import INSPECTION_TRANSITIONS

NUMBER_PREFIX = "QC"
MAX_NOTES = 5000


@dataclass(frozen=True)
class ResultEntry:
    """What the inspector found for one result row: `passed` for pass/fail items,
    `measured` for measures (pass/fail is then computed against the tolerance)."""

    result_id: int
    passed: bool | None = None
    measured: Decimal | str | int | None = None


# --- Opening and starting --------------------------------------------------------------


def inspection_open_for_piece(
    *,
    item_code: str,
    purchase_order_number: str,
    manufacturer_id: int,
    product_id: int,
    variant_id: int,
    order_ref: str = "",
    line_ref: str = "",
    round: int = 1,
    actor: Actor,
) -> Inspection:
    """The inspection of `item_code` in `round`, opened (pending) if it does not exist yet.

    Idempotent: the same piece and round return the same inspection. Refused (Conflict)
    while another round of the piece is open or after it passed.
    """
    _require(actor)
    code = _text(item_code, "Item code", max_length=40)
    round = _positive_int(round, "Round")
    fields = {
        "purchase_order_number": _text(
            purchase_order_number, "Purchase order", max_length=20, required=False
        ),
        "manufacturer_id": _positive_int(manufacturer_id, "Manufacturer"),
        "product_id": _positive_int(product_id, "Product"),
        "variant_id": _positive_int(variant_id, "Variant"),
        "order_ref": _text(order_ref, "Order", max_length=20, required=False),
        "line_ref": _text(line_ref, "Order line", max_length=20, required=False),
    }
    existing = Inspection.objects.filter(item_code=code, round=round).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            _check_other_rounds(code)
            return Inspection.objects.create(
                number=next_number(NUMBER_PREFIX), item_code=code, round=round, **fields
            )
    except IntegrityError:  # a concurrent delivery opened it first
        existing = Inspection.objects.filter(item_code=code, round=round).first()
        if existing is None:
            raise
        return existing


def _check_other_rounds(item_code: str) -> None:
    other = (
        Inspection.objects.filter(item_code=item_code)
        .exclude(status=S.FAILED)
        .order_by("-round")
        .first()
    )
    if other is not None:
        raise Conflict(
            f"Piece {item_code} already has inspection {other.number} "
            f"({other.get_status_display().lower()}).",
            code="inspection_exists",
        )


def inspection_start(*, inspection: Inspection, actor: Actor) -> Inspection:
    """pending -> in_progress: copy the nearest checklist onto the inspection."""
    _require(actor)
    with transaction.atomic():
        checklist, rows = None, []
        if inspection.status == S.PENDING:
            checklist = targets.nearest_checklist(inspection.variant_id)
            rows = targets.snapshot_items(checklist, inspection)
        locked = apply_transition(
            inspection,
            S.IN_PROGRESS,
            table=INSPECTION_TRANSITIONS,
            actor=actor,
            context={"items": rows},
            changes={
                "checklist": checklist,
                "started_at": timezone.now(),
                "inspector_id": actor.user_id,
                "inspector_label": actor.label,
            },
        )
        InspectionResult.objects.bulk_create(
            InspectionResult(inspection=locked, **row) for row in rows
        )
    return locked


def _lock_in_progress(inspection: Inspection) -> Inspection:
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if locked.status != S.IN_PROGRESS:
        raise Conflict(
            f"Inspection {locked.number} is {locked.get_status_display().lower()}: "
            "start it first, or it is already finished.",
            code="not_in_progress",
        )
    return locked


# --- Recording --------------------------------------------------------------------------


def inspection_record_result(
    *,
    inspection: Inspection,
    result_id: int,
    passed: bool | None = None,
    measured=None,
    actor: Actor,
) -> InspectionResult:
    """Record (or correct) one checklist item's result while the inspection is in progress."""
    entry = ResultEntry(result_id=result_id, passed=passed, measured=measured)
    return inspection_record_results(inspection=inspection, entries=[entry], actor=actor)[0]


def inspection_record_results(
    *, inspection: Inspection, entries: Iterable[ResultEntry], actor: Actor
) -> list[InspectionResult]:
    """Record several results at once (the inspection page's form): all or nothing."""
    _require(actor)
    entries = list(entries)
    if not entries:
        raise ValidationFailed("Record at least one result.", code="required")
    with transaction.atomic():
        locked = _lock_in_progress(inspection)
        rows = {r.pk: r for r in locked.results.all()}
        now = timezone.now()
        changed = [_apply_entry(rows, entry, now) for entry in entries]
        InspectionResult.objects.bulk_update(changed, ["measured", "passed", "recorded_at"])
    return changed


def _apply_entry(rows: dict[int, InspectionResult], entry: ResultEntry, now) -> InspectionResult:
    result = rows.get(entry.result_id) if type(entry.result_id) is int else None
    if result is None:
        raise ValidationFailed("No such checklist item on this inspection.", code="unknown_item")
    if result.kind == ItemKind.PASS_FAIL:
        if type(entry.passed) is not bool or entry.measured not in (None, ""):
            raise ValidationFailed(
                f"{result.label}: choose pass or fail.", code="invalid", field=result.pk
            )
        result.passed, result.measured = entry.passed, None
    else:
        if entry.passed is not None:
            raise ValidationFailed(
                f"{result.label}: enter the measured value; pass/fail is computed.",
                field=result.pk,
            )
        measured = _decimal(entry.measured, result.label)
        result.measured = measured
        result.passed = within_tolerance(measured, result.target, result.tolerance)
    result.recorded_at = now
    return result


def within_tolerance(measured: Decimal, target: Decimal | None, tolerance: Decimal | None) -> bool:
    """True when |measured - target| <= tolerance (both ends included)."""
    if target is None:
        return False
    return abs(measured - target) <= (tolerance or Decimal(0))


def inspection_add_defect(
    *,
    inspection: Inspection,
    severity: str,
    description: str,
    result_id: int | None = None,
    actor: Actor,
) -> Defect:
    _require(actor)
    if severity not in Severity.values:
        raise ValidationFailed("Choose the defect's severity.", code="invalid", field="severity")
    text = _text(description, "Description", max_length=500)
    with transaction.atomic():
        locked = _lock_in_progress(inspection)
        result = None
        if result_id not in (None, ""):
            result = locked.results.filter(pk=result_id).first() if type(result_id) is int else None
            if result is None:
                raise ValidationFailed(
                    "No such checklist item on this inspection.", code="unknown_item"
                )
        return Defect.objects.create(
            inspection=locked,
            result=result,
            severity=severity,
            description=text,
            created_by_label=actor.label,
        )


def inspection_remove_defect(*, inspection: Inspection, defect_id: int, actor: Actor) -> None:
    """Take back a defect recorded by mistake (its photos stay on the inspection)."""
    _require(actor)
    with transaction.atomic():
        locked = _lock_in_progress(inspection)
        defect = locked.defects.filter(pk=defect_id).first() if type(defect_id) is int else None
        if defect is None:
            raise ValidationFailed("No such defect on this inspection.", code="unknown_defect")
        defect.delete()


def inspection_add_photo(
    *,
    inspection: Inspection,
    upload,
    defect_id: int | None = None,
    caption: str = "",
    actor: Actor,
) -> InspectionPhoto:
    """Check the photo by its content, strip its metadata and store it privately."""
    _require(actor)
    caption = _text(caption, "Caption", max_length=200, required=False)
    if upload is None:
        raise ValidationFailed("Choose a photo to upload.", code="required", field="photo")
    clean = photos.clean_photo(upload)  # refuses before anything is written
    with transaction.atomic():
        locked = _lock_in_progress(inspection)
        defect = None
        if defect_id not in (None, ""):
            defect = locked.defects.filter(pk=defect_id).first() if type(defect_id) is int else None
            if defect is None:
                raise ValidationFailed("No such defect on this inspection.", code="unknown_defect")
        photo = InspectionPhoto(
            inspection=locked,
            defect=defect,
            content_type=clean.content_type,
            size=clean.size,
            width=clean.width,
            height=clean.height,
            caption=caption,
            uploaded_by_label=actor.label,
        )
        photo.file.save(f"photo.{clean.extension}", ContentFile(clean.content), save=False)
        name = photo.file.name
        try:
            photo.save()
        except Exception:
            photo.file.storage.delete(name)
            raise
    return photo


# --- Finishing --------------------------------------------------------------------------


def inspection_finish(*, inspection: Inspection, notes: str = "", actor: Actor) -> Inspection:
    """in_progress -> passed | failed, decided by the results and defects; announces it."""
    _require(actor)
    notes = _text(notes, "Notes", max_length=MAX_NOTES, required=False)
    with transaction.atomic():
        locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
        failing = _has_failure(locked)
        to = S.FAILED if failing else S.PASSED
        changes = {"finished_at": timezone.now()}
        if notes:
            changes["notes"] = notes
        locked = apply_transition(
            locked, to, table=INSPECTION_TRANSITIONS, actor=actor, changes=changes
        )
        publish(_event(locked))
    for name in ("status", "finished_at", "notes"):
        setattr(inspection, name, getattr(locked, name))
    return locked


def _has_failure(inspection: Inspection) -> bool:
    return (
        inspection.results.filter(passed=False).exists()
        or inspection.defects.filter(severity__in=BLOCKING_SEVERITIES).exists()
    )


def _event(inspection: Inspection):
    common = {
        "inspection_number": inspection.number,
        "item_code": inspection.item_code,
        "order_ref": inspection.order_ref,
        "line_ref": inspection.line_ref,
        "round": inspection.round,
    }
    if inspection.status == S.PASSED:
        return InspectionPassed(**common)
    return InspectionFailed(**common, defects=defect_summary(inspection))


def defect_summary(inspection: Inspection, limit: int = 300) -> str:
    """One line: failed items and defects, most severe first."""
    rank = {Severity.CRITICAL: 0, Severity.MAJOR: 1, Severity.MINOR: 2}
    parts = [
        f"{d.get_severity_display()}: {d.description}"
        for d in sorted(inspection.defects.all(), key=lambda d: (rank[d.severity], d.pk))
    ]
    for result in inspection.results.filter(passed=False):
        if result.kind == ItemKind.MEASURE:
            parts.append(
                f"{result.label}: {result.measured} {result.unit} "
                f"(target {result.target} ± {result.tolerance})".replace("  ", " ")
            )
        else:
            parts.append(f"{result.label}: failed")
    line = "; ".join(parts)
    return line if len(line) <= limit else line[: limit - 1] + "…"
