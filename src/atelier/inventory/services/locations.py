"""Stock locations: one per warehouse and boutique, one of each virtual kind."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction

from atelier.accounts.roles import Cap
from atelier.core.actor import Actor
from atelier.core.errors import NotFound, PermissionDenied, ValidationFailed
from atelier.inventory.enums import VIRTUAL_KINDS, LocationKind
from atelier.inventory.models import Location
from atelier.inventory.services._common import require_manage
from atelier.org.models import Boutique, Warehouse

VIRTUAL_CODES = {
    LocationKind.TRANSIT: ("transit", "In transit"),
    LocationKind.MANUFACTURER: ("manufacturers", "Manufacturers"),
    LocationKind.CUSTOMER: ("customers", "Customers"),
    LocationKind.SCRAP: ("scrap", "Scrap"),
    LocationKind.ADJUSTMENT: ("adjustments", "Inventory adjustments"),
}


def locations_sync(*, actor: Actor) -> list[Location]:
    """Make the locations that should exist: each warehouse, each boutique, the virtual
    ones. Existing locations are left alone (their settings are people's choices);
    returns the ones created. Safe to run again and concurrently."""
    if not actor.has_perm(Cap.MANAGE_STOCK.perm):
        raise PermissionDenied("You may not set up stock locations.")
    created = [location_virtual(kind) for kind in sorted({*VIRTUAL_KINDS, LocationKind.TRANSIT})]
    created = [loc for loc in created if getattr(loc, "_created", False)]
    created += _sync_sites(Warehouse, "warehouse", "wh", sells_online=True)
    created += _sync_sites(
        Boutique, "boutique", "bq", sells_online=settings.INVENTORY_BOUTIQUES_SELL_ONLINE
    )
    return created


def location_for_boutique(*, boutique_id: int) -> Location | None:
    """The boutique's stock location, made if missing (a new boutique, org's
    BoutiqueCreated). Idempotent and safe concurrently; None for an unknown or inactive
    boutique. System work: no capability needed."""
    existing = Location.objects.filter(boutique_id=boutique_id).first()
    if existing is not None:
        return existing
    boutique = Boutique.objects.filter(pk=boutique_id, is_active=True).first()
    if boutique is None:
        return None
    location = Location(
        code=f"bq-{boutique.code}",
        name=boutique.name,
        kind="boutique",
        sells_online=settings.INVENTORY_BOUTIQUES_SELL_ONLINE,
        boutique=boutique,
    )
    _create(location)
    return Location.objects.filter(boutique_id=boutique_id).first()


def _sync_sites(model, field: str, prefix: str, *, sells_online: bool) -> list[Location]:
    have = set(
        Location.objects.filter(**{f"{field}__isnull": False}).values_list(f"{field}_id", flat=True)
    )
    rows = [
        Location(
            code=f"{prefix}-{site.code}",
            name=site.name,
            kind=field,
            sells_online=sells_online,
            **{field: site},
        )
        for site in model.objects.filter(is_active=True).exclude(pk__in=have)
    ]
    return [row for row in rows if _create(row)]


def _create(location: Location) -> bool:
    try:
        with transaction.atomic():
            location.save()
    except IntegrityError:
        return False  # made concurrently, or the code is taken
    return True


def location_virtual(kind: str) -> Location:
    """The one location of a virtual kind (or transit), made on first use."""
    code, name = VIRTUAL_CODES[LocationKind(kind)]
    location = Location.objects.filter(kind=kind).order_by("id").first()
    if location is None:
        location = Location(code=code, name=name, kind=kind)
        if _create(location):
            location._created = True
        else:
            location = Location.objects.filter(kind=kind).order_by("id").first()
    return location


def default_warehouse() -> Location:
    """The warehouse that ships and replenishes (the first active one by priority)."""
    location = (
        Location.objects.filter(kind=LocationKind.WAREHOUSE, is_active=True)
        .order_by("priority", "id")
        .first()
    )
    if location is None:
        raise NotFound("There is no active warehouse location yet.")
    return location


def location_update(
    *,
    location: Location,
    actor: Actor,
    sells_online: bool | None = None,
    priority: int | None = None,
) -> Location:
    """Change whether a location's stock is sold online, or its allocation order."""
    require_manage(actor, location)
    changes = {}
    if sells_online is not None:
        if location.kind != LocationKind.BOUTIQUE:
            raise ValidationFailed("Only a boutique's online sales can be switched.")
        changes["sells_online"] = bool(sells_online)
    if priority is not None:
        if isinstance(priority, bool) or not isinstance(priority, int) or not 0 <= priority <= 999:
            raise ValidationFailed("priority: a whole number from 0 to 999.")
        changes["priority"] = priority
    for name, value in changes.items():
        setattr(location, name, value)
    if changes:
        location.save(update_fields=list(changes))
    return location
