"""Checkout asks whether to text the customer about the order (off unless ticked)."""

import pytest

from atelier.sales.models import SalesOrder
from atelier.sales.tests.helpers import make_world
from atelier.storefront.tests.test_cart_checkout_pages import checkout_data, in_cart

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture(autouse=True)
def _quiet_outbox(settings):
    settings.OUTBOX_DISPATCH_ON_COMMIT = False


def test_ticking_the_box_records_consent_and_the_page_language(world, client):
    in_cart(client, world)
    page = client.get("/checkout/").content.decode()
    assert 'name="sms_opt_in"' in page
    assert "Reply STOP" in page
    data = checkout_data(page, phone="+33 6 12 34 56 78", sms_opt_in="on")
    response = client.post("/checkout/", data, HTTP_ACCEPT_LANGUAGE="it-IT,it;q=0.9")
    assert response.status_code in (302, 303)
    order = SalesOrder.objects.get()
    assert (order.sms_opt_in, order.language, str(order.phone)) == (True, "it", "+33612345678")


def test_left_unticked_no_texts(world, client):
    in_cart(client, world)
    page = client.get("/checkout/").content.decode()
    response = client.post("/checkout/", checkout_data(page, phone="+33612345678"))
    assert response.status_code in (302, 303)
    assert SalesOrder.objects.get().sms_opt_in is False


def test_ticked_without_a_phone_is_refused_beside_the_field(world, client):
    in_cart(client, world)
    page = client.get("/checkout/").content.decode()
    response = client.post("/checkout/", checkout_data(page, sms_opt_in="on"))
    assert response.status_code == 422
    assert "Enter a phone number to receive text messages" in response.content.decode()
    assert not SalesOrder.objects.exists()
