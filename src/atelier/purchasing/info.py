"""Models -> facade dataclasses."""

from __future__ import annotations

from atelier.core.money import Money
from atelier.purchasing.dto import PurchaseOrderInfo, PurchaseOrderLineInfo
from atelier.purchasing.models import PurchaseOrder, PurchaseOrderLine


def line_info(line: PurchaseOrderLine, currency: str) -> PurchaseOrderLineInfo:
    return PurchaseOrderLineInfo(
        id=line.pk,
        position=line.position,
        order_ref=line.order_ref,
        line_ref=line.line_ref,
        variant_id=line.variant_id,
        sku=line.sku,
        product_id=line.product_id,
        product_name=line.product_name,
        variant_name=line.variant_name,
        configuration=line.configuration,
        quantity=line.quantity,
        unit_value=Money(line.unit_value, currency),
        awaiting_finalisation=line.awaiting_finalisation,
        notes=line.notes,
    )


def po_info(po: PurchaseOrder) -> PurchaseOrderInfo:
    return PurchaseOrderInfo(
        number=po.number,
        status=po.status,
        origin=po.origin,
        manufacturer_id=po.manufacturer_id,
        manufacturer_name=po.manufacturer.name,
        order_ref=po.order_ref,
        customer_reference=po.customer_reference,
        customer_tier=po.customer_tier,
        required_date=po.required_date,
        currency=po.currency,
        value=Money(po.value, po.currency),
        notes=po.notes,
        revision=po.revision,
        created_at=po.created_at,
        released_at=po.released_at,
        accepted_at=po.accepted_at,
        started_at=po.started_at,
        completed_at=po.completed_at,
        declined_reason=po.declined_reason,
        lines=tuple(line_info(line, po.currency) for line in po.lines.all()),
    )
