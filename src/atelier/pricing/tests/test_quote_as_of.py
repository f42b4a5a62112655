"""Option and size add-ons as they stood at a past moment (issue 8: a made-to-order
change or finalisation is priced with the rules in force when the order was placed)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from atelier.catalog import services as catalog_services
from atelier.catalog.tests.factories import MANAGER
from atelier.core.errors import ValidationFailed
from atelier.core.money import Money
from atelier.pricing import facade
from atelier.pricing.models import DimensionPrice, OptionPrice

pytestmark = pytest.mark.django_db
D = Decimal
MOHAIR = {"fabric": "mohair"}


@pytest.fixture
def ordered(regions, sofa):
    """Add-on prices set 30 days ago; returns the moment an order was placed, 20 days ago."""
    eu = regions["eu"]
    OptionPrice.objects.create(price_list=eu, choice=sofa["linen"], amount=D("0"))
    OptionPrice.objects.create(price_list=eu, choice=sofa["mohair"], amount=D("350.00"))
    DimensionPrice.objects.create(
        price_list=eu, product=sofa["product"], axis="width", step_cm=D("10"),
        amount_per_step=D("45.00"),
    )  # fmt: skip
    now = timezone.now()
    for model in (OptionPrice, DimensionPrice):
        model.history.update(history_date=now - timedelta(days=30))
    return now - timedelta(days=20)


def _add_ons(region, as_of=None, state=None, **config):
    q = facade.quote(
        variant_id=config.pop("variant_id"), region_code=region, as_of=as_of, state=state,
        **config,
    )  # fmt: skip
    return {a.code: a.amount for a in q.add_ons}


def test_an_option_raised_after_the_order_keeps_its_old_price_for_that_order(sofa, ordered):
    mohair = OptionPrice.objects.get(choice=sofa["mohair"])
    mohair.amount = D("500.00")
    mohair.save()
    v = sofa["variant"].pk
    then = facade.quote(variant_id=v, region_code="eu", options=MOHAIR, as_of=ordered)
    assert then.add_ons[0].amount == Money("350.00", "EUR")
    assert then.unit_gross == Money("2840.00", "EUR")
    assert then.on == timezone.localdate(ordered)  # dated entries of that day too
    now = facade.quote(variant_id=v, region_code="eu", options=MOHAIR)
    assert now.add_ons[0].amount == Money("500.00", "EUR")


def test_a_derived_list_scales_the_price_of_then(sofa, ordered):
    mohair = OptionPrice.objects.get(choice=sofa["mohair"])
    mohair.amount = D("500.00")
    mohair.save()
    v = sofa["variant"].pk
    assert _add_ons("uk", ordered, variant_id=v, options=MOHAIR) == {
        "mohair": Money("308.00", "GBP")  # 350 x 88 %
    }
    assert _add_ons("uk", variant_id=v, options=MOHAIR) == {"mohair": Money("440.00", "GBP")}


def test_a_choice_priced_after_the_order_was_not_sold_then(regions, sofa, ordered):
    fabric = sofa["linen"].group
    velvet = catalog_services.option_choice_create(
        group=fabric, code="velvet", name="Velvet", actor=MANAGER
    )
    OptionPrice.objects.create(price_list=regions["eu"], choice=velvet, amount=D("200.00"))
    v = sofa["variant"].pk
    with pytest.raises(ValidationFailed) as exc:
        facade.quote(variant_id=v, region_code="eu", options={"fabric": "velvet"}, as_of=ordered)
    assert exc.value.code == "option_not_sold_in_region"
    assert _add_ons("eu", variant_id=v, options={"fabric": "velvet"}) == {
        "velvet": Money("200.00", "EUR")
    }


def test_a_price_removed_after_the_order_still_counts_for_it(sofa, ordered):
    OptionPrice.objects.get(choice=sofa["mohair"]).delete()
    v = sofa["variant"].pk
    assert _add_ons("eu", ordered, variant_id=v, options=MOHAIR) == {
        "mohair": Money("350.00", "EUR")
    }
    with pytest.raises(ValidationFailed, match="Fabric 'Mohair' is not sold in region eu"):
        facade.quote(variant_id=v, region_code="eu", options=MOHAIR)


def test_a_size_step_raised_after_the_order_keeps_its_old_price(sofa, ordered):
    rule = DimensionPrice.objects.get()
    rule.amount_per_step = D("60.00")
    rule.save()
    v, wide = sofa["variant"].pk, {"width": "262"}  # 3 started 10 cm steps
    config = {"variant_id": v, "options": {"fabric": "linen"}, "dimensions": wide}
    assert _add_ons("eu", ordered, **config)["width"] == Money("135.00", "EUR")
    assert _add_ons("uk", ordered, **config)["width"] == Money("118.80", "GBP")  # 39.60 x 3
    assert _add_ons("eu", **config)["width"] == Money("180.00", "EUR")


def test_a_size_rule_added_after_the_order_was_not_sold_then(regions, sofa, ordered):
    linen = OptionPrice.objects.create(
        price_list=regions["us"], choice=sofa["linen"], amount=D("0")
    )
    linen.history.update(history_date=ordered - timedelta(days=1))  # linen was sold then
    DimensionPrice.objects.create(
        price_list=regions["us"], product=sofa["product"], axis="width", step_cm=D("10"),
        amount_per_step=D("50.00"),
    )  # fmt: skip
    config = {"variant_id": sofa["variant"].pk, "options": {"fabric": "linen"}}
    config["dimensions"] = {"width": "262"}
    with pytest.raises(ValidationFailed, match="A custom width is not sold in region us"):
        _add_ons("us", ordered, state="CA", **config)
    assert _add_ons("us", state="CA", **config)["width"] == Money("150.00", "USD")


def test_history_costs_one_query_per_add_on_kind(
    sofa, ordered, django_assert_num_queries, django_assert_max_num_queries
):
    v = sofa["variant"].pk
    config = {"variant_id": v, "region_code": "eu", "options": MOHAIR}
    config["dimensions"] = {"width": "262"}
    with django_assert_max_num_queries(20) as now:
        facade.quote(**config)
    with django_assert_num_queries(len(now.captured_queries)):  # same: history replaces rows
        facade.quote(**config, as_of=ordered)
