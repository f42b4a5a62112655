"""Staff stock endpoints under /api/v1/stock/ (session auth with CSRF, like the back office).

Rows are scoped by `inventory.access` (a store manager sees their boutiques only);
errors take the API's one shape (`api.errors`): 404 for a location outside your scope
exactly like a missing one, 403 when you see it but may not move its stock.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from ninja import Field, Query, Router, Schema, Status
from ninja.security import django_auth

from atelier.accounts.authentication import may_use_backoffice
from atelier.core.errors import PermissionDenied
from atelier.inventory import access, services
from atelier.inventory.enums import ADJUSTMENT_REASONS, MAX_QUANTITY, MoveReason
from atelier.inventory.selectors import levels as selectors
from atelier.inventory.selectors._common import with_variants

router = Router(tags=["stock"], auth=django_auth)
PER_PAGE = 50
MAX_PAGE = 10_000


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE)
    per_page: int = Field(PER_PAGE, ge=1, le=200)


class LevelQuery(PageQuery):
    variant: int | None = Field(None, ge=1, description="Variant id.")
    location: str = Field("", max_length=40, description="Location code (bq-paris...).")
    q: str = Field("", max_length=100, description="SKU, barcode or name contains.")
    available: bool = Field(False, description="Only levels with units free of holds.")


class MoveQuery(PageQuery):
    variant: int | None = Field(None, ge=1)
    location: str = Field("", max_length=40, description="From or to this location.")
    reason: MoveReason | None = None
    reference: str = Field("", max_length=60, description="Reference starts with.")


class LevelOut(Schema):
    variant_id: int
    sku: str | None
    product_name: str | None
    location: str
    location_name: str
    on_hand: int
    reserved: int
    available: int


class MoveOut(Schema):
    id: int
    variant_id: int
    sku: str | None
    from_location: str
    to_location: str
    quantity: int
    reason: str
    reference: str
    note: str
    actor: str
    created_at: str


class LevelPage(Schema):
    count: int
    page: int
    per_page: int
    results: list[LevelOut]


class MovePage(Schema):
    count: int
    page: int
    per_page: int
    results: list[MoveOut]


class AdjustmentIn(Schema):
    variant_id: int = Field(..., ge=1)
    location: str = Field(..., max_length=40)
    quantity: int = Field(
        ..., ge=-MAX_QUANTITY, le=MAX_QUANTITY, description="Positive adds, negative removes."
    )
    reason: str = Field(..., description=f"One of {', '.join(ADJUSTMENT_REASONS)}.")
    note: str = Field("", max_length=500)
    reference: str = Field("", max_length=60)


def _actor(request):
    actor = request.actor
    if not may_use_backoffice(actor):
        raise PermissionDenied("Staff only.")
    return actor


def _page(rows, query: PageQuery):
    page = Paginator(rows, query.per_page).get_page(query.page)
    return page, with_variants(page.object_list)


@router.get("/levels", response=LevelPage, summary="Stock by location and variant")
def levels_list(request, query: Query[LevelQuery]):
    filters = selectors.LevelFilters(
        location=query.location,
        variant=query.variant,
        search=query.q,
        only_available=query.available,
    )
    page, rows = _page(selectors.stock_levels(_actor(request), filters), query)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "per_page": query.per_page,
        "results": [_level(r) for r in rows],
    }


@router.get("/moves", response=MovePage, summary="Stock moves, newest first")
def moves_list(request, query: Query[MoveQuery]):
    filters = selectors.MoveFilters(
        location=query.location,
        variant=query.variant,
        reason=query.reason or "",
        reference=query.reference,
    )
    page, rows = _page(selectors.stock_moves(_actor(request), filters), query)
    return {
        "count": page.paginator.count,
        "page": page.number,
        "per_page": query.per_page,
        "results": [_move(r) for r in rows],
    }


@router.post("/moves", response={201: MoveOut}, summary="Adjust stock, with a reason")
def moves_create(request, payload: AdjustmentIn):
    actor = _actor(request)
    location = access.get_location_for(actor, payload.location, action="manage")
    move = services.stock_adjust(
        location=location,
        variant_id=payload.variant_id,
        quantity=payload.quantity,
        reason=payload.reason,
        note=payload.note,
        reference=payload.reference,
        actor=actor,
    )
    return Status(201, _move(with_variants([move])[0]))


def _level(row) -> dict:
    info = row.variant_info
    return {
        "variant_id": row.variant_id,
        "sku": info.sku if info else None,
        "product_name": info.product_name if info else None,
        "location": row.location.code,
        "location_name": row.location.name,
        "on_hand": row.on_hand,
        "reserved": row.reserved,
        "available": row.on_hand - row.reserved,
    }


def _move(row) -> dict:
    info = row.variant_info
    return {
        "id": row.pk,
        "variant_id": row.variant_id,
        "sku": info.sku if info else None,
        "from_location": row.from_location.code,
        "to_location": row.to_location.code,
        "quantity": row.quantity,
        "reason": row.reason,
        "reference": row.reference,
        "note": row.note,
        "actor": row.actor_label,
        "created_at": row.created_at.isoformat(),
    }
