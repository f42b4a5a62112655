"""`/api/v1/portal/`: a workshop's purchase orders, for its own systems.

Session (with CSRF) or personal API token (`Authorization: Bearer atl_…`, made on the
portal's profile page). Only manufacturer accounts with `use_portal`; another workshop's
purchase order is 404 like a missing one; a move the state machine forbids is 409 with
`details.allowed`.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Query, Router, Schema
from ninja.security import HttpBearer, django_auth

from atelier.accounts import tokens
from atelier.accounts.actors import actor_for
from atelier.core.errors import PermissionDenied
from atelier.portal import selectors
from atelier.portal.auth import may_use_portal
from atelier.production import services as production
from atelier.purchasing import selectors as purchasing_selectors


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = tokens.api_token_user(token)
        if user is None:
            return None
        request.user = user
        request.actor = actor_for(user)
        return user


router = Router(tags=["portal"], auth=[TokenAuth(), django_auth])


def _actor(request):
    actor = request.actor
    if not may_use_portal(actor):
        raise PermissionDenied("This account has no access to the manufacturer portal.")
    return actor


class POListQuery(Schema):
    q: str = ""
    sort: str = "deadline"
    page: int = 1


class POSummaryOut(Schema):
    number: str
    status: str
    customer_reference: str
    required_date: date | None
    currency: str
    value: Decimal
    revision: int
    created_at: datetime


class POPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[POSummaryOut]


class LineOut(Schema):
    position: int
    sku: str
    product_name: str
    variant_name: str
    quantity: int
    materials: list[list[str]]
    finishes: list[list[str]]
    options: list[list[str]]
    dimensions: str
    notes: str


class FileOut(Schema):
    id: int
    kind: str
    title: str
    url: str


class MessageOut(Schema):
    author: str
    side: str
    body: str
    created_at: datetime


class RevisionOut(Schema):
    number: int
    change_ref: str
    summary: str
    status: str
    reason: str


class ItemOut(Schema):
    code: str
    status: str
    product_name: str
    unit_index: int


class PODetailOut(POSummaryOut):
    notes: str
    declined_reason: str
    delivery_address: str
    lines: list[LineOut]
    files: list[FileOut]
    messages: list[MessageOut]
    revisions: list[RevisionOut]
    items: list[ItemOut]
    allowed_actions: list[str]


class DeclineIn(Schema):
    reason: str


def _summary(po) -> dict:
    return {
        "number": po.number,
        "status": po.status,
        "customer_reference": po.customer_reference,
        "required_date": po.required_date,
        "currency": po.currency,
        "value": po.value,
        "revision": po.revision,
        "created_at": po.created_at,
    }


@router.get("/purchase-orders", response=POPageOut, summary="My purchase orders")
def po_list(request, query: Query[POListQuery]):
    page = purchasing_selectors.purchase_orders_for(
        _actor(request), q=query.q, sort=query.sort, page=query.page
    )
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "results": [_summary(po) for po in page],
    }


@router.get("/purchase-orders/{number}", response=PODetailOut, summary="One purchase order")
def po_detail(request, number: str):
    return _detail(_actor(request), number)


def _detail(actor, number: str) -> dict:
    from django.urls import reverse

    p = selectors.po_page(actor, number)
    po = p.po
    return {
        **_summary(po),
        "notes": po.notes,
        "declined_reason": po.declined_reason,
        "delivery_address": po.delivery_address if p.detail.show_delivery_address else "",
        "lines": [
            {
                "position": line.position,
                "sku": line.sku,
                "product_name": line.product_name,
                "variant_name": line.variant_name,
                "quantity": line.quantity,
                "materials": [list(m) for m in req.materials],
                "finishes": [list(f) for f in req.finishes],
                "options": [list(o) for o in req.options],
                "dimensions": req.dimensions,
                "notes": line.notes,
            }
            for line, req in zip(p.detail.lines, p.requirements, strict=False)
        ],
        "files": [
            {
                "id": f.pk,
                "kind": f.kind,
                "title": f.title,
                "url": reverse(
                    "portal:file_download", kwargs={"number": po.number, "file_id": f.pk}
                ),
            }
            for f in p.detail.files
        ],
        "messages": [
            {"author": m.author_label, "side": m.side, "body": m.body, "created_at": m.created_at}
            for m in p.detail.messages
        ],
        "revisions": [
            {
                "number": r.number,
                "change_ref": r.change_ref,
                "summary": r.summary,
                "status": r.status,
                "reason": r.reason,
            }
            for r in p.detail.revisions
        ],
        "items": [
            {
                "code": i.code,
                "status": i.status,
                "product_name": i.product_name,
                "unit_index": i.unit_index,
            }
            for i in p.items
        ],
        "allowed_actions": p.actions,
    }


@router.post("/purchase-orders/{number}/accept", response=PODetailOut, summary="Accept")
def po_accept(request, number: str):
    actor = _actor(request)
    production.po_accept(number=number, actor=actor)
    return _detail(actor, number)


@router.post("/purchase-orders/{number}/decline", response=PODetailOut, summary="Decline")
def po_decline(request, number: str, payload: DeclineIn):
    actor = _actor(request)
    production.po_decline(number=number, reason=payload.reason, actor=actor)
    return _detail(actor, number)


@router.post("/purchase-orders/{number}/start", response=PODetailOut, summary="Start production")
def po_start(request, number: str):
    actor = _actor(request)
    production.po_start(number=number, actor=actor)
    return _detail(actor, number)


@router.post("/purchase-orders/{number}/complete", response=PODetailOut, summary="Complete")
def po_complete(request, number: str):
    actor = _actor(request)
    production.po_complete(number=number, actor=actor)
    return _detail(actor, number)
