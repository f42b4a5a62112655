import pytest

from atelier.purchasing.demo import demo_purchase_orders, load_purchasing_demo
from atelier.purchasing.enums import POStatus
from atelier.purchasing.models import ManufacturerContact, PurchaseOrder
from atelier.purchasing.tests.helpers import raise_for

pytestmark = pytest.mark.django_db


def test_contacts_load_once(world):
    assert load_purchasing_demo() == {"manufacturer contacts": 4}
    assert load_purchasing_demo() == {"manufacturer contacts": 0}
    primary = ManufacturerContact.objects.get(manufacturer=world.a, is_primary=True)
    assert primary.role == "production"


def test_demo_purchase_orders_walks_drafts_along(world):
    raise_for(world, order_ref="SO-1")
    raise_for(world, order_ref="SO-2")
    moved = demo_purchase_orders(release=2, accept=1, start=1)
    assert [len(moved[k]) for k in ("released", "accepted", "started")] == [2, 1, 1]
    statuses = sorted(PurchaseOrder.objects.values_list("status", flat=True))
    assert statuses == sorted([POStatus.AWAITING_MANUFACTURER, POStatus.IN_PRODUCTION])
