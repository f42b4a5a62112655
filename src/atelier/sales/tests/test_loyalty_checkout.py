"""Loyalty points redeemed at checkout: a discount after promotions (so the tax is
worked out on what is left), held in the checkout transaction, spent when paid, given
back on cancellation; every bad request refused with nothing written."""

import json
from decimal import Decimal

import pytest

from atelier.accounts.actors import actor_for
from atelier.accounts.tests.factories import make_user
from atelier.catalog.tests.factories import MANAGER
from atelier.core.errors import ValidationFailed
from atelier.core.roles import Role
from atelier.payments.events import PaymentSucceeded
from atelier.pricing import facade as pricing
from atelier.pricing.loyalty import programme
from atelier.pricing.loyalty import services as loyalty
from atelier.sales import handlers, selectors, services
from atelier.sales.models import Cart
from atelier.sales.tests.helpers import ADDRESS_FR, GUEST, SYSTEM, counts

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def ada(world):
    programme.loyalty_rate_set(
        currency="EUR", earn_rate="1", point_value="0.10", max_share="50", actor=MANAGER
    )
    user = make_user(Role.CUSTOMER, "ada@example.com")
    loyalty.loyalty_account_adjust(user_id=user.pk, points=3000, reason="welcome", actor=MANAGER)
    return user


def _cart(user, sku="LUMEN-1", region="eu"):
    actor = actor_for(user) if user else GUEST
    cart = services.cart_create(actor=actor, region_code=region)
    services.cart_line_add(cart=cart, sku=sku, quantity=1, actor=actor)
    return cart


def _checkout(cart, user):
    return services.cart_checkout(
        cart=cart,
        email="ada@example.com",
        shipping_address=ADDRESS_FR,
        shipping_method="standard",
        actor=actor_for(user),
    ).order


def _balance(user) -> int:
    return pricing.loyalty_balance(user.pk).points


def test_points_are_a_discount_that_lowers_the_tax(ada):
    cart = services.cart_loyalty_set(cart=_cart(ada), points=1000, actor=actor_for(ada))
    priced = selectors.cart_detail(cart).priced
    assert (priced.loyalty.points, priced.loyalty.value.amount) == (1000, D("100.00"))
    assert priced.discount.gross.amount == D("100.00")
    assert priced.total.gross.amount == D("350.00")
    assert priced.total.tax.amount == D("58.33")  # 20 % VAT on 350, not on 450


def test_checkout_holds_the_points_payment_spends_them_and_earns_on_what_was_paid(
    ada, django_capture_on_commit_callbacks
):
    cart = services.cart_loyalty_set(cart=_cart(ada), points=1000, actor=actor_for(ada))
    order = _checkout(cart, ada)
    assert (order.loyalty_points_redeemed, order.loyalty_value) == (1000, D("100.00"))
    assert order.discount_gross == D("100.00")
    assert order.total_gross == D("445.00")  # 450 - 100 + 95 delivery
    assert order.discounts[-1]["label"] == "Loyalty points (1,000)"
    assert D(order.discounts[-1]["amount"]) == D("100.00")
    assert _balance(ada) == 2000
    assert pricing.loyalty_balance(ada.pk).reserved == 1000

    with django_capture_on_commit_callbacks(execute=True):
        handlers.on_payment_succeeded(
            PaymentSucceeded(
                payment_id="PAY-L-1",
                order_ref=order.number,
                purpose="order",
                amount="445.00",
                currency="EUR",
            )
        )
    order.refresh_from_db()
    assert order.status == "paid"
    assert pricing.loyalty_balance(ada.pk).reserved == 0
    assert _balance(ada) == 2000 + 350  # earned on the goods paid (350), not on 450


def test_cancelling_gives_the_points_back(ada):
    cart = services.cart_loyalty_set(cart=_cart(ada), points=1000, actor=actor_for(ada))
    order = _checkout(cart, ada)
    services.order_cancel(order=order, reason="Changed my mind.", actor=SYSTEM)
    assert _balance(ada) == 3000


@pytest.mark.parametrize(
    ("points", "code"),
    [
        (5000, "loyalty_insufficient_points"),
        (2500, "loyalty_over_max_share"),  # 250.00 > 50 % of 450.00
        (-1, "loyalty_points_invalid"),
        ("100", "loyalty_points_invalid"),
        (1.5, "loyalty_points_invalid"),
    ],
)
def test_bad_point_requests_are_refused_and_nothing_is_written(ada, points, code):
    cart = _cart(ada)
    before = counts()
    with pytest.raises(ValidationFailed) as refused:
        services.cart_loyalty_set(cart=cart, points=points, actor=actor_for(ada))
    assert refused.value.code == code
    assert Cart.objects.get(pk=cart.pk).loyalty_points == 0
    assert counts() == before


def test_guests_and_other_customers_cannot_use_points(ada):
    guest_cart = _cart(None)
    with pytest.raises(ValidationFailed) as refused:
        services.cart_loyalty_set(cart=guest_cart, points=100, actor=GUEST)
    assert refused.value.code == "loyalty_guest"
    with pytest.raises(ValidationFailed):
        services.cart_loyalty_set(cart=guest_cart, points=100, actor=actor_for(ada))
    assert Cart.objects.get(pk=guest_cart.pk).loyalty_points == 0


def test_a_currency_outside_the_programme_is_refused(ada):
    cart = _cart(ada, region="us")
    with pytest.raises(ValidationFailed) as refused:
        services.cart_loyalty_set(cart=cart, points=100, actor=actor_for(ada))
    assert refused.value.code == "loyalty_currency_unsupported"


def test_points_spent_elsewhere_meanwhile_refuse_the_checkout_writing_nothing(ada):
    cart = services.cart_loyalty_set(cart=_cart(ada), points=1000, actor=actor_for(ada))
    loyalty.loyalty_account_adjust(user_id=ada.pk, points=-2500, reason="test", actor=MANAGER)
    priced = selectors.cart_detail(cart).priced
    assert priced.loyalty is None  # the cart page drops them and says why
    assert priced.loyalty_error == "You have 500 points; 1000 cannot be used."
    before = counts()
    with pytest.raises(ValidationFailed) as refused:
        _checkout(cart, ada)
    assert refused.value.code == "loyalty_insufficient_points"
    assert counts() == before
    assert _balance(ada) == 500
    assert Cart.objects.get(pk=cart.pk).is_open


def test_the_api_redeems_points_on_the_signed_in_customers_cart(ada, client):
    client.force_login(ada)
    token = client.post("/api/v1/carts", "{}", content_type="application/json").json()["token"]
    client.post(
        f"/api/v1/carts/{token}/lines",
        json.dumps({"sku": "LUMEN-1", "quantity": 1}),
        content_type="application/json",
    )
    url = f"/api/v1/carts/{token}/loyalty"
    refused = client.post(url, json.dumps({"points": 9999}), content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "loyalty_insufficient_points"
    answer = client.post(url, json.dumps({"points": 500}), content_type="application/json")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["loyalty"] == {"points": 500, "value": "50.00"}
    assert body["loyalty_balance"] == 3000
    assert body["totals"]["discount"] == "50.00"
