"""The only gate to payment rows for back-office pages and API endpoints.

Payments know an order only by its reference, so boutique- and region-scoped staff see
payments through the sales order they may open (sales calls
`facade.payments_for_order()` after its own access check). Here, directly:

* the system actor and superusers: every payment;
* roles that see every row and handle orders or the books (e-commerce manager,
  customer service manager, accounting manager, admin, super admin): every payment;
* everyone else: nothing. A payment outside the scope is NotFound, like a missing one.

Pages paid by the customer (`/pay/<token>/`) are reached by the payment's unguessable
token, not through this module: holding the link is the permission, as with Stripe's
own hosted pages.
"""

from __future__ import annotations

from django.db.models import QuerySet

from atelier.accounts.roles import ROLE_CAPABILITIES, ROLE_SCOPE, Cap, Scope
from atelier.core.actor import Actor
from atelier.core.errors import NotFound
from atelier.payments.models import Payment

PAYMENT_ROLES = frozenset(
    role.value
    for role, scope in ROLE_SCOPE.items()
    if scope == Scope.ALL and ROLE_CAPABILITIES[role] & {Cap.MANAGE_ORDERS, Cap.VIEW_ACCOUNTING}
)


def payments_visible_to(actor: Actor) -> QuerySet[Payment]:
    rows = Payment.objects.prefetch_related("refunds")
    if actor.is_system or actor.is_superuser or actor.has_role(*PAYMENT_ROLES):
        return rows.all()
    return rows.none()


def get_payment_for(actor: Actor, reference: str) -> Payment:
    payment = payments_visible_to(actor).filter(reference=reference).first()
    if payment is None:
        raise NotFound("Payment not found.")
    return payment
