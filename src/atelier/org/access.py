"""The only gate to boutique rows for back-office pages and endpoints.

Scope (docs/roles.md): sales representatives and store managers see their own
boutiques, sales directors the boutiques of their regions, the other staff roles all of
them; manufacturers, customers and guests none (the storefront's public boutique list
is `org.selectors.boutiques_for_storefront`, not this). A user with several roles sees
the union. Anything not covered sees nothing.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from atelier.core.actor import Actor
from atelier.core.errors import NotFound, PermissionDenied
from atelier.core.roles import BOUTIQUE_ROLES, REGION_ROLES, STAFF_ROLES, Role
from atelier.org.models import Boutique

# Staff roles that are not tied to boutiques or regions see every boutique.
_ALL_BOUTIQUES_ROLES = STAFF_ROLES - BOUTIQUE_ROLES - REGION_ROLES
# Who may change a boutique's details: admins any, store managers their own.
_MANAGE_ANY_ROLES = frozenset({Role.ADMIN, Role.SUPER_ADMIN})
_MANAGE_OWN_ROLES = frozenset({Role.STORE_MANAGER})


def boutiques_visible_to(actor: Actor) -> QuerySet[Boutique]:
    rows = Boutique.objects.select_related("region")
    if actor.is_system or actor.is_superuser or actor.has_role(*_ALL_BOUTIQUES_ROLES):
        return rows.all()
    scope = Q()
    if actor.has_role(*BOUTIQUE_ROLES) and actor.boutique_ids:
        scope |= Q(pk__in=actor.boutique_ids)
    if actor.has_role(*REGION_ROLES) and actor.region_ids:
        scope |= Q(region_id__in=actor.region_ids)
    if not scope:
        return rows.none()
    return rows.filter(scope)


def boutiques_manageable_by(actor: Actor) -> QuerySet[Boutique]:
    rows = boutiques_visible_to(actor)
    if actor.is_system or actor.is_superuser or actor.has_role(*_MANAGE_ANY_ROLES):
        return rows
    if actor.has_role(*_MANAGE_OWN_ROLES) and actor.boutique_ids:
        return rows.filter(pk__in=actor.boutique_ids)
    return rows.none()


_ACTIONS = {"view": boutiques_visible_to, "manage": boutiques_manageable_by}


def get_boutique_for(actor: Actor, code: str, action: str = "view") -> Boutique:
    """The boutique `code` if `actor` may `action` it.

    Raises NotFound when it does not exist *or* is outside the actor's scope (the two
    look the same), PermissionDenied when the actor sees it but may not `action` it.
    """
    if action not in _ACTIONS:
        raise ValueError(f"Unknown action {action!r}; expected one of {sorted(_ACTIONS)}.")
    boutique = boutiques_visible_to(actor).filter(code=code).first()
    if boutique is None:
        raise NotFound("Boutique not found.")
    if action != "view" and not _ACTIONS[action](actor).filter(pk=boutique.pk).exists():
        raise PermissionDenied(f"You may not {action} this boutique.")
    return boutique
