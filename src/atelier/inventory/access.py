"""The only gate to inventory rows for back-office pages, endpoints and services.

Every scoped row hangs off a location, so one rule decides them all (docs/contexts/
inventory.md, "Roles"):

* production manager, e-commerce manager, customer service manager, accounting
  manager, admin, super admin: every location (virtual ones included);
* sales director: the boutiques of their regions and the warehouses (read);
* quality controller: the warehouses (read), where goods are inspected;
* store manager, sales representative: their own boutiques;
* everyone else (designer, customers, manufacturers, guests): nothing.

Acting on stock needs `manage_stock` *and* the location in the manageable set:
production manager, admin and super admin every warehouse and boutique, a store
manager their own boutiques. A user with several roles gets the union. Rows outside
the visible set raise NotFound, exactly like missing ones.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from atelier.accounts.roles import Cap
from atelier.core.actor import Actor
from atelier.core.errors import NotFound, PermissionDenied
from atelier.core.roles import BOUTIQUE_ROLES, REGION_ROLES, Role
from atelier.inventory.enums import STOCK_KINDS, LocationKind
from atelier.inventory.models import (
    CountSheet,
    IncomingSupply,
    Location,
    ReplenishmentProposal,
    ReplenishmentRule,
    Reservation,
    StockLevel,
    StockMove,
    Transfer,
)

ALL_LOCATIONS_ROLES = frozenset(
    {
        Role.PRODUCTION_MANAGER,
        Role.ECOMMERCE_MANAGER,
        Role.CUSTOMER_SERVICE_MANAGER,
        Role.ACCOUNTING_MANAGER,
        Role.ADMIN,
        Role.SUPER_ADMIN,
    }
)
WAREHOUSE_READ_ROLES = frozenset({Role.QUALITY_CONTROLLER, *REGION_ROLES})
MANAGE_ALL_ROLES = frozenset({Role.PRODUCTION_MANAGER, Role.ADMIN, Role.SUPER_ADMIN})
MANAGE_OWN_ROLES = frozenset({Role.STORE_MANAGER})

_NOTHING = None  # a scope that matches no row


def _sees_everything(actor: Actor) -> bool:
    return actor.is_system or actor.is_superuser or actor.has_role(*ALL_LOCATIONS_ROLES)


def view_scope(actor: Actor, prefix: str = "") -> Q | None:
    """A filter on locations (reached through `prefix`) the actor sees; None = nothing."""
    if _sees_everything(actor):
        return Q()
    scope = Q()
    if actor.has_role(*BOUTIQUE_ROLES) and actor.boutique_ids:
        scope |= Q(**{f"{prefix}boutique_id__in": actor.boutique_ids})
    if actor.has_role(*REGION_ROLES) and actor.region_ids:
        scope |= Q(**{f"{prefix}boutique__region_id__in": actor.region_ids})
    if actor.has_role(*WAREHOUSE_READ_ROLES):
        scope |= Q(**{f"{prefix}kind": LocationKind.WAREHOUSE})
    return scope if scope else _NOTHING


def manage_scope(actor: Actor, prefix: str = "") -> Q | None:
    """A filter on the locations whose stock the actor may move; None = none."""
    stock_kinds = Q(**{f"{prefix}kind__in": sorted(STOCK_KINDS)})
    if actor.is_system or actor.is_superuser:
        return stock_kinds
    if not actor.has_perm(Cap.MANAGE_STOCK.perm):
        return _NOTHING
    if actor.has_role(*MANAGE_ALL_ROLES):
        return stock_kinds
    if actor.has_role(*MANAGE_OWN_ROLES) and actor.boutique_ids:
        return stock_kinds & Q(**{f"{prefix}boutique_id__in": actor.boutique_ids})
    return _NOTHING


def _filter(rows: QuerySet, *scopes: Q | None) -> QuerySet:
    """Rows matching any of the scopes; none when every scope is empty."""
    present = [s for s in scopes if s is not None]
    if not present:
        return rows.none()
    combined = present[0]
    for scope in present[1:]:
        combined |= scope
    return rows.filter(combined)


# --- Locations ------------------------------------------------------------------------


def locations_visible_to(actor: Actor) -> QuerySet[Location]:
    return _filter(Location.objects.select_related("boutique", "warehouse"), view_scope(actor))


def locations_manageable_by(actor: Actor) -> QuerySet[Location]:
    rows = locations_visible_to(actor).filter(is_active=True)
    return _filter(rows, manage_scope(actor))


def get_location_for(actor: Actor, code: str, action: str = "view") -> Location:
    """The location `code` if `actor` may `action` ("view" or "manage") it."""
    _check_action(action, ("view", "manage"))
    location = locations_visible_to(actor).filter(code=code).first()
    if location is None:
        raise NotFound("Location not found.")
    if action == "manage" and not locations_manageable_by(actor).filter(pk=location.pk).exists():
        raise PermissionDenied("You may not move stock at this location.")
    return location


def may_manage(actor: Actor, location: Location) -> bool:
    return locations_manageable_by(actor).filter(pk=location.pk).exists()


# --- Rows hanging off a location ------------------------------------------------------


def stock_levels_visible_to(actor: Actor) -> QuerySet[StockLevel]:
    return _filter(StockLevel.objects.select_related("location"), view_scope(actor, "location__"))


def stock_moves_visible_to(actor: Actor) -> QuerySet[StockMove]:
    rows = StockMove.objects.select_related("from_location", "to_location")
    return _filter(rows, view_scope(actor, "from_location__"), view_scope(actor, "to_location__"))


def reservations_visible_to(actor: Actor) -> QuerySet[Reservation]:
    rows = Reservation.objects.select_related("location")
    return _filter(rows, view_scope(actor, "location__"))


def transfers_visible_to(actor: Actor) -> QuerySet[Transfer]:
    rows = Transfer.objects.select_related("source", "destination")
    return _filter(rows, view_scope(actor, "source__"), view_scope(actor, "destination__"))


def count_sheets_visible_to(actor: Actor) -> QuerySet[CountSheet]:
    return _filter(CountSheet.objects.select_related("location"), view_scope(actor, "location__"))


def proposals_visible_to(actor: Actor) -> QuerySet[ReplenishmentProposal]:
    rows = ReplenishmentProposal.objects.select_related("location", "source")
    return _filter(rows, view_scope(actor, "location__"))


def rules_visible_to(actor: Actor) -> QuerySet[ReplenishmentRule]:
    rows = ReplenishmentRule.objects.select_related("location")
    return _filter(rows, view_scope(actor, "location__"))


def incoming_supplies_visible_to(actor: Actor) -> QuerySet[IncomingSupply]:
    rows = IncomingSupply.objects.select_related("location")
    return _filter(rows, view_scope(actor, "location__"))


# --- One document, for an action ------------------------------------------------------

_TRANSFER_ACTIONS = ("view", "ship", "receive", "cancel")


def get_transfer_for(actor: Actor, number: str, action: str = "view") -> Transfer:
    """The transfer `number` if visible (NotFound otherwise) and `action` is allowed:
    shipping needs the source, receiving the destination, cancelling either."""
    _check_action(action, _TRANSFER_ACTIONS)
    transfer = transfers_visible_to(actor).filter(number=number).first()
    if transfer is None:
        raise NotFound("Transfer not found.")
    sides = {
        "ship": [transfer.source],
        "receive": [transfer.destination],
        "cancel": [transfer.source, transfer.destination],
    }.get(action, [])
    if sides and not any(may_manage(actor, loc) for loc in sides):
        raise PermissionDenied(f"You may not {action} this transfer.")
    return transfer


def get_count_sheet_for(actor: Actor, number: str, action: str = "view") -> CountSheet:
    _check_action(action, ("view", "manage"))
    sheet = count_sheets_visible_to(actor).filter(number=number).first()
    if sheet is None:
        raise NotFound("Count sheet not found.")
    if action == "manage" and not may_manage(actor, sheet.location):
        raise PermissionDenied("You may not count stock at this location.")
    return sheet


def get_proposal_for(actor: Actor, number: str, action: str = "view") -> ReplenishmentProposal:
    _check_action(action, ("view", "manage"))
    proposal = proposals_visible_to(actor).filter(number=number).first()
    if proposal is None:
        raise NotFound("Proposal not found.")
    if action == "manage" and not may_manage(actor, proposal.location):
        raise PermissionDenied("You may not act on this proposal.")
    return proposal


def _check_action(action: str, allowed: tuple[str, ...]) -> None:
    if action not in allowed:
        raise ValueError(f"Unknown action {action!r}; expected one of {list(allowed)}.")
