"""Bad requests get a 4xx with one JSON shape, never a 500."""

from datetime import date

import pytest
from ninja import NinjaAPI
from ninja.testing import TestClient

from atelier.api import errors
from atelier.core.errors import Conflict

pytestmark = pytest.mark.django_db


def assert_error(response, status: int, code: str):
    assert response.status_code == status, response.content
    assert response["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"code", "message", "details"}
    assert error["code"] == code
    assert error["message"]
    return error


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": "0"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "10001"}, "page"),
        ({"page": "9" * 40}, "page"),
        ({"page": "two"}, "page"),
        ({"per_page": "0"}, "per_page"),
        ({"per_page": "97"}, "per_page"),
        ({"sort": "cheapest"}, "sort"),
        ({"price_min": "abc"}, "price_min"),
        ({"price_min": "-1"}, "price_min"),
        ({"price_min": "NaN"}, "price_min"),
        ({"price_max": "1e999999"}, "price_max"),
        ({"made_to_order": "maybe"}, "made_to_order"),
        ({"values": "walnut"}, "values.0"),
        ({"values": "colour:walnut!"}, "values.0"),
        ({"region": "EU!"}, "region"),
        ({"category": "../etc"}, "category"),
        ({"availability": "tomorrow"}, "availability"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_malformed_filters_are_422(client, shop, params, field):
    error = assert_error(client.get("/api/v1/products", params), 422, "validation_failed")

    assert field in [e["field"] for e in error["details"]["errors"]]
    assert error["details"]["errors"][0]["location"] == "query"


def test_price_range_upside_down_is_422(client, shop):
    response = client.get("/api/v1/products", {"price_min": "900", "price_max": "100"})

    error = assert_error(response, 422, "validation_failed")
    assert "price_min is above price_max" in error["message"]


def test_price_filter_or_sort_without_region_is_422(client, shop):
    assert_error(client.get("/api/v1/products", {"sort": "price"}), 422, "needs_prices")
    assert_error(client.get("/api/v1/products", {"price_max": "10"}), 422, "needs_prices")


def test_unknown_region_is_400_and_names_the_choices(client, shop):
    error = assert_error(client.get("/api/v1/products", {"region": "mars"}), 400, "unknown_region")

    assert error["message"] == "region: no region 'mars'; choose one of eu, us."
    assert_error(client.get("/api/v1/products/aria", {"region": "mars"}), 400, "unknown_region")


@pytest.mark.parametrize("name", ["category", "collection"])
def test_unknown_category_or_collection_is_400(client, shop, name):
    error = assert_error(client.get("/api/v1/products", {name: "nope"}), 400, f"unknown_{name}")

    assert error["message"] == f"{name}: no {name} 'nope'."


def test_page_past_the_end_is_404(client, shop):
    error = assert_error(client.get("/api/v1/products", {"page": "3"}), 404, "page_out_of_range")

    assert error["message"] == "page: 3 is past the last page (1)."


def test_unknown_or_unpublished_product_is_404(client, shop):
    draft = shop["luce"]
    draft.publications.update(status="draft")

    assert_error(client.get("/api/v1/products/nope"), 404, "not_found")
    assert_error(client.get("/api/v1/products/luce"), 404, "not_found")


def test_unknown_path_under_the_api_is_a_json_404(client):
    assert_error(client.get("/api/v1/nothing/here"), 404, "not_found")


def test_wrong_method_is_405_not_500(client, shop):
    response = client.post("/api/v1/products", {})

    assert response.status_code == 405


def test_domain_errors_keep_their_status_code_and_details():
    api = NinjaAPI(urls_namespace="errors-test")
    errors.install(api)

    @api.get("/conflict")
    def conflict(request):
        raise Conflict("Already shipped.", code="already_shipped", on=date(2026, 1, 2), n=2)

    response = TestClient(api).get("/conflict")

    assert response.status_code == 409
    assert response.json() == errors.error_body(
        "already_shipped", "Already shipped.", {"on": "2026-01-02", "n": 2}
    )


def test_openapi_and_docs_are_served(client):
    schema = client.get("/api/v1/openapi.json").json()

    assert {"/api/v1/products", "/api/v1/products/{slug}", "/api/v1/categories"} <= set(
        schema["paths"]
    )
    assert client.get("/api/v1/docs").status_code == 200
