"""evaluate_promotions: amounts, restrictions, stacking, free delivery (exact values)."""

from datetime import timedelta
from decimal import Decimal

import pytest

from atelier.catalog.tests.factories import CategoryFactory, CollectionFactory, ProductFactory
from atelier.core.errors import ValidationFailed
from atelier.core.money import Money
from atelier.pricing import facade
from atelier.pricing.tests.promotion_helpers import NOW, amounts, cart, line, promotion

pytestmark = pytest.mark.django_db
D = Decimal


def evaluate(snapshot, code=None, *, user=None, email=None, **kw):
    return facade.evaluate_promotions(
        cart=snapshot, code=code, customer_user_id=user, email=email, on=NOW, **kw
    )


def test_no_promotion_gives_zero_discounts_for_every_line():
    res = evaluate(cart(line("a", "100.00"), line("b", "50.00")))
    assert amounts(res.line_discounts) == {"a": "0", "b": "0"}
    assert res.order_discount == Money("0", "EUR")
    assert res.applied == ()
    assert res.code is None
    assert not res.free_shipping


def test_percentage_code_is_shared_among_lines_half_up_with_remainder_on_the_last():
    p = promotion(code="AUTUMN15", percentage=D("15"))
    snapshot = cart(line("a", "999.99"), line("b", "333.33"), line("c", "1666.68"))
    res = evaluate(snapshot, " autumn15 ")
    # 15 % of 3 000.00 = 450.00: 149.9985 -> 150.00, 49.9995 -> 50.00, rest 250.00
    assert amounts(res.line_discounts) == {"a": "150.00", "b": "50.00", "c": "250.00"}
    assert res.order_discount == Money("450.00", "EUR")
    assert res.code == "AUTUMN15"
    assert res.promotion_ids == (p.pk,)
    assert res.applied[0].amount == Money("450.00", "EUR")


def test_percentage_of_an_odd_amount_is_rounded_half_up_once_for_the_order():
    promotion(code="TEN")
    res = evaluate(cart(line("a", "0.05"), line("b", "0.10")), "TEN")
    # 10 % of 0.15 = 0.015 -> 0.02; a: 0.02 x 0.05 / 0.15 = 0.0066.. -> 0.01; b: 0.01
    assert amounts(res.line_discounts) == {"a": "0.01", "b": "0.01"}
    assert res.order_discount == Money("0.02", "EUR")


def test_fixed_amount_is_per_currency_and_shared_proportionally():
    promotion(
        code="FIFTY",
        kind="fixed",
        currencies={"EUR": {"amount_off": "50"}, "GBP": {"amount_off": "45"}},
    )
    res = evaluate(cart(line("a", "1234.50"), line("b", "765.50")), "FIFTY")
    # 50 x 1 234.50 / 2 000 = 30.8625 -> 30.86; the remainder 19.14 on the last line
    assert amounts(res.line_discounts) == {"a": "30.86", "b": "19.14"}
    res = evaluate(cart(line("a", "100.00", currency="GBP"), currency="GBP"), "FIFTY")
    assert res.order_discount == Money("45.00", "GBP")


def test_fixed_amount_never_takes_a_cart_below_zero():
    promotion(code="BIG", kind="fixed", currencies={"EUR": {"amount_off": "300"}})
    res = evaluate(cart(line("a", "120.00"), line("b", "80.00")), "BIG")
    assert amounts(res.line_discounts) == {"a": "120.00", "b": "80.00"}
    assert res.order_discount == Money("200.00", "EUR")


def test_minimum_spend_is_per_currency_and_counts_the_amount_before_discounts():
    promotion(code="SPEND", currencies={"EUR": {"min_spend": "500"}, "GBP": {"min_spend": "450"}})
    assert evaluate(cart(line("a", "500.00")), "SPEND").order_discount == Money("50", "EUR")
    gbp = cart(line("a", "449.99", currency="GBP"), currency="GBP")
    with pytest.raises(ValidationFailed) as exc:
        evaluate(gbp, "SPEND")
    assert exc.value.code == "code_min_spend"
    assert exc.value.details["missing"] == Money("0.01", "GBP")
    assert exc.value.message == "Spend 0.01 GBP more to use this code (minimum 450.00 GBP)."


def test_restrictions_need_every_kind_given_and_any_id_of_a_kind():
    sofas, tables = CategoryFactory(), CategoryFactory()
    autumn = CollectionFactory()
    promotion(
        "Autumn sofas", code="", category_ids=[sofas.pk], collection_ids=[autumn.pk], priority=5
    )
    snapshot = cart(
        line("sofa-autumn", "2000.00", categories=[sofas.pk], collections=[autumn.pk]),
        line("sofa", "1500.00", categories=[sofas.pk]),
        line("table-autumn", "800.00", categories=[tables.pk], collections=[autumn.pk]),
    )
    res = evaluate(snapshot)
    assert amounts(res.line_discounts) == {
        "sofa-autumn": "200.00",
        "sofa": "0",
        "table-autumn": "0",
    }


