"""Inventory's reactions to other contexts' events (wired in config/event_wiring.py).

Each runs after the publishing transaction commits and at most once per event."""

from __future__ import annotations

import logging

from atelier.core.events import idempotent
from atelier.inventory.services import location_for_boutique

log = logging.getLogger(__name__)


@idempotent("inventory.on_boutique_created")
def on_boutique_created(event) -> None:
    """A new boutique gets its stock location (org.events.BoutiqueCreated); the same as
    `manage.py inventory_sync_locations` would make, without waiting for it."""
    location = location_for_boutique(boutique_id=event.boutique_id)
    if location is None:
        log.warning("no stock location made for boutique %s (%s)", event.code, event.boutique_id)
