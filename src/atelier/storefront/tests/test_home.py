import pytest
from django.contrib.auth.models import AnonymousUser

from atelier.accounts import services as accounts
from atelier.core.actor import system_actor
from atelier.org import services as org

pytestmark = pytest.mark.django_db

ACTOR = system_actor("test")


@pytest.fixture
def boutiques():
    """Nine boutiques in two regions: more than the page would ever show in one row."""
    eu, _ = org.region_upsert(
        code="eu", name="European Union", currency="EUR", countries=["FR", "IT"], actor=ACTOR
    )
    uk, _ = org.region_upsert(
        code="uk", name="United Kingdom", currency="GBP", countries=["GB"], actor=ACTOR
    )
    for i in range(8):
        org.boutique_upsert(
            code=f"paris-{i}",
            name=f"Paris {i}",
            region=eu,
            street=f"{i} rue de Grenelle",
            postcode="75007",
            city="Paris",
            country="FR",
            timezone="Europe/Paris",
            phone=f"+33 1 99 00 00 0{i}",
            actor=ACTOR,
        )
    org.boutique_upsert(
        code="london",
        name="London",
        region=uk,
        street="27 Mount Street",
        postcode="W1K 2RX",
        city="London",
        country="GB",
        timezone="Europe/London",
        email="london@demo.atelier.example",
        actor=ACTOR,
    )
    org.boutique_upsert(
        code="closed",
        name="Closed Boutique",
        region=uk,
        city="Bath",
        country="GB",
        is_active=False,
        actor=ACTOR,
    )


def test_home_lists_open_boutiques_in_few_queries(client, boutiques, django_assert_max_num_queries):
    # regions, menu (2 + 1 fallback tree), collections, new pieces (2), boutiques
    with django_assert_max_num_queries(9):
        response = client.get("/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Paris 7" in page
    assert "27 Mount Street" in page
    assert "London W1K 2RX" in page
    assert "75007 Paris" in page
    assert 'href="tel:+33199000007"' in page
    assert 'id="boutique-london"' in page
    assert "Closed Boutique" not in page


def test_footer_lists_boutiques_on_the_home_page_without_another_query(client, boutiques):
    page = client.get("/").content.decode()

    footer = page.split('class="site-footer"', 1)[1]
    assert 'href="/#boutique-london"' in footer


def test_footer_boutiques_on_other_storefront_pages(rf, boutiques):
    from django.template.loader import render_to_string

    request = rf.get("/somewhere/")
    request.user = AnonymousUser()
    html = render_to_string("storefront/base.html", request=request)

    assert "Paris 3" in html.split('class="site-footer"', 1)[1]


def test_home_without_boutiques_or_collections(client):
    response = client.get("/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "The first collections are on the workbench" in page
    assert "Our boutiques will be listed here" in page


def test_shell_is_accessible_and_htmx_ready(client):
    page = client.get("/").content.decode()

    assert page.startswith("<!doctype html>")
    assert '<html lang="en">' in page
    assert 'name="viewport"' in page
    assert 'class="skip-link" href="#main"' in page
    assert '<main id="main"' in page
    assert 'hx-headers=\'{"X-CSRFToken": "' in page
    assert "/static/vendor/htmx/htmx.min.js" in page
    assert "/static/css/atelier.css" in page
    assert "fonts.googleapis" not in page


def test_signed_in_customer_sees_account_link(client, boutiques, django_assert_max_num_queries):
    customer = accounts.customer_create(
        email="ann@example.com", password="a-long-passphrase-1", first_name="Ann"
    )
    client.force_login(customer)

    client.get("/")  # catalog fragments are now cached for public visitors
    # session, user, the actor (roles + permissions, direct permissions), grants (customer
    # groups, granted collections), boutiques
    with django_assert_max_num_queries(8):
        page = client.get("/").content.decode()

    assert 'href="/account/"' in page
    assert "Sign in" not in page.split('class="site-footer"', 1)[0]


def test_messages_are_shown(client, settings):
    from django.contrib.messages import constants

    # A message stored by a previous request appears on the next page.
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest, HttpResponse

    storage = CookieStorage(HttpRequest())
    storage.add(constants.SUCCESS, "Your appointment is booked.")
    response = HttpResponse()
    storage.update(response)
    client.cookies[storage.cookie_name] = response.cookies[storage.cookie_name].value
    settings.MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"

    page = client.get("/").content.decode()

    assert "Your appointment is booked." in page
    assert "message--success" in page
