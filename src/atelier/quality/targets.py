"""Which checklist applies to a piece, and the target of each of its measures.

The nearest checklist up the category tree wins (catalog keeps materialised paths). A
measure with a `dimension_key` takes its target from the piece itself: the dimensions
of its sales order line's configuration (a custom width), or else the product's
standard dimensions.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from atelier.catalog import facade as catalog
from atelier.core.errors import NotFound, ValidationFailed
from atelier.quality.enums import ItemKind
from atelier.quality.models import Checklist, ChecklistItem
from atelier.sales import facade as sales


def nearest_checklist(variant_id: int) -> Checklist | None:
    """The active checklist of the variant's category or its closest ancestor. Two queries."""
    path = catalog.variant_category_paths([variant_id]).get(variant_id, ())
    if not path:
        return None
    found = {
        c.category_id: c for c in Checklist.objects.filter(category_id__in=path, is_active=True)
    }
    for category_id in reversed(path):
        if category_id in found:
            return found[category_id]
    return None


def snapshot_items(checklist: Checklist | None, inspection) -> list[dict]:
    """The checklist's items as result rows for `inspection`, targets resolved."""
    if checklist is None:
        return []
    items = list(ChecklistItem.objects.filter(checklist=checklist).order_by("position", "id"))
    dimensions: dict[str, Decimal] | None = None
    rows = []
    for position, item in enumerate(items, start=1):
        target = item.target
        if item.kind == ItemKind.MEASURE and item.dimension_key:
            if dimensions is None:
                dimensions = piece_dimensions(inspection)
            target = dimensions.get(item.dimension_key)
            if target is None:
                raise ValidationFailed(
                    f"The piece has no {item.dimension_key} to measure against.",
                    code="no_target",
                )
        rows.append(
            {
                "checklist_item": item,
                "position": position,
                "label": item.label,
                "kind": item.kind,
                "target": target,
                "tolerance": item.tolerance if item.kind == ItemKind.MEASURE else None,
                "unit": item.unit,
            }
        )
    return rows


def piece_dimensions(inspection) -> dict[str, Decimal]:
    """{"width": cm, "depth": cm, "height": cm} of the piece as ordered."""
    configured = _configured_dimensions(inspection.order_ref, inspection.line_ref)
    if configured:
        return configured
    try:
        standard = catalog.product_snapshot(inspection.product_id).dimensions
    except NotFound:
        return {}
    return {k: Decimal(v) for k, v in standard.as_dict().items() if v is not None}


def _configured_dimensions(order_ref: str, line_ref: str) -> dict[str, Decimal]:
    if not (order_ref and line_ref):
        return {}
    try:
        order = sales.order_info(number=order_ref)
    except NotFound:
        return {}
    line = next((x for x in order.lines if x.ref == line_ref), None)
    raw = ((line.configuration or {}).get("dimensions") or {}) if line else {}
    found = {}
    for key in ("width", "depth", "height"):
        value = raw.get(f"{key}_cm")
        try:
            found[key] = Decimal(str(value)) if value not in (None, "") else None
        except InvalidOperation:
            found[key] = None
    return {k: v for k, v in found.items() if v is not None}
