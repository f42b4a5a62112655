"""Inventory's reactions to other contexts' events."""

import pytest

from atelier.core.actor import system_actor
from atelier.inventory import handlers, services
from atelier.inventory.models import Location
from atelier.org import services as org
from atelier.org.events import BoutiqueCreated

pytestmark = pytest.mark.django_db
SYSTEM = system_actor("test")


def _new_boutique(world, code="lyon"):
    boutique, _ = org.boutique_upsert(
        code=code,
        region=world.eu,
        actor=SYSTEM,
        name="Lyon",
        city="Lyon",
        country="FR",
        timezone="Europe/Paris",
    )
    return BoutiqueCreated(boutique_id=boutique.pk, code=boutique.code, name=boutique.name)


def test_a_new_boutique_gets_its_stock_location_once(world):
    event = _new_boutique(world)
    handlers.on_boutique_created(event)
    handlers.on_boutique_created(event)  # redelivered
    (location,) = Location.objects.filter(boutique_id=event.boutique_id)
    assert (location.code, location.kind, location.name) == ("bq-lyon", "boutique", "Lyon")


def test_a_location_made_by_the_sync_command_first_is_kept(world):
    event = _new_boutique(world)
    services.locations_sync(actor=SYSTEM)
    handlers.on_boutique_created(event)
    assert Location.objects.filter(boutique_id=event.boutique_id).count() == 1


def test_an_unknown_boutique_makes_nothing(world):
    before = Location.objects.count()
    handlers.on_boutique_created(BoutiqueCreated(boutique_id=999_999, code="x", name="X"))
    assert Location.objects.count() == before
