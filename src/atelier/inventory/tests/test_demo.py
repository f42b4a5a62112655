import pytest

from atelier.catalog.tests.factories import ProductFactory, VariantFactory
from atelier.inventory import facade
from atelier.inventory.demo import load_inventory_demo
from atelier.inventory.selectors.exceptions import level_mismatches
from atelier.inventory.tests.helpers import SYSTEM, counts

pytestmark = pytest.mark.django_db


def test_the_demo_stocks_the_catalog_once(world):
    variants = VariantFactory.create_batch(15, product__published=True)
    made = VariantFactory(product=ProductFactory(made_to_order=True, lead_time_days=70))

    first = load_inventory_demo()
    after_first = counts()
    second = load_inventory_demo()

    assert first["stock levels"] > 0
    assert first["incoming supplies"] > 0
    assert first["replenishment rules"] > 0
    assert set(second.values()) == {0}
    assert counts() == after_first
    statuses = {
        a.status for a in facade.availability_for_variants([v.pk for v in variants]).values()
    }
    assert {"in_stock", "incoming"} <= statuses
    assert facade.availability_for_variants([made.pk])[made.pk].status == "made_to_order"
    assert level_mismatches(SYSTEM) == []
