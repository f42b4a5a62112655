from datetime import date
from decimal import Decimal

import pytest

from atelier.catalog.tests.factories import CUSTOMER, MANAGER, VariantFactory
from atelier.core.errors import PermissionDenied, ValidationFailed
from atelier.pricing.models import PriceEntry, PriceList, TaxRate
from atelier.pricing.services import price_lists as services
from atelier.pricing.tests.factories import PriceListFactory, RegionFactory

pytestmark = pytest.mark.django_db
D = Decimal


def test_price_entry_set_creates_then_updates_with_history():
    price_list, variant = PriceListFactory(), VariantFactory()
    entry = services.price_entry_set(
        price_list=price_list, variant_id=variant.pk, amount="2490.00", actor=MANAGER
    )
    services.price_entry_set(
        price_list=price_list, variant_id=variant.pk, amount="2590", actor=MANAGER
    )
    entry.refresh_from_db()
    assert entry.amount == D("2590")
    assert PriceEntry.objects.count() == 1
    assert entry.history.count() == 2


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-1.00", "amount: must not be negative (got -1.00)."),
        ("10.005", "amount: EUR amounts have 2 decimals (got 10.005)."),
        ("ten", "amount: 'ten' is not an amount."),
        (10.5, "amount: give a decimal amount, not a float."),
    ],
)
def test_bad_prices_are_refused(amount, message):
    with pytest.raises(ValidationFailed) as exc:
        services.price_entry_set(
            price_list=PriceListFactory(),
            variant_id=VariantFactory().pk,
            amount=amount,
            actor=MANAGER,
        )
    assert exc.value.message == message
    assert not PriceEntry.objects.exists()


def test_validity_dates_must_be_in_order():
    with pytest.raises(ValidationFailed, match="before the first"):
        services.price_entry_set(
            price_list=PriceListFactory(),
            variant_id=VariantFactory().pk,
            amount="1",
            valid_from=date(2026, 2, 1),
            valid_until=date(2026, 1, 1),
            actor=MANAGER,
        )


def test_unknown_currency_is_refused():
    with pytest.raises(ValidationFailed) as exc:
        services.price_list_create(code="x", name="X", currency="XYZ", actor=MANAGER)
    assert exc.value.code == "unknown_currency"
    assert not PriceList.objects.exists()


def test_list_currency_must_match_its_region():
    region = RegionFactory(code="uk", currency="GBP", countries=["GB"])
    with pytest.raises(ValidationFailed, match="sells in GBP"):
        services.price_list_create(
            code="uk", name="UK", currency="EUR", region=region, actor=MANAGER
        )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"percentage": D("90")}, "only a list with a base list"),
        ({"base": True}, "needs a percentage"),
        (
            {
                "base": True,
                "percentage": D("90"),
                "rounding_step": D("1"),
                "rounding_ending": D("1"),
            },
            "below rounding_step",
        ),
        ({"rounding_ending": D("0.90")}, "set a rounding_step"),
    ],
)
def test_rule_must_be_complete(fields, message):
    if fields.pop("base", False):
        fields["base_list"] = PriceListFactory(region=None, code="base")
    with pytest.raises(ValidationFailed, match=message):
        services.price_list_create(code="d", name="D", currency="EUR", actor=MANAGER, **fields)


def test_derived_lists_derive_from_a_list_with_own_prices():
    base = PriceListFactory(region=None, code="base")
    derived = services.price_list_create(
        code="d1", name="D1", currency="EUR", base_list=base, percentage=D("90"), actor=MANAGER
    )
    with pytest.raises(ValidationFailed, match="own prices"):
        services.price_list_create(
            code="d2",
            name="D2",
            currency="EUR",
            base_list=derived,
            percentage=D("90"),
            actor=MANAGER,
        )


def test_tax_rates():
    row = services.tax_rate_set(country="us", state="ca", rate="7.25", actor=MANAGER)
    assert (str(row.country), row.state, row.rate) == ("US", "CA", D("7.25"))
    with pytest.raises(ValidationFailed, match="below 100"):
        services.tax_rate_set(country="FR", rate="120", actor=MANAGER)
    with pytest.raises(ValidationFailed, match="only US"):
        services.tax_rate_set(country="FR", state="75", rate="20", actor=MANAGER)
    assert TaxRate.objects.count() == 1


def test_only_price_managers_change_prices():
    with pytest.raises(PermissionDenied):
        services.price_entry_set(
            price_list=PriceListFactory(),
            variant_id=VariantFactory().pk,
            amount="1",
            actor=CUSTOMER,
        )
    assert not PriceEntry.objects.exists()


def test_option_and_dimension_prices_refuse_negative_amounts(sofa, regions):
    with pytest.raises(ValidationFailed, match="must not be negative"):
        services.option_price_set(
            price_list=regions["eu"], choice_id=sofa["mohair"].pk, amount="-10", actor=MANAGER
        )
    with pytest.raises(ValidationFailed, match="step_cm: must be above 0"):
        services.dimension_price_set(
            price_list=regions["eu"],
            product_id=sofa["product"].pk,
            axis="width",
            step_cm="0",
            amount_per_step="10",
            actor=MANAGER,
        )
    row = services.dimension_price_set(
        price_list=regions["eu"],
        product_id=sofa["product"].pk,
        axis="width",
        step_cm="10",
        amount_per_step="45.00",
        actor=MANAGER,
    )
    assert row.amount_per_step == D("45.00")
