"""GET /api/v1/products and /api/v1/products/{slug}: prices per region, media, options,
availability, filters, pages and query counts."""

import pytest

from atelier.catalog.tests.factories import (
    CategoryFactory,
    ProductFactory,
    ProductImageFactory,
    VariantFactory,
)
from atelier.pricing.tests.factories import PriceEntryFactory

pytestmark = pytest.mark.django_db


def slugs(response):
    return [item["slug"] for item in response.json()["items"]]


def test_list_shows_prices_in_the_regions_currency_with_tax_display(client, shop):
    eu = client.get("/api/v1/products", {"region": "eu", "sort": "name"}).json()
    us = client.get("/api/v1/products", {"region": "us"}).json()

    aria_eu = eu["items"][0]
    assert aria_eu["slug"] == "aria"
    assert aria_eu["from_price"] == {
        "amount": "2490.00",
        "currency": "EUR",
        "tax_display": "included",
        "tax_included": True,
    }
    assert eu["region"]["currency"] == "EUR"
    assert [i["slug"] for i in us["items"]] == ["aria"]  # Luce is not sold in the US
    assert us["items"][0]["from_price"]["amount"] == "2700.00"
    assert us["items"][0]["from_price"]["tax_display"] == "added"


def test_list_card_has_media_availability_and_made_to_order(client, shop):
    item = client.get("/api/v1/products", {"region": "eu", "q": "Aria"}).json()["items"][0]

    assert item["made_to_order"] is True
    assert item["lead_time_days"] == 56
    assert item["category"] == {"slug": "sofas", "name": "Sofas"}
    assert item["image"]["srcset"].endswith("960w")
    assert item["image"]["alt"] == "A walnut sofa in a bright room"
    assert item["availability"]["status"] == "made_to_order"
    assert item["availability"]["weeks"] == 8


def test_list_without_region_has_no_prices_and_every_visible_product(client, shop):
    body = client.get("/api/v1/products").json()

    assert sorted(item["slug"] for item in body["items"]) == ["aria", "luce"]
    assert all(item["from_price"] is None for item in body["items"])
    assert body["region"] is None


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"category": "living"}, ["aria"]),  # descendants included
        ({"category": "lighting"}, ["luce"]),
        ({"values": "colour:oak"}, ["aria"]),
        ({"made_to_order": "false"}, ["luce"]),
        ({"region": "eu", "price_max": "1000"}, ["luce"]),
        ({"region": "eu", "price_min": "1000", "price_max": "2490"}, ["aria"]),
        ({"region": "eu", "sort": "-price"}, ["aria", "luce"]),
        ({"region": "eu", "sort": "price"}, ["luce", "aria"]),
        ({"q": "ARIA-OAK"}, ["aria"]),  # exact SKU
        ({"availability": "made_to_order"}, ["aria"]),
    ],
)
def test_list_filters(client, shop, params, expected):
    response = client.get("/api/v1/products", params)

    assert response.status_code == 200, response.json()
    if "sort" in params:
        assert slugs(response) == expected
    else:
        assert sorted(slugs(response)) == expected


def test_list_pages(client, shop):
    first = client.get("/api/v1/products", {"per_page": 1, "sort": "name"}).json()
    second = client.get("/api/v1/products", {"per_page": 1, "sort": "name", "page": 2}).json()

    assert (first["total"], first["num_pages"], first["has_next"]) == (2, 2, True)
    assert [i["slug"] for i in first["items"]] == ["aria"]
    assert [i["slug"] for i in second["items"]] == ["luce"]
    assert second["has_previous"] is True


def test_detail_has_variants_prices_options_sizes_and_media(client, shop):
    body = client.get("/api/v1/products/aria", {"region": "eu"}).json()

    assert body["breadcrumbs"] == [
        {"slug": "living", "name": "Living"},
        {"slug": "sofas", "name": "Sofas"},
    ]
    walnut, oak = body["variants"]
    assert walnut["sku"] == "ARIA-WAL"
    [colour] = walnut["attributes"]
    assert colour == {
        "attribute": "colour",
        "attribute_name": "Colour",
        "value": "walnut",
        "value_name": "Walnut",
    }
    assert walnut["price"]["amount"] == "2490.00"
    assert (walnut["price"]["net"], walnut["price"]["tax"]) == ("2075.00", "415.00")
    assert walnut["price"]["tax_rate"] == "20.000"
    assert oak["price"]["amount"] == "2690.00"
    assert body["from_price"]["amount"] == "2490.00"
    assert body["sold_in_region"] is True
    [fabric] = body["options"]
    assert [(c["code"], c["add_on"]) for c in fabric["choices"]] == [
        ("linen", {"amount": "0.00", "currency": "EUR"}),
        ("mohair", {"amount": "450.00", "currency": "EUR"}),
    ]
    assert body["custom_dimensions"] == [
        {
            "axis": "width",
            "standard_cm": "240.0",
            "min_cm": "200.0",
            "max_cm": "300.0",
            "step_cm": "10.0",
            "amount_per_step": {"amount": "60.00", "currency": "EUR"},
        }
    ]
    assert body["images"][0]["src"].endswith(".webp")
    assert body["images"][0]["width"] == 800
    assert body["models_3d"] == [
        {"url": "/media/catalog/models/aria.glb", "label": "Aria 3D", "size_bytes": 52}
    ]


