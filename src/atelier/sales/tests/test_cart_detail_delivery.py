"""`selectors.cart_detail` with a chosen delivery (the checkout page's summary)."""

from decimal import Decimal

import pytest

from atelier.sales import selectors, services
from atelier.sales.shipping_methods import Destination
from atelier.sales.tests.helpers import GUEST

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def cart(world):
    cart = services.cart_create(actor=GUEST, region_code="eu")
    services.cart_line_add(cart=cart, sku="LUMEN-1", quantity=1, actor=GUEST)
    return cart


def test_an_offered_method_is_in_the_totals(cart):
    view = selectors.cart_detail(cart, destination=Destination("FR"), shipping_method="white_glove")

    assert view.priced.shipping.code == "white_glove"
    assert view.priced.total.gross.amount == D("800.00")  # 450 + 350, VAT included
    assert [o.code for o in view.shipping_options] == ["standard", "white_glove"]


def test_a_method_not_offered_is_left_out_without_an_error(cart):
    view = selectors.cart_detail(cart, destination=Destination("FR"), shipping_method="drone")

    assert view.priced.shipping is None
    assert view.priced.total.gross.amount == D("450.00")


def test_without_a_destination_the_method_is_ignored(cart):
    view = selectors.cart_detail(cart, shipping_method="standard")

    assert view.priced.shipping is None
