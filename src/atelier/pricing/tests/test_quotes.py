"""Price computation, exact values."""

from datetime import date
from decimal import Decimal

import pytest

from atelier.catalog.tests.factories import ProductFactory, VariantFactory
from atelier.core.errors import NotFound, ValidationFailed
from atelier.core.money import Money
from atelier.pricing import facade
from atelier.pricing.models import DimensionPrice, OptionPrice
from atelier.pricing.tests.factories import PriceEntryFactory

pytestmark = pytest.mark.django_db
D = Decimal
LINEN = {"fabric": "linen"}


@pytest.fixture
def priced(regions, sofa):
    eu, us = regions["eu"], regions["us"]
    OptionPrice.objects.create(price_list=eu, choice=sofa["linen"], amount=D("0"))
    OptionPrice.objects.create(price_list=eu, choice=sofa["mohair"], amount=D("350.00"))
    OptionPrice.objects.create(price_list=us, choice=sofa["linen"], amount=D("0"))
    DimensionPrice.objects.create(
        price_list=eu,
        product=sofa["product"],
        axis="width",
        step_cm=D("10"),
        amount_per_step=D("45.00"),
    )
    return sofa["variant"].pk


def _quote(variant_id, region, **kwargs):
    kwargs.setdefault("options", LINEN)
    kwargs.setdefault("on", date(2026, 11, 1))
    return facade.quote(variant_id=variant_id, region_code=region, **kwargs)


def _unit(q):
    return (q.unit_net.amount, q.unit_tax.amount, q.unit_gross.amount)


@pytest.mark.parametrize(
    ("region", "where", "expected", "currency"),
    [
        ("eu", {}, ("2075.00", "415.00", "2490.00"), "EUR"),  # FR 20 %, VAT included
        ("eu", {"country": "DE"}, ("2092.44", "397.56", "2490.00"), "EUR"),  # DE 19 %, same gross
        ("uk", {}, ("1826.67", "365.33", "2192.00"), "GBP"),  # 88 % = 2 191.20 -> up to 2 192
        ("ch", {}, ("2488.44", "201.56", "2690.00"), "CHF"),  # 108 % = 2 689.20 -> 2 690 (..90)
        ("us", {"state": "CA"}, ("2700.00", "195.75", "2895.75"), "USD"),  # 7.25 % added
        ("us", {"state": "NY"}, ("2700.00", "108.00", "2808.00"), "USD"),
    ],
)
def test_unit_prices_per_region(priced, region, where, expected, currency):
    q = _quote(priced, region, **where)
    assert _unit(q) == tuple(D(x) for x in expected)
    assert q.currency == currency
    assert q.tax_determined


def test_us_price_before_a_state_is_known_has_no_tax_yet(priced):
    q = _quote(priced, "us")
    assert _unit(q) == (D("2700.00"), D("0.00"), D("2700.00"))
    assert q.tax_determined is False
    assert q.unit_display == Money("2700.00", "USD")


def test_quantity_breaks(regions, priced):
    PriceEntryFactory(
        price_list=regions["eu"], variant_id=priced, min_quantity=5, amount=D("2290.00")
    )
    four, five = _quote(priced, "eu", quantity=4), _quote(priced, "eu", quantity=5)
    assert four.unit_gross == Money("2490.00", "EUR")
    assert (five.unit_gross, five.line_gross, five.line_tax) == (
        Money("2290.00", "EUR"),
        Money("11450.00", "EUR"),
        Money("1908.33", "EUR"),
    )


@pytest.mark.parametrize(
    ("day", "eu", "uk"),
    [
        (date(2026, 11, 30), "2490.00", "2192.00"),
        (date(2026, 12, 1), "2190.00", "1928.00"),  # 2 190 x 88 % = 1 927.20 -> 1 928
        (date(2026, 12, 31), "2190.00", "1928.00"),
        (date(2027, 1, 1), "2490.00", "2192.00"),
    ],
)
def test_validity_dates_and_derived_lists_follow_the_base(regions, priced, day, eu, uk):
    PriceEntryFactory(
        price_list=regions["eu"],
        variant_id=priced,
        amount=D("2190.00"),
        valid_from=date(2026, 12, 1),
        valid_until=date(2026, 12, 31),
    )
    assert _quote(priced, "eu", on=day).unit_gross.amount == D(eu)
    assert _quote(priced, "uk", on=day).unit_gross.amount == D(uk)


def test_a_lists_own_entry_beats_its_rule(regions, priced):
    PriceEntryFactory(price_list=regions["uk"], variant_id=priced, amount=D("2150.00"))
    assert _quote(priced, "uk").unit_gross == Money("2150.00", "GBP")