def test_detail_availability_comes_from_inventory(client, shop):
    aria = client.get("/api/v1/products/aria").json()
    luce = client.get("/api/v1/products/luce").json()

    assert aria["availability"]["status"] == "made_to_order"
    assert aria["availability"]["label"].startswith("Made to order")
    assert {v["availability"]["status"] for v in aria["variants"]} == {"made_to_order"}
    assert luce["availability"]["status"] == "unavailable"  # no stock, not made to order


def test_detail_in_the_us_shows_net_prices_and_unsold_add_ons(client, shop):
    body = client.get("/api/v1/products/aria", {"region": "us"}).json()

    price = body["variants"][0]["price"]
    assert (price["amount"], price["currency"], price["tax_display"]) == ("2700.00", "USD", "added")
    assert price["tax_determined"] is False  # the state comes at checkout
    assert all(c["add_on"] is None for c in body["options"][0]["choices"])
    assert body["custom_dimensions"][0]["amount_per_step"] is None


def test_detail_not_sold_in_a_region(client, shop):
    body = client.get("/api/v1/products/luce", {"region": "us"}).json()

    assert body["sold_in_region"] is False
    assert body["from_price"] is None
    assert body["variants"][0]["price"] is None


def test_detail_without_region_has_no_prices(client, shop):
    body = client.get("/api/v1/products/aria").json()

    assert body["region"] is None
    assert body["sold_in_region"] is None
    assert body["variants"][0]["price"] is None


# --- Query counts -----------------------------------------------------------------------
@pytest.fixture
def many(regions):
    """40 priced products with an image each: more than a page of 24."""
    category = CategoryFactory(slug="chairs")
    for _ in range(40):
        product = ProductFactory(category=category, published=True)
        for _ in range(2):
            variant = VariantFactory(product=product)
            PriceEntryFactory(price_list=regions["eu"], variant=variant)
        ProductImageFactory(product=product)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"region": "eu"},
        {"region": "eu", "category": "chairs", "sort": "price"},
        {"region": "eu", "availability": "in_stock"},
    ],
)
def test_list_runs_a_constant_number_of_queries(
    client, many, params, django_assert_max_num_queries
):
    with django_assert_max_num_queries(16):
        response = client.get("/api/v1/products", params)

    assert response.status_code == 200
    assert len(response.json()["items"]) == (24 if params.get("availability") is None else 0)


def test_cached_list_costs_only_the_live_stock(client, many, django_assert_max_num_queries):
    client.get("/api/v1/products", {"region": "eu"})

    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/products", {"region": "eu"})

    assert len(response.json()["items"]) == 24


def test_detail_query_count(client, shop, django_assert_max_num_queries):
    with django_assert_max_num_queries(24):
        response = client.get("/api/v1/products/aria", {"region": "eu"})

    assert response.status_code == 200
    with django_assert_max_num_queries(5):  # cached: only the live stock
        client.get("/api/v1/products/aria", {"region": "eu"})


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/v1/categories", 1),
        ("/api/v1/menu", 3),
        ("/api/v1/collections", 1),
        ("/api/v1/regions", 1),
    ],
)
def test_navigation_query_counts(client, many, url, queries, django_assert_max_num_queries):
    with django_assert_max_num_queries(queries):
        assert client.get(url).status_code == 200


def test_blank_parameters_take_their_defaults_as_a_form_sends_them(client, shop):
    response = client.get("/api/v1/products?category=&region=&sort=&page=&values=&price_min=")

    assert response.status_code == 200, response.json()
    assert sorted(slugs(response)) == ["aria", "luce"]
    assert client.get("/api/v1/menu?menu=").status_code == 200


def test_region_codes_are_case_insensitive(client, shop):
    body = client.get("/api/v1/products", {"region": "EU"}).json()

    assert body["region"]["code"] == "eu"
