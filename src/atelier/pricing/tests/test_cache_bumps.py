"""Every price, tax or price-list write (and the CSV import) invalidates cached catalog
pages and API answers: `core.cache.bump("catalog")` after commit, nothing when refused."""

import inspect
import io
from decimal import Decimal

import pytest
from django.core.cache import cache as django_cache

from atelier.catalog.tests.factories import MANAGER
from atelier.core import cache
from atelier.core.errors import DomainError
from atelier.pricing.models import DimensionPrice, OptionPrice, PriceEntry, TaxRate
from atelier.pricing.services import catalog_csv, price_lists
from atelier.pricing.tests.factories import PriceEntryFactory

pytestmark = pytest.mark.django_db

D = Decimal
READS = {"catalog_csv_export"}


@pytest.fixture(autouse=True)
def _empty_cache():
    django_cache.clear()


def _csv(w):
    text = f"product_slug,sku,price:eu\n{w['product'].slug},ARIA-240,2390.00\n"
    report = catalog_csv.catalog_csv_import(file=io.StringIO(text), actor=MANAGER)
    assert report.ok, report.errors


CASES = {
    "price_list_create": lambda w: price_lists.price_list_create(
        code="trade", name="Trade", currency="EUR", actor=MANAGER
    ),
    "price_list_save": lambda w: price_lists.price_list_save(price_list=w["eu"], actor=MANAGER),
    "price_entry_set": lambda w: price_lists.price_entry_set(
        price_list=w["eu"], variant_id=w["variant"].pk, amount="2290.00", actor=MANAGER
    ),
    "price_entry_save": lambda w: price_lists.price_entry_save(
        entry=PriceEntry.objects.filter(price_list=w["eu"]).first(), actor=MANAGER
    ),
    "price_entry_delete": lambda w: price_lists.price_entry_delete(
        entry=PriceEntryFactory(price_list=w["eu"], variant=w["variant"], min_quantity=5),
        actor=MANAGER,
    ),
    "option_price_set": lambda w: price_lists.option_price_set(
        price_list=w["eu"], choice_id=w["mohair"].pk, amount="450.00", actor=MANAGER
    ),
    "option_price_save": lambda w: price_lists.option_price_save(
        row=OptionPrice(price_list=w["eu"], choice=w["linen"], amount=D("0")), actor=MANAGER
    ),
    "dimension_price_set": lambda w: price_lists.dimension_price_set(
        price_list=w["eu"],
        product_id=w["product"].pk,
        axis="width",
        step_cm="10",
        amount_per_step="60.00",
        actor=MANAGER,
    ),
    "dimension_price_save": lambda w: price_lists.dimension_price_save(
        row=DimensionPrice(
            price_list=w["eu"],
            product=w["product"],
            axis="width",
            step_cm=D("10"),
            amount_per_step=D("50"),
        ),
        actor=MANAGER,
    ),
    "tax_rate_set": lambda w: price_lists.tax_rate_set(country="FR", rate="5.5", actor=MANAGER),
    "tax_rate_save": lambda w: price_lists.tax_rate_save(
        row=TaxRate.objects.get(country="DE"), actor=MANAGER
    ),
    "catalog_csv_import": _csv,
}


@pytest.fixture
def world(regions, sofa):
    return {**regions, **sofa}


def test_every_write_service_is_listed():
    public = {
        name
        for module in (price_lists, catalog_csv)
        for name, fn in inspect.getmembers(module, inspect.isfunction)
        if fn.__module__ == module.__name__ and not name.startswith("_")
    }

    assert public - READS == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_write_bumps_the_catalog_cache(world, name, django_capture_on_commit_callbacks):
    before = cache.version("catalog")

    with django_capture_on_commit_callbacks(execute=True):
        CASES[name](world)

    assert cache.version("catalog") > before


def test_a_refused_price_bumps_nothing(world, django_capture_on_commit_callbacks):
    before = cache.version("catalog")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(DomainError),
    ):
        price_lists.price_entry_set(
            price_list=world["eu"], variant_id=world["variant"].pk, amount="-1", actor=MANAGER
        )

    assert callbacks == []
    assert cache.version("catalog") == before


def test_a_dry_run_import_bumps_nothing(world, django_capture_on_commit_callbacks):
    before = cache.version("catalog")
    text = f"product_slug,sku,price:eu\n{world['product'].slug},ARIA-240,2390.00\n"

    with django_capture_on_commit_callbacks(execute=True):
        catalog_csv.catalog_csv_import(file=io.StringIO(text), actor=MANAGER, dry_run=True)

    assert cache.version("catalog") == before
