"""The inspection's status table (docs/contexts/quality.md).

    pending --start (inspect_quality; the category has a checklist)--> in_progress
    in_progress --finish--> passed   every item recorded and passing, no major/critical defect
    in_progress --finish--> failed   at least one failed item or major/critical defect

`inspection_finish` picks the target from the results; the guards below make sure no
other path reaches either end. The events (InspectionPassed / InspectionFailed) carry the
pipeline's fields, so the service publishes them after the transition.
"""

from __future__ import annotations

from atelier.accounts.roles import Cap
from atelier.core.statemachine import Transition, TransitionTable
from atelier.quality.enums import BLOCKING_SEVERITIES
from atelier.quality.enums import InspectionStatus as S

INSPECT = Cap.INSPECT_QUALITY.perm


def has_checklist(inspection, actor, context) -> str | None:
    if not context.get("items"):
        return "There is no checklist for this product's category: add one first."
    return None


def all_recorded(inspection, actor, context) -> str | None:
    missing = inspection.results.filter(passed__isnull=True).count()
    if missing:
        return f"{missing} checklist item(s) have no result yet."
    return None


def all_pass(inspection, actor, context) -> str | None:
    if inspection.results.filter(passed=False).exists():
        return "A checklist item failed: the piece cannot pass."
    return None


def no_blocking_defect(inspection, actor, context) -> str | None:
    if inspection.defects.filter(severity__in=BLOCKING_SEVERITIES).exists():
        return "A major or critical defect was recorded: the piece cannot pass."
    return None


def has_failure(inspection, actor, context) -> str | None:
    failed_item = inspection.results.filter(passed=False).exists()
    blocking = inspection.defects.filter(severity__in=BLOCKING_SEVERITIES).exists()
    if not (failed_item or blocking):
        return "Record a failed item or a major/critical defect before failing the piece."
    return None


INSPECTION_TRANSITIONS: TransitionTable = {
    (S.PENDING, S.IN_PROGRESS): Transition(
        permission=INSPECT, guards=(has_checklist,), label="Start inspection"
    ),
    (S.IN_PROGRESS, S.PASSED): Transition(
        permission=INSPECT, guards=(all_recorded, all_pass, no_blocking_defect), label="Pass"
    ),
    (S.IN_PROGRESS, S.FAILED): Transition(
        permission=INSPECT, guards=(has_failure,), label="Fail (rework)"
    ),
}
