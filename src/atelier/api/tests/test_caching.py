"""The public cache: shared by guests, invalidated by every catalog or price write,
never fed with what only a granted customer (or staff) may see."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache as django_cache

from atelier.accounts.actors import actor_for
from atelier.api import caching, stock
from atelier.catalog import services as catalog_services
from atelier.catalog.tests.factories import MANAGER
from atelier.core.actor import ANONYMOUS
from atelier.inventory.dto import Availability
from atelier.pricing.services import price_lists as price_services

pytestmark = pytest.mark.django_db


def eu_price(client, slug="aria"):
    body = client.get(f"/api/v1/products/{slug}", {"region": "eu"}).json()
    return body["variants"][0]["price"]["amount"]


def listed(client, **params):
    return [i["slug"] for i in client.get("/api/v1/products", params).json()["items"]]


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a write as if its transaction committed (cache bumps run after commit)."""

    def run(write, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return write(**kwargs)

    return run


def test_guests_share_one_answer(client, shop, django_assert_max_num_queries):
    first = client.get("/api/v1/products", {"region": "eu"}).json()

    with django_assert_max_num_queries(5):  # live stock only
        second = client.get("/api/v1/products", {"region": "eu"}).json()

    assert first == second


def test_a_price_change_shows_on_the_very_next_request(client, shop, regions, commit):
    assert eu_price(client) == "2490.00"
    assert listed(client, region="eu", price_max="2400") == ["luce"]

    commit(
        price_services.price_entry_set,
        price_list=regions["eu"],
        variant_id=shop["aria_walnut"].pk,
        amount=Decimal("2290.00"),
        actor=MANAGER,
    )

    assert eu_price(client) == "2290.00"
    assert sorted(listed(client, region="eu", price_max="2400")) == ["aria", "luce"]


def test_a_tax_change_shows_on_the_very_next_request(client, shop, commit):
    assert (
        client.get("/api/v1/products/aria", {"region": "eu"}).json()["variants"][0]["price"]["tax"]
        == "415.00"
    )

    commit(price_services.tax_rate_set, country="FR", rate="10", actor=MANAGER)

    price = client.get("/api/v1/products/aria", {"region": "eu"}).json()["variants"][0]["price"]
    assert (price["tax"], price["tax_rate"]) == ("226.36", "10.000")


def test_unpublishing_shows_on_the_very_next_request(client, shop, commit):
    assert client.get("/api/v1/products/luce").status_code == 200
    assert "luce" in listed(client)

    commit(
        catalog_services.product_unpublish,
        product=shop["luce"],
        channel="online",
        reason="Discontinued",
        actor=MANAGER,
    )

    assert client.get("/api/v1/products/luce").status_code == 404
    assert "luce" not in listed(client)


def test_an_edit_and_a_menu_change_show_at_once(client, shop, commit):
    client.get("/api/v1/categories")
    client.get("/api/v1/menu")

    sofas, living = shop["sofas"], shop["living"]
    commit(catalog_services.category_update, category=sofas, name="Sofas & daybeds", actor=MANAGER)
    commit(catalog_services.menu_item_create, kind="category", category=living, actor=MANAGER)

    living = client.get("/api/v1/categories").json()[1]
    assert living["children"][0]["name"] == "Sofas & daybeds"
    assert [m["slug"] for m in client.get("/api/v1/menu").json()] == ["living"]


def test_regions_and_parameters_do_not_share_answers(client, shop):
    eu = client.get("/api/v1/products/aria", {"region": "eu"}).json()
    us = client.get("/api/v1/products/aria", {"region": "us"}).json()
    bare = client.get("/api/v1/products/aria").json()

    assert (eu["from_price"]["currency"], us["from_price"]["currency"]) == ("EUR", "USD")
    assert bare["from_price"] is None
    assert listed(client, category="lighting") == ["luce"]
    assert listed(client, category="sofas") == ["aria"]


def test_a_granted_customers_answer_never_lands_in_the_public_cache(client, private, monkeypatch):
    stored = []
    real_set = django_cache.set

    def spy(key, *args, **kwargs):
        stored.append(key)
        return real_set(key, *args, **kwargs)

    monkeypatch.setattr(django_cache, "set", spy)
    client.force_login(private["clara"])

    assert "secret" in listed(client, region="eu")
    assert client.get("/api/v1/products/secret").status_code == 200
    assert "prive" in [c["slug"] for c in client.get("/api/v1/collections").json()]

    assert [k for k in stored if k.startswith("atelier:catalog:")] == []
    client.logout()
    assert "secret" not in listed(client, region="eu")
    assert client.get("/api/v1/products/secret").status_code == 404
    assert "prive" not in [c["slug"] for c in client.get("/api/v1/collections").json()]


def test_a_customer_without_grants_shares_the_guests_answers(private):
    bruno, clara = actor_for(private["bruno"]), actor_for(private["clara"])

    assert caching.public_key(bruno, "x") == caching.public_key(ANONYMOUS, "x")
    assert caching.public_key(clara, "x") is None
    assert caching.public_key(MANAGER, "x") is None


def test_live_stock_is_added_to_cached_answers(client, shop, monkeypatch):
    client.get("/api/v1/products/luce")  # cached without its availability

    def in_stock(variant_ids, region_code=None, channel="online"):
        return {v: Availability(v, "in_stock", 3, None, None, "In stock") for v in variant_ids}

    monkeypatch.setattr(stock.inventory, "availability_for_variants", in_stock)

    body = client.get("/api/v1/products/luce").json()
    assert body["availability"]["status"] == "in_stock"
    assert body["variants"][0]["availability"]["quantity"] == 3


def test_region_list_is_cached_and_refreshed_by_price_list_edits(client, regions, commit):
    assert [r["code"] for r in client.get("/api/v1/regions").json()] == ["eu", "us"]

    us = regions["us"]
    us.tax_display = "included"
    commit(price_services.price_list_save, price_list=us, actor=MANAGER)

    assert [r["tax_display"] for r in client.get("/api/v1/regions").json()] == [
        "included",
        "included",
    ]


def test_answers_are_keyed_by_day(shop, monkeypatch):
    today = caching.public_key(ANONYMOUS, "products")
    monkeypatch.setattr(caching.timezone, "localdate", lambda: date(2030, 1, 1))

    assert caching.public_key(ANONYMOUS, "products") != today


def test_a_broken_cache_means_uncached_answers_not_errors(client, shop, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache is down")

    monkeypatch.setattr(django_cache, "get", down)
    monkeypatch.setattr(django_cache, "get_or_set", down)

    response = client.get("/api/v1/products", {"region": "eu"})

    assert response.status_code == 200
    assert len(response.json()["items"]) == 2
