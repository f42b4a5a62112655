"""Cycle counts: open a sheet, enter counted quantities, review the variances, approve.

A line's `expected` is the on-hand quantity at the moment its count is entered, and
approval posts the variance (counted - expected) as a move: units that moved between
the count and the approval are therefore not overwritten.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from atelier.catalog import facade as catalog
from atelier.core.actor import Actor
from atelier.core.errors import Conflict, ValidationFailed
from atelier.core.numbering import next_number
from atelier.core.statemachine import apply_transition
from atelier.inventory.enums import STOCK_KINDS, CountStatus, LocationKind, MoveReason
from atelier.inventory.models import CountLine, CountSheet, Location, StockLevel
from atelier.inventory.services import _common as check
from atelier.inventory.services import ledger
from atelier.inventory.services.locations import location_virtual
from atelier.inventory.transitions import COUNT_TRANSITIONS

C = CountStatus
LINE_REASONS = (
    MoveReason.COUNT_ADJUSTMENT,
    MoveReason.DAMAGED,
    MoveReason.LOST,
    MoveReason.FOUND,
    MoveReason.CORRECTION,
)


def count_sheet_create(
    *, location: Location, actor: Actor, category_id: int | None = None
) -> CountSheet:
    """A sheet listing every variant held at `location` (of `category_id` and its
    sub-categories when given); more lines can be added while counting."""
    if location.kind not in STOCK_KINDS:
        raise ValidationFailed("Counts are made at a warehouse or a boutique.")
    check.require_manage(actor, location)
    variant_ids = _variants_at(location, category_id)
    with transaction.atomic():
        sheet = CountSheet.objects.create(
            number=next_number("CC"),
            location=location,
            category_id=category_id,
            created_by_id=actor.user_id,
            created_by_label=actor.label,
        )
        CountLine.objects.bulk_create([CountLine(sheet=sheet, variant_id=v) for v in variant_ids])
    return sheet


def _variants_at(location: Location, category_id: int | None) -> list[int]:
    held = StockLevel.objects.filter(location=location).exclude(on_hand=0)
    ids = set(held.values_list("variant_id", flat=True))
    if category_id is not None:
        if not isinstance(category_id, int) or isinstance(category_id, bool):
            raise ValidationFailed("category: give a category id.")
        in_category = catalog.find_variant_ids(category_id=category_id)
        if not in_category and category_id not in dict(catalog.category_choices()):
            raise ValidationFailed("Unknown category.")
        ids &= set(in_category)
    return sorted(ids)


def count_line_record(
    *,
    sheet: CountSheet,
    variant_id: int,
    counted: int,
    actor: Actor,
    reason: str = MoveReason.COUNT_ADJUSTMENT,
) -> CountLine:
    """Enter (or correct) the counted quantity of a variant; adds the line if the
    variant was not on the sheet (found where it was not expected)."""
    counted = check.quantity(counted, "counted", allow_zero=True)
    if reason not in LINE_REASONS:
        raise ValidationFailed(f"reason: one of {', '.join(LINE_REASONS)}.")
    check.require_manage(actor, sheet.location)
    with transaction.atomic():
        locked = CountSheet.objects.select_for_update().get(pk=sheet.pk)
        if locked.status != C.OPEN:
            raise Conflict("Counts can be entered only while the sheet is open.", code="not_open")
        line = CountLine.objects.filter(sheet=locked, variant_id=variant_id).first()
        if line is None:
            check.known_variants([variant_id])
            line = CountLine(sheet=locked, variant_id=variant_id)
        line.expected = _on_hand(sheet.location, variant_id)
        line.counted, line.reason, line.counted_at = counted, reason, timezone.now()
        line.save()
    return line


def count_lines_record(
    *, sheet: CountSheet, counted: dict[int, int], actor: Actor
) -> list[CountLine]:
    """Enter several counts (variant id -> counted) at once: all or none."""
    with transaction.atomic():
        return [
            count_line_record(sheet=sheet, variant_id=variant_id, counted=qty, actor=actor)
            for variant_id, qty in counted.items()
        ]


def _on_hand(location: Location, variant_id: int) -> int:
    level = StockLevel.objects.filter(location=location, variant_id=variant_id).first()
    return level.on_hand if level else 0


def count_sheet_submit(*, sheet: CountSheet, actor: Actor) -> CountSheet:
    check.require_manage(actor, sheet.location)
    return apply_transition(sheet, C.SUBMITTED, table=COUNT_TRANSITIONS, actor=actor)


def count_sheet_reopen(*, sheet: CountSheet, reason: str, actor: Actor) -> CountSheet:
    """Send the sheet back for a recount."""
    check.require_manage(actor, sheet.location)
    return apply_transition(sheet, C.OPEN, table=COUNT_TRANSITIONS, actor=actor, reason=reason)


def count_sheet_cancel(*, sheet: CountSheet, reason: str, actor: Actor) -> CountSheet:
    check.require_manage(actor, sheet.location)
    return apply_transition(sheet, C.CANCELLED, table=COUNT_TRANSITIONS, actor=actor, reason=reason)


def count_sheet_approve(*, sheet: CountSheet, actor: Actor, note: str = "") -> CountSheet:
    """Accept the variances: each becomes a move with the line's reason code.

    Refused when a loss would take units reserved for orders (release them first).
    """
    check.require_manage(actor, sheet.location)
    note = check.note(note)
    with transaction.atomic():
        locked = apply_transition(
            sheet,
            C.APPROVED,
            table=COUNT_TRANSITIONS,
            actor=actor,
            reason=note,
            changes={"approved_at": timezone.now()},
        )
        specs = [_variance_move(locked, line) for line in locked.lines.all() if line.variance]
        ledger.post_moves(specs, actor=actor)
    return locked


def _variance_move(sheet: CountSheet, line: CountLine) -> ledger.MoveSpec:
    other = location_virtual(
        LocationKind.SCRAP if line.reason == MoveReason.DAMAGED else LocationKind.ADJUSTMENT
    )
    gain = line.variance > 0
    return ledger.MoveSpec(
        variant_id=line.variant_id,
        source=other if gain else sheet.location,
        destination=sheet.location if gain else other,
        quantity=abs(line.variance),
        reason=line.reason,
        reference=sheet.number,
        note=f"Counted {line.counted}, expected {line.expected}.",
    )
