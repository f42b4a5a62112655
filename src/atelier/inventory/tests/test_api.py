"""/api/v1/stock/: staff endpoints, scoped, with the API's one error shape."""

import pytest
from django.core.cache import cache

from atelier.accounts.tests.factories import make_user
from atelier.catalog.tests.factories import VariantFactory
from atelier.core.roles import Role
from atelier.inventory.models import StockLevel
from atelier.inventory.tests.helpers import counts, level, stock

pytestmark = pytest.mark.django_db
URL = "/api/v1/stock"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def sign_in(client, role, **scope):
    client.force_login(make_user(role, **scope))


def test_levels_are_scoped_paged_and_constant(client, world, django_assert_max_num_queries):
    variants = VariantFactory.create_batch(60)
    StockLevel.objects.bulk_create(
        [
            StockLevel(variant=v, location=loc, physical=True, on_hand=2)
            for v in variants
            for loc in (world.paris, world.milan)
        ]
    )
    sign_in(client, Role.STORE_MANAGER, boutiques=["paris"])
    client.get(f"{URL}/levels")

    with django_assert_max_num_queries(12):
        response = client.get(f"{URL}/levels", {"page": 2})

    body = response.json()
    assert response.status_code == 200
    assert (body["count"], body["page"], len(body["results"])) == (60, 2, 10)
    assert {r["location"] for r in body["results"]} == {"bq-paris"}
    assert body["results"][0]["available"] == 2


def test_levels_filter_by_variant_and_location(client, world):
    stock(world.sofa, world.paris, 1)
    stock(world.chair, world.paris, 1)
    sign_in(client, Role.PRODUCTION_MANAGER)

    body = client.get(f"{URL}/levels", {"variant": world.sofa.pk, "location": "bq-paris"}).json()

    assert [(r["sku"], r["on_hand"]) for r in body["results"]] == [("SOFA-1", 1)]


def test_an_adjustment_is_posted_with_its_reason(client, world):
    sign_in(client, Role.STORE_MANAGER, boutiques=["paris"])

    response = client.post(
        f"{URL}/moves",
        {
            "variant_id": world.sofa.pk,
            "location": "bq-paris",
            "quantity": 3,
            "reason": "found",
            "note": "In the back room",
        },
        content_type="application/json",
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["to_location"], body["quantity"], body["reason"]) == ("bq-paris", 3, "found")
    assert body["actor"] == "store.manager@atelier.test"
    assert level(world.sofa, world.paris) == (3, 0)
    moves = client.get(f"{URL}/moves", {"location": "bq-paris"}).json()
    assert [m["note"] for m in moves["results"]] == ["In the back room"]


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"quantity": 0}, 422, "validation_failed"),
        ({"quantity": 10**9}, 422, "validation_failed"),
        ({"quantity": -5, "reason": "damaged"}, 409, "insufficient_stock"),
        ({"reason": "sale"}, 422, "invalid_reason"),
        ({"variant_id": 987654}, 422, "unknown_variant"),
        ({"location": "bq-milan"}, 404, "not_found"),  # another boutique: like missing
        ({"location": "bq-atlantis"}, 404, "not_found"),
    ],
)
def test_bad_adjustments_answer_clearly_and_write_nothing(client, world, payload, status, code):
    sign_in(client, Role.STORE_MANAGER, boutiques=["paris"])
    body = {
        "variant_id": world.sofa.pk,
        "location": "bq-paris",
        "quantity": 1,
        "reason": "found",
        **payload,
    }
    before = counts()

    response = client.post(f"{URL}/moves", body, content_type="application/json")

    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert counts() == before


def test_out_of_scope_and_missing_locations_answer_identically(client, world):
    sign_in(client, Role.STORE_MANAGER, boutiques=["paris"])
    body = {"variant_id": world.sofa.pk, "quantity": 1, "reason": "found"}

    hidden = client.post(f"{URL}/moves", {**body, "location": "bq-milan"}, "application/json")
    missing = client.post(f"{URL}/moves", {**body, "location": "nowhere"}, "application/json")

    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_seeing_without_managing_is_403(client, world):
    sign_in(client, Role.SALES_REPRESENTATIVE, boutiques=["paris"])
    response = client.post(
        f"{URL}/moves",
        {"variant_id": world.sofa.pk, "location": "bq-paris", "quantity": 1, "reason": "found"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_customers_and_anonymous_callers_are_refused(client, world):
    assert client.get(f"{URL}/levels").status_code == 401
    sign_in(client, Role.CUSTOMER)
    assert client.get(f"{URL}/levels").status_code == 403
