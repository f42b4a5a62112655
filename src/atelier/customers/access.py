"""The only gate to customers' rows for pages and endpoints.

Saved addresses: a customer sees their own. Staff reach customers' records through the
CRM (a later issue, which adds their boutique and region scopes here). Fail closed;
not yours looks like not there (NotFound)."""

from __future__ import annotations

from django.db.models import QuerySet

from atelier.core.actor import Actor
from atelier.core.errors import NotFound
from atelier.customers.models import CustomerAddress


def addresses_visible_to(actor: Actor) -> QuerySet[CustomerAddress]:
    """The actor's own saved addresses, default first."""
    if actor.user_id is None:
        return CustomerAddress.objects.none()
    return CustomerAddress.objects.filter(user_id=actor.user_id)


def get_address_for(actor: Actor, address_id) -> CustomerAddress:
    """One of the actor's saved addresses; NotFound for a missing or someone else's."""
    found = None
    if isinstance(address_id, int) or (isinstance(address_id, str) and address_id.isdigit()):
        found = addresses_visible_to(actor).filter(pk=int(address_id)).first()
    if found is None:
        raise NotFound("No such address.")
    return found
