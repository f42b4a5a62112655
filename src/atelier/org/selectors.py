"""Reads of the organisation's master data for pages.

Boutiques are public information (the storefront lists them); back-office lists of
boutiques go through `org.access`, which scopes them to the actor.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from atelier.core.actor import Actor
from atelier.org.models import Boutique, Manufacturer, Region


def boutiques_for_storefront() -> QuerySet[Boutique]:
    """Open boutiques, with their region, in a stable order for the site's pages."""
    return Boutique.objects.filter(is_active=True).select_related("region").order_by("name")


@dataclass(frozen=True)
class ActorScope:
    """What an actor is tied to, by row: shown on the dashboard, never used to filter."""

    boutiques: tuple[Boutique, ...] = ()
    regions: tuple[Region, ...] = ()
    manufacturer: Manufacturer | None = None

    @property
    def is_company_wide(self) -> bool:
        return not (self.boutiques or self.regions or self.manufacturer)


def actor_scope(actor: Actor) -> ActorScope:
    """The actor's boutiques, regions and manufacturer (one query for each that is set)."""
    boutiques = regions = ()
    manufacturer = None
    if actor.boutique_ids:
        boutiques = tuple(
            Boutique.objects.filter(pk__in=actor.boutique_ids).select_related("region")
        )
    if actor.region_ids:
        regions = tuple(Region.objects.filter(pk__in=actor.region_ids))
    if actor.manufacturer_id:
        manufacturer = Manufacturer.objects.filter(pk=actor.manufacturer_id).first()
    return ActorScope(boutiques=boutiques, regions=regions, manufacturer=manufacturer)
