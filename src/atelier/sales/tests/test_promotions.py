"""Discount codes through pricing's promotions: applied by the server, refused with a
clear error (expired, used up, other currency), counted at checkout, released when an
unpaid order is cancelled."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from atelier.catalog.tests.factories import MANAGER
from atelier.core.errors import ValidationFailed
from atelier.pricing.promotions.models import Promotion
from atelier.pricing.promotions.services import promotion_create
from atelier.sales import selectors, services
from atelier.sales.tests.helpers import ADDRESS_FR, GUEST, SYSTEM, counts

pytestmark = pytest.mark.django_db
D = Decimal


def _code(code, *, kind="percentage", **fields):
    fields.setdefault("starts_at", timezone.now() - timedelta(days=1))
    if kind == "percentage":
        fields.setdefault("percentage", D("10"))
    return promotion_create(name=code.title(), kind=kind, code=code, actor=MANAGER, **fields)


def _cart(quantity=2):
    cart = services.cart_create(actor=GUEST, region_code="eu")
    services.cart_line_add(cart=cart, sku="LUMEN-1", quantity=quantity, actor=GUEST)
    return cart


def test_a_code_takes_its_discount_off_the_lines(world):
    _code("WELCOME10")
    cart = services.cart_discount_apply(cart=_cart(), code="welcome10", actor=GUEST)

    priced = selectors.cart_detail(cart).priced

    assert cart.discount_code == "welcome10"
    assert priced.summary()["discount"] == "90.00"
    assert priced.summary()["total"] == "810.00"
    assert priced.summary()["tax"] == "135.00"  # 20 % VAT on what remains


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda: _code("OLD10", ends_at=timezone.now() - timedelta(hours=1),
                       starts_at=timezone.now() - timedelta(days=9)), "code_expired"),
        (lambda: _code("GONE10", usage_limit=1), "code_exhausted"),
        (lambda: _code("POUNDS", kind="fixed", currencies={"GBP": {"amount_off": "50"}}),
         "code_wrong_currency"),
        (lambda: None, "code_unknown"),
    ],
)  # fmt: skip
def test_unusable_codes_are_refused_and_write_nothing(world, make, code):
    promotion = make()
    if code == "code_exhausted":
        Promotion.objects.filter(pk=promotion.pk).update(times_used=1)
    cart = _cart()
    before = counts()
    with pytest.raises(ValidationFailed) as raised:
        services.cart_discount_apply(
            cart=cart, code=promotion.code if promotion else "NOPE", actor=GUEST
        )
    assert raised.value.details["field"] == "code"
    assert raised.value.code == code
    cart.refresh_from_db()
    assert cart.discount_code == ""
    assert counts() == before


def test_checkout_counts_the_code_and_cancelling_gives_it_back(world):
    promotion = _code("ONCE", usage_limit=1)
    cart = services.cart_discount_apply(cart=_cart(), code="ONCE", actor=GUEST)
    order = services.cart_checkout(
        cart=cart,
        email="a@example.com",
        shipping_address=ADDRESS_FR,
        shipping_method="standard",
        actor=GUEST,
    ).order
    promotion.refresh_from_db()
    assert promotion.times_used == 1
    assert order.promotion_code == "ONCE"
    assert order.discount_gross == D("90.00")
    assert sum(line.discount_gross for line in order.lines.all()) == D("90.00")

    services.order_cancel(order=order, reason="Changed my mind.", actor=SYSTEM)

    promotion.refresh_from_db()
    assert promotion.times_used == 0


def test_a_free_shipping_code_makes_delivery_free(world):
    _code("SHIPFREE", kind="free_shipping")
    cart = services.cart_discount_apply(cart=_cart(), code="SHIPFREE", actor=GUEST)
    order = services.cart_checkout(
        cart=cart,
        email="a@example.com",
        shipping_address=ADDRESS_FR,
        shipping_method="white_glove",
        actor=GUEST,
    ).order
    assert order.shipping_method == "white_glove"
    assert order.shipping_gross == D("0")
    assert order.total_gross == D("900.00")


def test_a_fully_discounted_order_is_settled_without_a_payment(world, settings):
    settings.SALES_SHIPPING_METHODS = [
        {
            "class": "atelier.sales.shipping_methods.flat_rate.FlatRate",
            "code": "collect",
            "name": "Collect in Paris",
            "rates": {"EUR": "0"},
        }
    ]
    _code("GIFT", percentage=D("100"))
    cart = services.cart_discount_apply(cart=_cart(1), code="GIFT", actor=GUEST)
    result = services.cart_checkout(
        cart=cart,
        email="a@example.com",
        shipping_address=ADDRESS_FR,
        shipping_method="collect",
        actor=GUEST,
    )
    order = result.order
    assert result.payment is None
    assert order.total_gross == D("0")
    assert order.status == "paid"
    assert order.invoices.get().total_gross == D("0")
