"""Every way a code is refused: a stable code, a sentence to show, nothing written."""

from datetime import UTC, datetime, timedelta

import pytest

from atelier.core.errors import ValidationFailed
from atelier.core.money import Money
from atelier.customers.tests.factories import UserFactory
from atelier.pricing import facade
from atelier.pricing.promotions.models import Promotion, PromotionRedemption
from atelier.pricing.tests.promotion_helpers import NOW, cart, line, promotion

pytestmark = pytest.mark.django_db


def refusal(code, snapshot=None, *, user=None, email=None, on=NOW) -> ValidationFailed:
    used_before = list(Promotion.objects.values_list("pk", "times_used"))
    redemptions = PromotionRedemption.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        facade.evaluate_promotions(
            cart=snapshot or cart(line("a", "1000.00")),
            code=code,
            customer_user_id=user,
            email=email,
            on=on,
        )
    assert list(Promotion.objects.values_list("pk", "times_used")) == used_before
    assert PromotionRedemption.objects.count() == redemptions
    return exc.value


def redeem(code, order_ref, *, user=None, email=None):
    p = Promotion.objects.get(code=code)
    facade.promotion_redeem(
        promotion_ids=[p.pk],
        code=code,
        order_ref=order_ref,
        customer_user_id=user,
        email=email,
    )


def test_unknown_code():
    err = refusal("NOPE")
    assert (err.code, err.message) == ("code_unknown", "There is no code NOPE.")


def test_expired_code():
    promotion(code="SUMMER", ends_at=datetime(2026, 3, 1, tzinfo=UTC))
    err = refusal("SUMMER")
    assert (err.code, err.message) == ("code_expired", "This code expired on 1 March 2026.")


def test_code_not_yet_valid():
    promotion(code="XMAS", starts_at=datetime(2026, 12, 1, tzinfo=UTC))
    err = refusal("xmas")
    assert err.code == "code_not_yet_valid"
    assert err.message == "This code is valid from 1 December 2026."


def test_switched_off_code():
    promotion(code="OFF", is_active=False)
    assert refusal("OFF").code == "code_inactive"


def test_exhausted_code():
    promotion(code="FIRST2", usage_limit=2)
    redeem("FIRST2", "SO-1", email="a@example.com")
    redeem("FIRST2", "SO-2", email="b@example.com")
    err = refusal("FIRST2", email="c@example.com")
    assert (err.code, err.message) == ("code_exhausted", "This code has been used up.")


def test_per_customer_limit_counts_the_account_and_the_same_e_mail_as_a_guest():
    ada = UserFactory(email="ada@example.com")
    promotion(code="ONCE", usage_limit_per_customer=1)
    redeem("ONCE", "SO-1", user=ada.pk, email=ada.email)
    err = refusal("ONCE", user=ada.pk, email=ada.email)
    assert (err.code, err.message) == (
        "code_customer_limit",
        "This code can be used once per customer.",
    )
    assert refusal("ONCE", email=" ADA@example.com ").code == "code_customer_limit"
    facade.evaluate_promotions(
        cart=cart(line("a", "10.00")), code="ONCE", customer_user_id=None, email="bo@example.com"
    )


def test_a_guest_needs_an_e_mail_for_a_code_limited_per_customer():
    promotion(code="ONCE", usage_limit_per_customer=1)
    assert refusal("ONCE").code == "code_email_required"


def test_foreign_currency_code():
    promotion(code="EURO50", kind="fixed", currencies={"EUR": {"amount_off": "50"}})
    err = refusal("EURO50", cart(line("a", "1000.00", currency="GBP"), currency="GBP"))
    assert (err.code, err.message) == (
        "code_wrong_currency",
        "This code is for EUR orders; your cart is in GBP.",
    )
    assert err.details == {"currencies": ["EUR"]}


def test_minimum_spend_not_met_says_how_much_is_missing():
    promotion(code="SPEND", currencies={"EUR": {"min_spend": "1500"}})
    err = refusal("SPEND", cart(line("a", "1000.00"), line("b", "120.50")))
    assert err.code == "code_min_spend"
    assert err.details == {"missing": Money("379.50", "EUR"), "min_spend": Money("1500", "EUR")}
    assert err.message == "Spend 379.50 EUR more to use this code (minimum 1,500.00 EUR)."


@pytest.mark.parametrize(
    ("snapshot", "message"),
    [
        (cart(line("a", "10.00"), line("a", "5.00")), "line refs must be unique"),
        (cart(line("a", "10.00", currency="GBP")), "every amount must be in EUR"),
        (cart(line("a", "10.005")), "is not a EUR amount"),
        (cart(line("a", "-1.00")), "is not a EUR amount"),
    ],
)
def test_a_malformed_cart_is_refused(snapshot, message):
    with pytest.raises(ValidationFailed, match=message) as exc:
        facade.evaluate_promotions(cart=snapshot, code=None, customer_user_id=None, email=None)
    assert exc.value.code == "cart_invalid"


def test_without_strict_a_refused_code_is_reported_and_automatic_promotions_still_apply():
    auto = promotion("Ten")
    promotion(code="OLD", ends_at=NOW - timedelta(days=1))
    res = facade.evaluate_promotions(
        cart=cart(line("a", "100.00")),
        code="OLD",
        customer_user_id=None,
        email=None,
        on=NOW,
        strict=False,
    )
    assert res.promotion_ids == (auto.pk,)
    assert res.code_refusal.code == "code_expired"
    assert res.order_discount == Money("10.00", "EUR")
