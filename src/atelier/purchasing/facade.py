"""What other contexts (production, the portal, the back office) may ask purchasing.

Everything returns frozen dataclasses from `purchasing.dto`, never models. Lookups raise
`NotFound`; refusals are `ValidationFailed` (422), `Conflict` / `TransitionNotAllowed`
(409, with the allowed moves), `PermissionDenied` (403). Every call carries the actor.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from atelier.core.actor import Actor
from atelier.core.errors import NotFound
from atelier.purchasing import services
from atelier.purchasing.dto import PurchaseNeed, PurchaseOrderInfo, PurchaseOrderLineInfo
from atelier.purchasing.enums import OPEN_STATUSES
from atelier.purchasing.info import po_info
from atelier.purchasing.models import PurchaseOrder

__all__ = [
    "PurchaseNeed",
    "PurchaseOrderInfo",
    "PurchaseOrderLineInfo",
    "purchase_line_finalised",
    "purchase_line_revise",
    "purchase_order_accept",
    "purchase_order_complete",
    "purchase_order_decline",
    "purchase_order_info",
    "purchase_order_reassign",
    "purchase_order_start",
    "purchase_orders_for_order",
    "purchase_orders_open",
    "purchase_orders_raise_for_order",
    "purchase_revision_accept",
    "purchase_revision_refuse",
]


def _rows():
    return PurchaseOrder.objects.select_related("manufacturer").prefetch_related("lines")


def purchase_order_info(number: str) -> PurchaseOrderInfo:
    po = _rows().filter(number=(number or "").strip()).first() if isinstance(number, str) else None
    if po is None:
        raise NotFound("No such purchase order.")
    return po_info(po)


def purchase_orders_open() -> list[PurchaseOrderInfo]:
    """Draft to in production, oldest first."""
    rows = _rows().filter(status__in=OPEN_STATUSES).order_by("created_at", "id")
    return [po_info(po) for po in rows]


def purchase_orders_for_order(order_ref: str) -> list[PurchaseOrderInfo]:
    """Every purchase order raised for a sales order (cancelled ones included)."""
    rows = _rows().filter(order_ref=order_ref).order_by("id") if order_ref else _rows().none()
    return [po_info(po) for po in rows]


def purchase_orders_raise_for_order(
    *,
    order_ref: str,
    customer_reference: str,
    customer_tier: str,
    currency: str,
    required_date: date | None,
    needs: Sequence[PurchaseNeed],
    actor: Actor,
) -> list[str]:
    """Draft purchase orders for a paid sales order, one per manufacturer; the numbers of
    the purchase orders holding the needs. Idempotent per (order_ref, line_ref): a need
    already bought is not bought again, even from a concurrent call."""
    return services.purchase_orders_raise_for_order(
        order_ref=order_ref,
        customer_reference=customer_reference,
        customer_tier=customer_tier,
        currency=currency,
        required_date=required_date,
        needs=needs,
        actor=actor,
    )


def purchase_order_accept(*, number: str, actor: Actor) -> PurchaseOrderInfo:
    return po_info(services.purchase_order_accept(number=number, actor=actor))


def purchase_order_decline(*, number: str, reason: str, actor: Actor) -> PurchaseOrderInfo:
    return po_info(services.purchase_order_decline(number=number, reason=reason, actor=actor))


def purchase_order_start(*, number: str, actor: Actor) -> PurchaseOrderInfo:
    return po_info(services.purchase_order_start(number=number, actor=actor))


def purchase_order_complete(*, number: str, actor: Actor) -> PurchaseOrderInfo:
    return po_info(services.purchase_order_complete(number=number, actor=actor))


def purchase_order_reassign(
    *, number: str, manufacturer_id: int, reason: str, actor: Actor
) -> PurchaseOrderInfo:
    return po_info(
        services.purchase_order_reassign(
            number=number, manufacturer_id=manufacturer_id, reason=reason, actor=actor
        )
    )


def purchase_line_finalised(
    *, order_ref: str, line_ref: str, configuration: dict, variant_id: int, actor: Actor
) -> PurchaseOrderInfo | None:
    """The designer verified the line's configuration: the PO line takes it and no longer
    awaits finalisation. None when no live PO holds the line (nothing bought yet)."""
    po = services.purchase_line_finalised(
        order_ref=order_ref,
        line_ref=line_ref,
        configuration=configuration,
        variant_id=variant_id,
        actor=actor,
    )
    return po_info(po) if po is not None else None


def purchase_line_revise(
    *,
    order_ref: str,
    line_ref: str,
    change_ref: str,
    configuration: dict,
    variant_id: int,
    summary: str,
    needs_agreement: bool,
    actor: Actor,
) -> PurchaseOrderInfo | None:
    """A sales line changed: a new PO revision, applied at once (draft, awaiting
    manufacturer) or proposed to the workshop (accepted, in production, or when
    `needs_agreement`). Idempotent per change_ref. None when no live PO holds the line."""
    po = services.purchase_line_revise(
        order_ref=order_ref,
        line_ref=line_ref,
        change_ref=change_ref,
        configuration=configuration,
        variant_id=variant_id,
        summary=summary,
        needs_agreement=needs_agreement,
        actor=actor,
    )
    return po_info(po) if po is not None else None


def purchase_revision_accept(*, number: str, change_ref: str, actor: Actor) -> PurchaseOrderInfo:
    return po_info(
        services.purchase_revision_accept(number=number, change_ref=change_ref, actor=actor)
    )


def purchase_revision_refuse(
    *, number: str, change_ref: str, reason: str, actor: Actor
) -> PurchaseOrderInfo:
    return po_info(
        services.purchase_revision_refuse(
            number=number, change_ref=change_ref, reason=reason, actor=actor
        )
    )