def test_option_add_ons_per_region(priced):
    eu = _quote(priced, "eu", options={"fabric": "mohair"})
    assert [(a.code, a.label, a.amount) for a in eu.add_ons] == [
        ("mohair", "Fabric: Mohair", Money("350.00", "EUR"))
    ]
    assert (eu.base, eu.unit_gross, eu.unit_tax) == (
        Money("2490.00", "EUR"),
        Money("2840.00", "EUR"),
        Money("473.33", "EUR"),
    )
    uk = _quote(priced, "uk", options={"fabric": "mohair"})  # derived: 350 x 88 %
    assert uk.add_ons[0].amount == Money("308.00", "GBP")
    assert uk.unit_gross == Money("2500.00", "GBP")

    with pytest.raises(ValidationFailed) as exc:
        _quote(priced, "us", options={"fabric": "mohair"}, state="CA")
    assert exc.value.message == "Fabric 'Mohair' is not sold in region us."


def test_custom_width_rule(priced):
    q = _quote(priced, "eu", dimensions={"width": "262"})  # 22 cm over: 3 started steps
    assert [(a.kind, a.label, a.amount) for a in q.add_ons] == [
        ("option", "Fabric: Linen", Money("0", "EUR")),
        ("dimension", "Width 262 cm (+3 x 10.0 cm)", Money("135.00", "EUR")),
    ]
    assert q.unit_gross == Money("2625.00", "EUR")
    assert q.configuration.dimensions.width_cm == D("262")
    narrower = _quote(priced, "eu", dimensions={"width": "220"})
    assert narrower.unit_gross == Money("2490.00", "EUR")
    uk = _quote(priced, "uk", dimensions={"width": "262"})  # 45 x 88 % = 39.60 per step
    assert uk.unit_gross == Money("2310.80", "GBP")
    with pytest.raises(ValidationFailed, match="A custom width is not sold in region us"):
        _quote(priced, "us", dimensions={"width": "262"}, state="CA")
    with pytest.raises(ValidationFailed, match=r"between 200.0 and 300.0 cm \(got 320 cm\)"):
        _quote(priced, "eu", dimensions={"width": "320"})


def test_tax_is_rounded_at_line_level(regions):
    variant = VariantFactory(product=ProductFactory())
    PriceEntryFactory(price_list=regions["us"], variant=variant, amount=D("33.33"))
    q = _quote(variant.pk, "us", options={}, quantity=3, state="CA")
    assert (q.unit_tax, q.line_net, q.line_tax, q.line_gross) == (
        Money("2.42", "USD"),
        Money("99.99", "USD"),
        Money("7.25", "USD"),
        Money("107.24", "USD"),
    )


def test_refusals(regions, priced):
    other = VariantFactory(product=ProductFactory())
    with pytest.raises(ValidationFailed, match="not sold in region eu"):
        _quote(other.pk, "eu", options={})
    with pytest.raises(NotFound):
        _quote(priced, "mars")
    with pytest.raises(NotFound):
        _quote(999999, "eu")
    with pytest.raises(ValidationFailed, match="Choose a Fabric"):
        _quote(priced, "eu", options={})
    with pytest.raises(ValidationFailed, match="GB is not in region eu"):
        _quote(priced, "eu", country="GB")
    with pytest.raises(ValidationFailed, match="No tax rate for US-TX"):
        _quote(priced, "us", state="TX")
    with pytest.raises(ValidationFailed, match="quantity"):
        _quote(priced, "eu", quantity=0)


def test_bulk_prices_run_a_constant_number_of_queries(regions, django_assert_max_num_queries):
    variants = [VariantFactory(product=ProductFactory()) for _ in range(30)]
    for i, v in enumerate(variants[:25]):
        PriceEntryFactory(price_list=regions["eu"], variant=v, amount=D(100 + i))
    with django_assert_max_num_queries(3):
        prices = facade.prices_for_variants([v.pk for v in variants], "uk", on=date(2026, 1, 1))
    assert len(prices) == 25  # five are not sold there
    assert prices[variants[1].pk].unit_gross == Money("89.00", "GBP")  # 101 x 88 % = 88.88 -> 89


def test_price_source_feeds_catalog_listings(regions, priced):
    from atelier.catalog.selectors import product_listing
    from atelier.core.actor import ANONYMOUS

    page = product_listing(ANONYMOUS, sort="price", prices=facade.price_source("ch"))
    assert [c.from_price for c in page.items] == [Money("2690.00", "CHF")]


def test_configurator_prices(regions, priced, sofa):
    prices = facade.configurator_prices(sofa["product"].pk, "uk")
    assert prices.options == {
        sofa["linen"].pk: Money("0", "GBP"),
        sofa["mohair"].pk: Money("308.00", "GBP"),
    }
    assert prices.dimensions["width"].amount_per_step == Money("39.60", "GBP")


@pytest.mark.parametrize("region", ["eu", "uk", "ch", "us"])
def test_shelf_prices_for_listings_equal_what_a_quote_displays(priced, regions, region):
    unpriced = VariantFactory(product=ProductFactory()).pk
    source = facade.price_source(region, on=date(2026, 11, 1))

    shown = source.display_prices([priced, unpriced])

    quoted = facade.prices_for_variants([priced], region, on=date(2026, 11, 1))[priced]
    assert shown == {priced: quoted.unit_display}  # the unpriced variant is not sold there
    assert source.display_prices([unpriced]) == {}
