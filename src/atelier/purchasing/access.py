"""The only gate to purchasing rows for pages and endpoints.

| who | purchase orders seen |
|---|---|
| manufacturer user (actor.manufacturer_id) | their own workshop's, once released (never drafts) |
| staff with `view_purchase_orders` (production, quality, accounting, admins) | all |
| system, superuser | all |
| anyone else | none |

What a visible PO allows (`action`):

| action | who |
|---|---|
| view, message | whoever sees it |
| edit (files, draft details, cancel) | staff who may raise or release purchase orders |
| release | staff with `release_purchase_orders` |
| respond (accept, decline, start, complete, revisions) | the workshop, or production staff |
| reassign | staff with `manage_production` |
| file (add a file) | the PO's workshop, or staff who may edit |

Not yours looks like not there: NotFound for both; seen but not allowed: PermissionDenied.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from atelier.accounts.roles import Cap
from atelier.core.actor import Actor
from atelier.core.errors import NotFound, PermissionDenied
from atelier.purchasing.enums import POStatus, Side
from atelier.purchasing.models import PurchaseOrder

VIEW = Cap.VIEW_PURCHASE_ORDERS.perm
RAISE = Cap.RAISE_PURCHASE_ORDERS.perm
RELEASE = Cap.RELEASE_PURCHASE_ORDERS.perm
PRODUCTION = Cap.MANAGE_PRODUCTION.perm
ACTIONS = ("view", "message", "edit", "release", "respond", "reassign", "file")


def is_workshop(actor: Actor) -> bool:
    """A manufacturer's user (never staff, even if a permission says so)."""
    return actor.manufacturer_id is not None and not (actor.is_system or actor.is_superuser)


def is_staff_viewer(actor: Actor) -> bool:
    return (
        actor.is_system or actor.is_superuser or (not is_workshop(actor) and actor.has_perm(VIEW))
    )


def side_of(actor: Actor) -> str:
    return Side.WORKSHOP if is_workshop(actor) else Side.RETAILER


def purchase_orders_visible_to(actor: Actor) -> QuerySet[PurchaseOrder]:
    """Every purchase order `actor` may see; fail closed."""
    rows = PurchaseOrder.objects.select_related("manufacturer")
    if is_workshop(actor):
        if not (actor.has_perm(VIEW) or actor.has_perm(Cap.USE_PORTAL.perm)):
            return rows.none()
        return rows.filter(
            Q(manufacturer_id=actor.manufacturer_id)
            & ~Q(status=POStatus.DRAFT)
            & Q(released_at__isnull=False)
        )
    if is_staff_viewer(actor):
        return rows.all()
    return rows.none()


def get_purchase_order_for(actor: Actor, number: str, action: str = "view") -> PurchaseOrder:
    """One purchase order by number; NotFound when missing or outside the actor's scope,
    PermissionDenied when seen but `action` is not allowed."""
    number = number.strip() if isinstance(number, str) else ""
    po = purchase_orders_visible_to(actor).filter(number=number).first() if number else None
    if po is None:
        raise NotFound("No such purchase order.")
    if not may(actor, po, action):
        raise PermissionDenied("You are not allowed to do this to this purchase order.")
    return po


def may(actor: Actor, po: PurchaseOrder, action: str) -> bool:
    """Whether `actor`, who sees `po`, may do `action` to it."""
    own = is_workshop(actor) and po.manufacturer_id == actor.manufacturer_id
    staff = not is_workshop(actor)
    checks = {
        "view": True,
        "message": True,
        "edit": staff and (actor.has_perm(RAISE) or actor.has_perm(RELEASE)),
        "release": staff and actor.has_perm(RELEASE),
        "respond": own or (staff and actor.has_perm(PRODUCTION)),
        "reassign": staff and actor.has_perm(PRODUCTION),
        "file": own or (staff and (actor.has_perm(RAISE) or actor.has_perm(RELEASE))),
    }
    return checks.get(action, False)


def may_raise(actor: Actor) -> bool:
    return not is_workshop(actor) and actor.has_perm(RAISE)
