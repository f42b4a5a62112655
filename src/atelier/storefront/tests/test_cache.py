"""Catalog pages are cached for public visitors and invalidated by catalog and price
writes; nothing personal (CSRF token, grants) is ever shared through the cache."""

from decimal import Decimal

import pytest

from atelier.accounts import services as accounts
from atelier.catalog import services as catalog_services
from atelier.catalog.tests.factories import MANAGER
from atelier.pricing.services import price_lists as pricing_services
from atelier.storefront import caching

pytestmark = pytest.mark.django_db

EU = {"HTTP_ACCEPT_LANGUAGE": "en-FR"}


@pytest.fixture
def stored(monkeypatch):
    """Everything the storefront puts in the cache."""
    values = []
    real_set = caching.cache.set

    def recording_set(key, value, timeout=None):
        values.append(value)
        return real_set(key, value, timeout)

    monkeypatch.setattr(caching.cache, "set", recording_set)
    return values


def test_a_price_change_shows_on_the_next_request(
    client, shop, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    url = "/category/sofas/?sort=-price"
    assert "from €3,900" in client.get(url, **EU).content.decode()
    with django_assert_max_num_queries(7):  # cached
        client.get(url, **EU)

    variant = shop.products[29].variants.order_by("id").first()
    with django_capture_on_commit_callbacks(execute=True):
        pricing_services.price_entry_set(
            price_list=shop.eu, variant_id=variant.pk, amount=Decimal("3450"), actor=MANAGER
        )

    page = client.get(url, **EU).content.decode()
    assert "from €3,450" in page
    assert "from €3,900" not in page


def test_a_price_change_shows_on_the_product_page(client, shop, django_capture_on_commit_callbacks):
    walnut = shop.sofa.variants.order_by("id").first()
    oak = shop.sofa.variants.order_by("id").last()
    url = f"/products/{shop.sofa.slug}/"
    assert '<span class="option-row__price">€1,300</span>' in client.get(url, **EU).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        pricing_services.price_entry_set(
            price_list=shop.eu, variant_id=oak.pk, amount=Decimal("1250"), actor=MANAGER
        )
        pricing_services.price_entry_set(
            price_list=shop.eu, variant_id=walnut.pk, amount=Decimal("990"), actor=MANAGER
        )

    page = client.get(url, **EU).content.decode()
    assert '<span class="option-row__price">€1,250</span>' in page
    assert "data-price>€990</span>" in page


def test_a_catalog_change_shows_on_the_next_request(
    client, shop, django_capture_on_commit_callbacks
):
    assert "Brera sofa 01" in client.get("/collections/riviera/", **EU).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        catalog_services.product_update(product=shop.sofa, name="Brera grand sofa", actor=MANAGER)

    page = client.get("/collections/riviera/", **EU).content.decode()
    assert "Brera grand sofa" in page
    assert "Brera sofa 01" not in page


def test_without_a_bump_the_cached_page_is_served(client, shop):
    """Proof that the page is cached: a write that skips the services is not seen."""
    client.get("/category/sofas/", **EU)
    type(shop.sofa).objects.filter(pk=shop.sofa.pk).update(name="Renamed behind our back")

    assert "Renamed behind our back" not in client.get("/category/sofas/", **EU).content.decode()


def test_cached_fragments_hold_no_csrf_token_or_personal_data(client, shop, stored):
    customer = accounts.customer_create(email="ann@example.com", password="a-long-passphrase-1")
    client.force_login(customer)
    for url in ("/", "/category/living/", "/collections/riviera/", "/search/?q=sofa"):
        client.get(url, **EU)
    client.get(f"/products/{shop.sofa.slug}/", **EU)

    assert stored  # the customer has no grant: they share the public cache
    for value in stored:
        text = repr(value)
        assert "csrfmiddlewaretoken" not in text
        assert "ann@example.com" not in text


def test_each_visitor_gets_their_own_csrf_token(shop):
    from django.test import Client

    first, second = Client(), Client()
    a = first.get("/category/living/", **EU).content.decode()
    b = second.get("/category/living/", **EU).content.decode()

    token = 'name="csrfmiddlewaretoken" value="'
    assert a.split(token)[1][:20] != b.split(token)[1][:20]


def test_granted_customers_are_never_served_from_or_into_the_public_cache(
    client, shop, stored, django_capture_on_commit_callbacks
):
    vip = accounts.customer_create(email="vip@example.com", password="a-long-passphrase-1")
    with django_capture_on_commit_callbacks(execute=True):
        catalog_services.collection_grant(collection=shop.private, users=[vip], actor=MANAGER)
    from django.test import Client

    guest = Client()
    guest.get("/collections/", **EU)  # the public page is now cached
    client.force_login(vip)
    stored.clear()

    page = client.get("/collections/", **EU).content.decode()
    assert 'href="/collections/prive/"' in page  # not the guests' cached page
    assert client.get("/search/?q=Secret", **EU).content.decode().count("Secret cabinet") >= 1
    assert stored == []  # and nothing of theirs was stored
    assert 'href="/collections/prive/"' not in guest.get("/collections/", **EU).content.decode()


def test_cache_can_be_turned_off(client, shop, settings, stored):
    settings.STOREFRONT_CACHE_SECONDS = 0

    client.get("/category/living/", **EU)

    assert stored == []
