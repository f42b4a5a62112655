"""Events production publishes (after commit); see docs/contexts/pipeline.md."""

from dataclasses import dataclass

from atelier.core.events import Event


@dataclass(frozen=True, kw_only=True)
class PieceReadyForInspection(Event):
    """A piece was completed (round 1) or reworked (round 2, 3…): quality inspects it."""

    item_code: str
    purchase_order_number: str
    manufacturer_id: int
    product_id: int
    variant_id: int
    order_ref: str
    line_ref: str
    round: int
