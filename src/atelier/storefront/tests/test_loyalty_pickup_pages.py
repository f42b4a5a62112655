"""The cart and checkout pages: loyalty points for a signed-in customer, and click and
collect with the boutiques that hold the pieces."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from atelier.accounts.tests.factories import make_user
from atelier.catalog.tests.factories import MANAGER
from atelier.core.roles import Role
from atelier.inventory.models import Location
from atelier.pricing.loyalty import programme
from atelier.pricing.loyalty import services as loyalty
from atelier.sales.models import SalesOrder
from atelier.sales.tests.helpers import counts, make_world, stock

pytestmark = pytest.mark.django_db
D = Decimal
HTMX = {"HTTP_HX_REQUEST": "true"}
ADDRESS = {
    "shipping-name": "Camille Martin",
    "shipping-line1": "12 rue du Bac",
    "shipping-postcode": "75007",
    "shipping-city": "Paris",
    "shipping-country": "FR",
}


@pytest.fixture
def world(db):
    return make_world()


def _add(client, world, quantity=1):
    response = client.post("/cart/add/", {"variant": world.lamp.pk, "quantity": quantity})
    assert response.status_code == 302


def test_a_signed_in_customer_uses_points_on_the_cart_page(world, client):
    programme.loyalty_rate_set(
        currency="EUR", earn_rate="1", point_value="0.10", max_share="50", actor=MANAGER
    )
    ada = make_user(Role.CUSTOMER, "ada@example.com")
    loyalty.loyalty_account_adjust(user_id=ada.pk, points=3000, reason="x", actor=MANAGER)
    client.force_login(ada)
    _add(client, world)
    assert "you have 3000" in client.get("/cart/").content.decode()

    html = client.post("/cart/loyalty/", {"points": "1000"}, **HTMX).content.decode()
    assert "1000 points used." in html
    assert "<dt>Loyalty points (1,000)</dt><dd>\N{MINUS SIGN}€100</dd>" in html

    before = counts()
    refused = client.post("/cart/loyalty/", {"points": "99999"}, **HTMX)
    assert refused.status_code == 422
    assert "You have 3000 points" in refused.content.decode()
    assert counts() == before


def test_a_guest_sees_no_points_form(world, client):
    _add(client, world)
    assert 'name="points"' not in client.get("/cart/").content.decode()


def test_checkout_offers_the_boutiques_holding_the_pieces_and_collects_there(world, client):
    stock(world.lamp, Location.objects.get(boutique=world.paris), 1)
    _add(client, world)
    page = client.get("/checkout/?shipping-country=FR").content.decode()
    assert 'value="collect"' in page
    assert '<option value="paris">Paris, Paris</option>' in page
    key = re.search(r'name="checkout_key" value="([^"]+)"', page).group(1)
    data = {
        "checkout_key": key,
        "email": "camille@example.com",
        "phone": "",
        **ADDRESS,
        "shipping_method": "collect",
        "billing_same": "on",
    }
    refused = client.post("/checkout/", data)  # no boutique chosen
    assert refused.status_code == 422
    assert "Choose the boutique you will collect from." in refused.content.decode()
    assert not SalesOrder.objects.exists()

    placed = client.post("/checkout/", {**data, "pickup_boutique": "paris"})
    assert placed.status_code == 303  # to the payment page
    order = SalesOrder.objects.get()
    assert order.pickup_boutique_id == world.paris.pk
    assert order.shipping_gross == 0
