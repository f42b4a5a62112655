"""Made-to-order endpoints (issue 8), mounted at /api/v1/ next to `sales.api`.

    POST /orders/{number}/lines/{line_id}/finalise                  designer
    GET  /orders/{number}/change-requests                           owner or staff
    POST /orders/{number}/lines/{line_id}/change-requests           owner or staff: priced proposal
    POST /orders/{number}/change-requests/{ref}/accept              -> payment / refund
    POST /orders/{number}/change-requests/{ref}/cancel

The order is found through `access.get_order_for` (not yours = 404); the services check
the rest (who may finalise or change, production, ranges) and refuse with a reason.
"""

from __future__ import annotations

from datetime import datetime

from ninja import Router, Schema, Status
from pydantic import Field

from atelier.accounts.actors import actor_for
from atelier.core.errors import NotFound
from atelier.core.money import Money
from atelier.sales import access
from atelier.sales.models import ChangeRequest, SalesOrder
from atelier.sales.services import changes, made_to_order

router = Router(tags=["made to order"])


class ConfigurationIn(Schema):
    options: dict[str, str] | None = None
    dimensions: dict[str, str] | None = None
    variant_id: int | None = None


class FinaliseIn(ConfigurationIn):
    note: str = Field("", max_length=500)


class ChangeIn(ConfigurationIn):
    override_reason: str = Field("", max_length=500)


class AcceptIn(Schema):
    override_reason: str = Field("", max_length=500)
    return_url: str = Field("", max_length=500)
    via: str = "email"


class CancelIn(Schema):
    reason: str = Field("", max_length=500)


class LineOut(Schema):
    id: int
    ref: str
    sku: str
    description: str
    configuration: dict
    finalisation: str
    revision: int
    production_stage: str
    total: str


class FinaliseOut(Schema):
    order_number: str
    line: LineOut
    difference: str
    refunded: str
    balance_requested: str
    payment_url: str
    order_total: str
    currency: str


class ChangeOut(Schema):
    ref: str
    order_number: str
    line_ref: str
    status: str
    status_label: str
    requested_by: str
    summary: str
    configuration: dict
    currency: str
    old_total: str
    new_total: str
    difference: str
    needs_workshop: bool
    override_reason: str
    reason: str
    created_at: datetime
    applied_at: datetime | None


class PaymentOut(Schema):
    payment_id: str
    provider: str
    redirect_url: str | None
    client_secret: str | None
    publishable_key: str | None


class AcceptOut(Schema):
    change: ChangeOut
    payment: PaymentOut | None
    payment_url: str
    refunded: str


def _order(request, number: str) -> tuple:
    actor = actor_for(request.user)
    return actor, access.get_order_for(actor, number, action="view")


def _change(order: SalesOrder, ref: str) -> ChangeRequest:
    change = order.change_requests.select_related("line", "order").filter(ref=ref).first()
    if change is None:
        raise NotFound("No such change request.")
    return change


def _amount(value, currency: str) -> str:
    return str(Money(value or 0, currency).rounded().amount)


def _line(line) -> dict:
    return {
        "id": line.pk,
        "ref": line.ref,
        "sku": line.sku,
        "description": line.description,
        "configuration": line.configuration or {},
        "finalisation": line.finalisation,
        "revision": line.revision,
        "production_stage": line.production_stage,
        "total": _amount(line.total_gross, line.order.currency),
    }


def change_out(change: ChangeRequest) -> dict:
    return {
        "ref": change.ref,
        "order_number": change.order.number,
        "line_ref": change.line.ref,
        "status": change.status,
        "status_label": change.get_status_display(),
        "requested_by": change.requested_by,
        "summary": change.summary,
        "configuration": change.configuration,
        "currency": change.currency,
        "old_total": _amount(change.old_total_gross, change.currency),
        "new_total": _amount(change.new_total_gross, change.currency),
        "difference": _amount(change.difference, change.currency),
        "needs_workshop": change.needs_workshop,
        "override_reason": change.override_reason,
        "reason": change.reason,
        "created_at": change.created_at,
        "applied_at": change.applied_at,
    }


@router.post(
    "/orders/{number}/lines/{line_id}/finalise",
    response=FinaliseOut,
    summary="Finalise a made-to-order line (designer)",
)
def line_finalise(request, number: str, line_id: int, payload: FinaliseIn):
    actor, order = _order(request, number)
    line, settled = made_to_order.line_finalise(
        order=order,
        line_id=line_id,
        options=payload.options,
        dimensions=payload.dimensions,
        variant_id=payload.variant_id,
        note=payload.note,
        actor=actor,
    )
    order.refresh_from_db()
    return {
        "order_number": order.number,
        "line": _line(line),
        "difference": _amount(settled.difference.amount, order.currency),
        "refunded": _amount(settled.refunded.amount, order.currency),
        "balance_requested": _amount(settled.requested.amount, order.currency),
        "payment_url": settled.payment_url,
        "order_total": _amount(order.total_gross, order.currency),
        "currency": order.currency,
    }


@router.get(
    "/orders/{number}/change-requests",
    response=list[ChangeOut],
    summary="The order's change requests, newest first",
)
def change_requests_list(request, number: str):
    _, order = _order(request, number)
    rows = order.change_requests.select_related("line", "order")
    return [change_out(c) for c in rows]


@router.post(
    "/orders/{number}/lines/{line_id}/change-requests",
    response={201: ChangeOut},
    summary="Propose a change of a paid line: the priced proposal",
)
def change_request_create(request, number: str, line_id: int, payload: ChangeIn):
    actor, order = _order(request, number)
    change = changes.change_request_create(
        order=order,
        line_id=line_id,
        options=payload.options,
        dimensions=payload.dimensions,
        variant_id=payload.variant_id,
        override_reason=payload.override_reason,
        actor=actor,
    )
    return Status(201, change_out(change))


@router.post(
    "/orders/{number}/change-requests/{ref}/accept",
    response=AcceptOut,
    summary="Go ahead: pay an increase, or get a decrease refunded",
)
def change_request_accept(request, number: str, ref: str, payload: AcceptIn):
    actor, order = _order(request, number)
    result = changes.change_request_accept(
        change=_change(order, ref),
        actor=actor,
        override_reason=payload.override_reason,
        return_url=payload.return_url,
        via=payload.via,
    )
    payment = result.payment
    result.change.refresh_from_db()
    return {
        "change": change_out(result.change),
        "payment": {
            "payment_id": payment.payment_id,
            "provider": payment.provider,
            "redirect_url": payment.redirect_url,
            "client_secret": payment.client_secret,
            "publishable_key": payment.publishable_key,
        }
        if payment
        else None,
        "payment_url": result.payment_url,
        "refunded": _amount(result.refunded.amount if result.refunded else 0, order.currency),
    }


@router.post(
    "/orders/{number}/change-requests/{ref}/cancel",
    response=ChangeOut,
    summary="Withdraw an open change request",
)
def change_request_cancel(request, number: str, ref: str, payload: CancelIn | None = None):
    actor, order = _order(request, number)
    change = changes.change_request_cancel(
        change=_change(order, ref), actor=actor, reason=payload.reason if payload else ""
    )
    return change_out(change)
