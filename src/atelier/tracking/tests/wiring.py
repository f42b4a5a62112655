"""The pipeline's reactions these tests need (what config/event_wiring.py wires), so
that events published by each context's services reach the next one."""

from atelier.production import handlers as production
from atelier.production.events import PieceReadyForInspection
from atelier.quality import handlers as quality
from atelier.quality.events import InspectionFailed, InspectionPassed
from atelier.shipping import handlers as shipping

HANDLERS = {
    PieceReadyForInspection: [quality.on_piece_ready_for_inspection],
    InspectionPassed: [production.on_inspection_passed, shipping.on_inspection_passed],
    InspectionFailed: [production.on_inspection_failed],
}