def test_product_restriction_and_a_code_that_applies_to_nothing():
    chair, lamp = ProductFactory(), ProductFactory()
    promotion(code="CHAIRS", product_ids=[chair.pk])
    snapshot = cart(line("a", "300.00", product=chair.pk), line("b", "90.00", product=lamp.pk))
    res = evaluate(snapshot, "CHAIRS")
    assert amounts(res.line_discounts) == {"a": "30.00", "b": "0"}
    with pytest.raises(ValidationFailed) as exc:
        evaluate(cart(line("b", "90.00", product=lamp.pk)), "CHAIRS")
    assert exc.value.code == "code_not_applicable"


def test_minimum_spend_of_a_restricted_promotion_counts_its_lines_only():
    sofas = CategoryFactory()
    promotion(code="SOFA", category_ids=[sofas.pk], currencies={"EUR": {"min_spend": "1000"}})
    snapshot = cart(line("a", "900.00", categories=[sofas.pk]), line("b", "5000.00"))
    with pytest.raises(ValidationFailed) as exc:
        evaluate(snapshot, "SOFA")
    assert exc.value.details["missing"] == Money("100.00", "EUR")


# --- Stacking -------------------------------------------------------------------------


def test_stackable_promotions_apply_in_priority_order_on_what_is_left():
    first = promotion("Ten", priority=10)
    second = promotion("Hundred", kind="fixed", currencies={"EUR": {"amount_off": "100"}})
    code = promotion("Code five", code="FIVE", percentage=D("5"))
    res = evaluate(cart(line("a", "1000.00")), "FIVE")
    # 10 % of 1 000 = 100; then 100 off; then 5 % of 800 = 40
    assert [p.promotion_id for p in res.applied] == [first.pk, second.pk, code.pk]
    assert [str(p.amount.amount) for p in res.applied] == ["100.00", "100.00", "40.00"]
    assert res.order_discount == Money("240.00", "EUR")


def test_an_exclusive_automatic_promotion_first_in_priority_applies_alone():
    exclusive = promotion("Private sale", percentage=D("20"), priority=5, stackable=False)
    promotion("Ten", priority=1)
    res = evaluate(cart(line("a", "1000.00")))
    assert res.promotion_ids == (exclusive.pk,)
    assert res.order_discount == Money("200.00", "EUR")


def test_an_exclusive_automatic_promotion_behind_a_stackable_one_is_dropped():
    stackable = promotion("Ten", priority=5)
    promotion("Private sale", percentage=D("20"), priority=1, stackable=False)
    other = promotion("Five", percentage=D("5"), priority=0)
    res = evaluate(cart(line("a", "1000.00")))
    assert res.promotion_ids == (stackable.pk, other.pk)
    assert res.order_discount == Money("145.00", "EUR")  # 100 + 5 % of 900


def test_a_code_that_gives_less_than_an_exclusive_promotion_is_refused_as_not_combinable():
    sale = promotion("Private sale", percentage=D("20"), stackable=False)
    promotion(code="TEN")
    with pytest.raises(ValidationFailed) as exc:
        evaluate(cart(line("a", "1000.00")), "TEN")
    assert exc.value.code == "code_not_combinable"
    assert "Private sale" in exc.value.message
    res = evaluate(cart(line("a", "1000.00")), "TEN", strict=False)
    assert res.promotion_ids == (sale.pk,)
    assert res.code_refusal.code == "code_not_combinable"
    assert res.code is None


def test_an_exclusive_code_that_gives_more_replaces_the_automatic_promotions():
    promotion("Ten")
    code = promotion("VIP", code="VIP25", percentage=D("25"), stackable=False)
    res = evaluate(cart(line("a", "1000.00")), "VIP25")
    assert res.promotion_ids == (code.pk,)
    assert res.order_discount == Money("250.00", "EUR")


def test_free_white_glove_delivery_from_the_minimum_spend():
    promotion("White glove", kind="free_shipping", currencies={"EUR": {"min_spend": "15000"}})
    res = evaluate(cart(line("a", "15000.00"), shipping="450.00"))
    assert res.free_shipping
    assert res.shipping_discount == Money("450.00", "EUR")
    assert res.order_discount == Money("0", "EUR")
    assert res.total_discount == Money("450.00", "EUR")
    res = evaluate(cart(line("a", "14999.99"), shipping="450.00"))
    assert not res.free_shipping
    assert res.applied == ()
    gbp = cart(line("a", "20000.00", currency="GBP"), currency="GBP")
    assert not evaluate(gbp).free_shipping  # no terms in GBP: not offered there


def test_automatic_promotions_outside_their_window_or_switched_off_do_not_apply():
    promotion("Later", starts_at=NOW + timedelta(days=1))
    promotion("Over", ends_at=NOW)  # the end is the first moment it no longer applies
    promotion("Off", is_active=False)
    assert evaluate(cart(line("a", "100.00"))).applied == ()


def test_evaluation_runs_a_constant_number_of_queries(django_assert_max_num_queries):
    sofas = CategoryFactory()
    for i in range(8):
        promotion(f"P{i}", category_ids=[sofas.pk], currencies={"EUR": {"min_spend": "1"}})
    promotion(code="ONCE", usage_limit_per_customer=1)
    snapshot = cart(*(line(f"l{i}", "100.00", categories=[sofas.pk]) for i in range(20)))
    with django_assert_max_num_queries(6):
        evaluate(snapshot, "ONCE", email="ada@example.com")
