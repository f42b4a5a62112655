"""Quality's reactions to other contexts' events (wired in config/event_wiring.py).

Fields are read by duck typing (production's event class is never imported): see
docs/contexts/pipeline.md for the contract.
"""

from __future__ import annotations

from atelier.core.actor import system_actor
from atelier.core.events import idempotent
from atelier.quality import services


@idempotent("quality.open_inspection")
def on_piece_ready_for_inspection(event) -> None:
    """production.PieceReadyForInspection -> a pending inspection for the piece and round."""
    services.inspection_open_for_piece(
        item_code=event.item_code,
        purchase_order_number=event.purchase_order_number or "",
        manufacturer_id=event.manufacturer_id,
        product_id=event.product_id,
        variant_id=event.variant_id,
        order_ref=event.order_ref or "",
        line_ref=event.line_ref or "",
        round=event.round,
        actor=system_actor("quality"),
    )
