"""The only gate to sales rows for pages and endpoints.

Orders (quotations and sales orders) by role, per docs/roles.md:

| role | orders seen |
|---|---|
| sales representative, store manager | their boutiques' orders (and quotations they made) |
| sales director | orders of the boutiques in their regions, and online orders of those regions |
| customer service, e-commerce, accounting, production, designer, admins | all |
| customer | their own (by account) |
| manufacturer, guest, anyone else | none |

Carts are found by their secret token; a customer's cart only by that customer.
Not yours looks like not there: NotFound for both.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from atelier.accounts.roles import Cap
from atelier.core.actor import Actor
from atelier.core.errors import NotFound, PermissionDenied
from atelier.core.roles import BOUTIQUE_ROLES, REGION_ROLES, Role
from atelier.org.models import Boutique, Region
from atelier.sales.enums import CartStatus
from atelier.sales.models import Cart, SalesOrder

# Roles whose scope is "all" and who see orders (docs/roles.md).
ALL_ORDERS_ROLES = (
    Role.CUSTOMER_SERVICE_MANAGER,
    Role.ECOMMERCE_MANAGER,
    Role.ACCOUNTING_MANAGER,
    Role.PRODUCTION_MANAGER,
    Role.DESIGNER,
    Role.ADMIN,
    Role.SUPER_ADMIN,
)
ACTIONS = {"view": Cap.VIEW_ORDERS.perm, "manage": Cap.MANAGE_ORDERS.perm}


def orders_visible_to(actor: Actor) -> QuerySet[SalesOrder]:
    """Every order `actor` may see; fail closed."""
    rows = SalesOrder.objects.select_related("boutique", "customer")
    if actor.is_system or actor.is_superuser or actor.has_role(*ALL_ORDERS_ROLES):
        return rows.all()
    scope = Q()
    if actor.has_role(*BOUTIQUE_ROLES) and actor.boutique_ids:
        scope |= Q(boutique_id__in=actor.boutique_ids)
        if actor.user_id is not None:
            scope |= Q(sales_rep_id=actor.user_id)
    if actor.has_role(*REGION_ROLES) and actor.region_ids:
        scope |= Q(boutique__region_id__in=actor.region_ids)
        scope |= Q(boutique__isnull=True, region_code__in=_region_codes(actor.region_ids))
    if actor.has_role(Role.CUSTOMER) and actor.user_id is not None:
        scope |= Q(customer_id=actor.user_id)
    return rows.filter(scope) if scope else rows.none()


def _region_codes(region_ids) -> QuerySet:
    return Region.objects.filter(pk__in=region_ids).values("code")


def get_order_for(actor: Actor, number: str, action: str = "view") -> SalesOrder:
    """One order by number; NotFound when missing or outside the actor's scope, and
    PermissionDenied when it is seen but `action` ("view", "manage") is not allowed."""
    number = number.strip() if isinstance(number, str) else ""
    order = orders_visible_to(actor).filter(number=number).first() if number else None
    if order is None:
        raise NotFound("No such order.")
    if _is_owner(actor, order):
        if action != "view":
            raise PermissionDenied("You cannot change this order.")
        return order
    if not actor.has_perm(ACTIONS.get(action, "-")):
        raise PermissionDenied("You are not allowed to do this to orders.")
    return order


def _is_owner(actor: Actor, order: SalesOrder) -> bool:
    return (
        actor.user_id is not None
        and order.customer_id == actor.user_id
        and not actor.has_perm(Cap.VIEW_ORDERS.perm)
    )


def boutiques_for_quotations(actor: Actor) -> QuerySet[Boutique]:
    """Boutiques `actor` may make quotations for."""
    rows = Boutique.objects.filter(is_active=True)
    if not actor.has_perm(Cap.MANAGE_ORDERS.perm):
        return rows.none()
    if actor.is_system or actor.is_superuser or actor.has_role(*ALL_ORDERS_ROLES):
        return rows
    scope = Q()
    if actor.has_role(*BOUTIQUE_ROLES) and actor.boutique_ids:
        scope |= Q(pk__in=actor.boutique_ids)
    if actor.has_role(*REGION_ROLES) and actor.region_ids:
        scope |= Q(region_id__in=actor.region_ids)
    return rows.filter(scope) if scope else rows.none()


def get_cart_for(actor: Actor, token: str) -> Cart:
    """The cart with this token; a signed-in customer's cart answers only to them."""
    token = token.strip() if isinstance(token, str) else ""
    cart = Cart.objects.filter(token=token).first() if 16 <= len(token) <= 64 else None
    if cart is None or (cart.user_id is not None and cart.user_id != actor.user_id):
        raise NotFound("No such cart.")
    return cart


def open_cart_of(actor: Actor) -> Cart | None:
    """A signed-in customer's open cart (the latest), for a device without the cart
    cookie; None for guests and for customers without one."""
    if actor.user_id is None:
        return None
    rows = Cart.objects.filter(user_id=actor.user_id, status=CartStatus.OPEN)
    return rows.order_by("-updated_at", "-id").first()
