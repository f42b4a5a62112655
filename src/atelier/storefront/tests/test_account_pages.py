"""The customer's account pages and allauth's pages in the storefront's look: order
history (own orders only), order pages (owner only), earlier guest orders joining a
verified account, and allauth's sign-in and sign-up drawn in the site's shell."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from atelier.accounts.actors import actor_for
from atelier.accounts.tests.factories import PASSWORD, make_user
from atelier.core.roles import Role
from atelier.sales import services
from atelier.sales.models import SalesOrder
from atelier.sales.tests.helpers import ADDRESS_FR, GUEST, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return make_world()


def order_for(actor, email: str) -> SalesOrder:
    cart = services.cart_create(actor=actor, region_code="eu")
    services.cart_line_add(cart=cart, sku="LUMEN-1", quantity=1, actor=actor)
    return services.cart_checkout(
        cart=cart,
        email=email,
        shipping_address=ADDRESS_FR,
        shipping_method="standard",
        actor=actor,
    ).order


def test_the_order_history_shows_only_the_customers_own_orders(world, client):
    ana = make_user(Role.CUSTOMER, "ana@example.com")
    ben = make_user(Role.CUSTOMER, "ben@example.com")
    mine = order_for(actor_for(ana), "ana@example.com")
    theirs = order_for(actor_for(ben), "ben@example.com")
    client.force_login(ana)

    response = client.get("/account/")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="/orders/{mine.number}/"' in html
    assert "Awaiting payment" in html
    assert theirs.number not in html
    assert 'aria-current="page">Orders</a>' in html


def test_a_customer_opens_their_own_order_but_not_anothers(world, client):
    ana = make_user(Role.CUSTOMER, "ana@example.com")
    ben = make_user(Role.CUSTOMER, "ben@example.com")
    mine = order_for(actor_for(ana), "ana@example.com")
    theirs = order_for(actor_for(ben), "ben@example.com")
    client.force_login(ana)

    own = client.get(f"/orders/{mine.number}/")
    other = client.get(f"/orders/{theirs.number}/")

    assert own.status_code == 200
    assert "Your account" in own.content.decode()  # the breadcrumb back to the history
    assert other.status_code == 404


def test_the_account_needs_a_signed_in_customer(client):
    response = client.get("/account/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/account/")


def test_earlier_guest_orders_join_the_account_once_the_address_is_verified(world, client):
    earlier = [order_for(GUEST, "claire@example.com") for _ in range(2)]
    other = order_for(GUEST, "someone.else@example.com")

    signup = client.post(
        "/accounts/signup/",
        {"email": "claire@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert signup.status_code == 302
    link = re.search(r"https?://\S+(/accounts/confirm-email/\S+/)", mail.outbox[-1].body)
    confirm = link.group(1)
    page = client.get(confirm)
    assert page.status_code == 200
    assert "auth-shell" in page.content.decode()
    client.post(confirm)
    client.post("/accounts/login/", {"login": "claire@example.com", "password": PASSWORD})

    html = client.get("/account/").content.decode()

    assert "We found 2 earlier orders placed with this address" in html
    for order in earlier:
        assert order.number in html
    assert other.number not in html
    again = client.get("/account/").content.decode()
    assert "We found" not in again  # told once


def test_allauth_pages_wear_the_storefront_shell(client):
    make_user(Role.CUSTOMER, "carla@example.com")

    login = client.get("/accounts/login/").content.decode()
    refused = client.post(
        "/accounts/login/", {"login": "carla@example.com", "password": "wrong"}
    ).content.decode()

    assert 'class="site-header"' in login
    assert 'class="container auth-shell auth-shell--entrance"' in login
    assert '<h1 class="auth-shell__title">' in login
    assert '<label for="id_login">Email</label>' in login
    assert '<div class="message message--error" role="alert">' in refused
    assert "The email address and/or password you specified are not correct." in refused


def test_the_account_navigation_wraps_allauths_own_pages(client):
    client.force_login(make_user(Role.CUSTOMER, "carla@example.com"))

    for url, current in (
        ("/accounts/email/", "E-mail addresses"),
        ("/accounts/password/change/", "Password"),
        ("/accounts/2fa/", "Two-factor authentication"),
    ):
        html = client.get(url).content.decode()
        assert 'class="container auth-shell auth-shell--manage"' in html
        assert f'aria-current="page">{current}</a>' in html


def test_staff_reach_their_two_factor_page_with_a_way_back_to_the_back_office(client):
    client.force_login(make_user(Role.DESIGNER, "dana@atelier.test"))

    html = client.get("/accounts/2fa/").content.decode()

    assert 'href="/backoffice/">Back office</a>' in html
    assert ">Orders</a>" not in html


# --- Saved addresses ---------------------------------------------------------------------

HOME = {
    "address-label": "Home",
    "address-name": "Ana Lima",
    "address-line1": "12 rue du Bac",
    "address-postcode": "75007",
    "address-city": "Paris",
    "address-country": "FR",
}


def test_a_customer_keeps_changes_and_deletes_addresses(client):
    from atelier.customers.models import CustomerAddress

    client.force_login(make_user(Role.CUSTOMER, "ana@example.com"))

    added = client.post("/account/addresses/", HOME, follow=True)
    assert "Address added." in added.content.decode()
    address = CustomerAddress.objects.get()
    assert address.is_default
    listing = client.get("/account/addresses/").content.decode()
    assert "12 rue du Bac" in listing
    assert 'aria-current="page">Addresses</a>' in listing

    changed = client.post(
        f"/account/addresses/{address.pk}/", {**HOME, "address-line1": "14 rue du Bac"}
    )
    assert changed.status_code == 302
    address.refresh_from_db()
    assert address.line1 == "14 rue du Bac"

    deleted = client.post(f"/account/addresses/{address.pk}/delete/", follow=True)
    assert "Address deleted." in deleted.content.decode()
    assert not CustomerAddress.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"address-name": ""}, "name", "This field is required."),
        ({"address-country": "US"}, "state", "Required for an address in"),
    ],
)
def test_a_bad_address_is_refused_beside_its_field(client, change, field, message):
    from atelier.customers.models import CustomerAddress

    client.force_login(make_user(Role.CUSTOMER, "ana@example.com"))

    response = client.post("/account/addresses/", {**HOME, **change})

    assert response.status_code == 422
    assert re.search(rf'id="id_address-{field}_error">{message}', response.content.decode())
    assert not CustomerAddress.objects.exists()


def test_another_customers_address_answers_404(client):
    from atelier.customers.services import customer_address_save

    ben = make_user(Role.CUSTOMER, "ben@example.com")
    bens = customer_address_save(
        actor=actor_for(ben),
        data={"name": "Ben", "line1": "1 Main St", "city": "Lyon", "country": "FR"},
    )
    client.force_login(make_user(Role.CUSTOMER, "ana@example.com"))

    assert client.get(f"/account/addresses/{bens.pk}/").status_code == 404
    assert client.post(f"/account/addresses/{bens.pk}/delete/").status_code == 404
    bens.refresh_from_db()


def test_the_default_address_fills_the_checkout(world, client):
    from atelier.customers.services import customer_address_save

    ana = make_user(Role.CUSTOMER, "ana@example.com")
    customer_address_save(
        actor=actor_for(ana),
        data={"name": "Ana Lima", "line1": "12 rue du Bac", "city": "Paris", "country": "FR"},
    )
    client.force_login(ana)
    client.post("/cart/add/", {"variant": world.lamp.pk, "quantity": 1})

    html = client.get("/checkout/").content.decode()

    assert 'value="Ana Lima"' in html
    assert 'value="12 rue du Bac"' in html
    assert 'value="ana@example.com"' in html


def test_a_customers_cart_follows_them_to_another_device(world, client):
    ana = make_user(Role.CUSTOMER, "ana@example.com")
    client.force_login(ana)
    client.post("/cart/add/", {"variant": world.lamp.pk, "quantity": 1})

    phone = Client()
    phone.force_login(ana)
    html = phone.get("/cart/").content.decode()

    assert "Lumen lamp" in html
