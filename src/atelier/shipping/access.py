"""The only gate to shipping rows for pages and endpoints.

| role | shipments seen |
|---|---|
| production manager, customer service manager, admin, super admin | all |
| store manager | those of their boutiques' orders |
| anyone else (customers use `facade.tracking_for_order`) | none |

Not yours looks like not there: NotFound for both.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from atelier.accounts.roles import Cap
from atelier.core.actor import Actor
from atelier.core.errors import NotFound, PermissionDenied
from atelier.core.roles import Role
from atelier.shipping.models import Shipment, ShippableOrder

ALL_SHIPMENTS_ROLES = (
    Role.PRODUCTION_MANAGER,
    Role.CUSTOMER_SERVICE_MANAGER,
    Role.ADMIN,
    Role.SUPER_ADMIN,
)
BOUTIQUE_SHIPMENT_ROLES = (Role.STORE_MANAGER,)
MANAGE = Cap.MANAGE_SHIPMENTS.perm


def _scope(actor: Actor) -> Q | None:
    """None: every row; Q(): nothing; else the boutique filter."""
    if actor.is_system or actor.is_superuser or actor.has_role(*ALL_SHIPMENTS_ROLES):
        return None
    if actor.has_role(*BOUTIQUE_SHIPMENT_ROLES) and actor.boutique_ids:
        return Q(boutique_id__in=actor.boutique_ids)
    return Q()


def _apply(rows: QuerySet, actor: Actor) -> QuerySet:
    scope = _scope(actor)
    if scope is None:
        return rows.all()
    return rows.filter(scope) if scope else rows.none()


def shipments_visible_to(actor: Actor) -> QuerySet[Shipment]:
    """Every shipment `actor` may see; fail closed."""
    return _apply(Shipment.objects.all(), actor)


def orders_to_ship_visible_to(actor: Actor) -> QuerySet[ShippableOrder]:
    return _apply(ShippableOrder.objects.all(), actor)


def may_ship_for_boutique(actor: Actor, boutique_id: int | None) -> bool:
    """Whether `actor` may see shipments of an order of this boutique (None: online)."""
    scope = _scope(actor)
    if scope is None:
        return True
    return bool(scope) and boutique_id is not None and boutique_id in actor.boutique_ids


def get_shipment_for(actor: Actor, number: str, action: str = "view") -> Shipment:
    """One shipment by number; NotFound when missing or outside the actor's scope;
    PermissionDenied when seen but `action` ("manage") is not allowed."""
    number = number.strip() if isinstance(number, str) else ""
    shipment = shipments_visible_to(actor).filter(number=number).first() if number else None
    if shipment is None:
        raise NotFound("No such shipment.")
    if action != "view" and not actor.has_perm(MANAGE):
        raise PermissionDenied("You are not allowed to manage shipments.")
    return shipment
