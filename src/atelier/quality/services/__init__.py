"""Writes of the quality context: keyword-only `<entity>_<verb>(*, ..., actor)` functions,
one transaction each, nothing written when they refuse (docs/contexts/quality.md).

Inspections: opened for a piece (idempotent per item code and round), started (the
checklist is copied onto the inspection with the piece's targets), results, defects and
photos recorded while in progress, then finished: passed only when every item has a
passing result and no major/critical defect was recorded; failed otherwise (which needs
at least one failed item or major/critical defect). Finishing publishes
`InspectionPassed` or `InspectionFailed`.
"""

from atelier.quality.services.checklists import (
    checklist_create,
    checklist_item_add,
    checklist_item_remove,
    checklist_item_update,
    checklist_update,
)
from atelier.quality.services.inspections import (
    ResultEntry,
    defect_summary,
    inspection_add_defect,
    inspection_add_photo,
    inspection_finish,
    inspection_open_for_piece,
    inspection_record_result,
    inspection_record_results,
    inspection_remove_defect,
    inspection_start,
    within_tolerance,
)

__all__ = [
    "ResultEntry",
    "checklist_create",
    "checklist_item_add",
    "checklist_item_remove",
    "checklist_item_update",
    "checklist_update",
    "defect_summary",
    "inspection_add_defect",
    "inspection_add_photo",
    "inspection_finish",
    "inspection_open_for_piece",
    "inspection_record_result",
    "inspection_record_results",
    "inspection_remove_defect",
    "inspection_start",
    "within_tolerance",
]
