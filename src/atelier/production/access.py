"""The only gates to production rows.

* The queue and the requirements: production managers and sales staff
  (`manage_production` or `view_orders`), plus anyone who sees every purchase order
  (`view_purchase_orders` without a manufacturer: quality, accounting). Manufacturers
  never see the queue: their own purchase orders are in the portal.
* Items (the scan page's history): staff who see purchase orders
  (`view_purchase_orders`): all items; a manufacturer contact: its own workshop's
  items. Everyone else: none — the scan page then shows only the public card
  (`selectors.item_public_card`).
"""

from __future__ import annotations

from django.db.models import QuerySet

from atelier.accounts.roles import Cap
from atelier.core.actor import Actor
from atelier.core.errors import NotFound, PermissionDenied
from atelier.production import codes
from atelier.production.models import ProductionItem

NOT_FOUND = "Production item not found."


def may_see_queue(actor: Actor) -> bool:
    if actor.is_system or actor.is_superuser:
        return True
    if actor.manufacturer_id is not None:
        return False
    return any(
        actor.has_perm(cap.perm)
        for cap in (Cap.MANAGE_PRODUCTION, Cap.VIEW_ORDERS, Cap.VIEW_PURCHASE_ORDERS)
    )


def check_queue(actor: Actor) -> None:
    if not may_see_queue(actor):
        raise PermissionDenied("You may not see the production queue.")


def may_manage_production(actor: Actor) -> bool:
    return actor.has_perm(Cap.MANAGE_PRODUCTION.perm)


def items_visible_to(actor: Actor) -> QuerySet[ProductionItem]:
    rows = ProductionItem.objects.all()
    if actor.is_system or actor.is_superuser:
        return rows
    if not actor.has_perm(Cap.VIEW_PURCHASE_ORDERS.perm):
        return rows.none()
    if actor.manufacturer_id is not None:
        return rows.filter(manufacturer_id=actor.manufacturer_id)
    if actor.has_role("manufacturer"):
        return rows.none()  # a contact without a workshop sees nothing
    return rows


def get_item_for(actor: Actor, code: str) -> ProductionItem:
    canonical = codes.normalise(code)
    item = items_visible_to(actor).filter(code=canonical).first() if canonical else None
    if item is None:
        raise NotFound(NOT_FOUND)
    return item


def may_act_for_workshop(actor: Actor, manufacturer_id: int) -> bool:
    """The workshop itself (its contacts) or production staff acting on its behalf."""
    if actor.is_system or may_manage_production(actor):
        return True
    return (
        actor.manufacturer_id is not None
        and actor.manufacturer_id == manufacturer_id
        and actor.has_perm(Cap.USE_PORTAL.perm)
    )


class PublicCard:
    """What anyone scanning a code may see: the code and the product name, nothing else."""

    __slots__ = ("code", "product_name")

    def __init__(self, code: str, product_name: str):
        self.code, self.product_name = code, product_name


def public_card(code: str) -> PublicCard:
    canonical = codes.normalise(code)
    row = (
        ProductionItem.objects.filter(code=canonical).values_list("code", "product_name").first()
        if canonical
        else None
    )
    if row is None:
        raise NotFound(NOT_FOUND)
    return PublicCard(*row)
