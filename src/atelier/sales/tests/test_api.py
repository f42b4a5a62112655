"""The cart and order endpoints over HTTP: the happy path, and every bad input refused
with the API's JSON error and nothing written."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from atelier.accounts.tests.factories import make_user
from atelier.catalog.tests.factories import MANAGER
from atelier.core.roles import Role
from atelier.pricing.promotions.services import promotion_create
from atelier.sales.models import SalesOrder
from atelier.sales.tests.helpers import ADDRESS_FR, counts

pytestmark = pytest.mark.django_db
D = Decimal
API = "/api/v1"
CHECKOUT = {
    "email": "camille@example.com",
    "phone": "+33 1 42 60 00 00",
    "shipping_address": ADDRESS_FR,
    "shipping_method": "standard",
}


def _post(client, path, data=None, **headers):
    return client.post(
        API + path, json.dumps(data or {}), content_type="application/json", headers=headers
    )


def _patch(client, path, data):
    return client.patch(API + path, json.dumps(data), content_type="application/json")


@pytest.fixture
def token(world, client):
    response = _post(client, "/carts", {"region": "eu"})
    assert response.status_code == 201
    return response.json()["token"]


def _add(client, token, **line):
    return _post(client, f"/carts/{token}/lines", {"sku": "LUMEN-1", "quantity": 1, **line})


def test_cart_to_order_over_http(client, token):
    added = _add(client, token, quantity=2, price="0.01", unit_price="0.01", total="1.00")
    assert added.status_code == 201
    body = added.json()
    (line,) = body["lines"]
    assert (line["sku"], line["quantity"], line["unit_price"]) == ("LUMEN-1", 2, "450.00")
    assert body["totals"]["total"] == "900.00"  # the client's prices changed nothing
    assert {o["code"] for o in body["shipping_options"]} == {"standard", "white_glove"}

    assert (
        _patch(client, f"/carts/{token}/lines/{line['id']}", {"quantity": 1}).json()["totals"][
            "total"
        ]
        == "450.00"
    )

    placed = _post(
        client,
        f"/carts/{token}/checkout",
        {**CHECKOUT, "total": "1.00"},
        **{"Idempotency-Key": "a1"},
    )
    assert placed.status_code == 201
    order = placed.json()
    assert order["status"] == "sent"
    assert order["totals"]["total"] == "545.00"
    assert order["payment"]["provider"] == "offline"
    assert order["payment"]["redirect_url"]

    replay = _post(client, f"/carts/{token}/checkout", CHECKOUT, **{"Idempotency-Key": "a1"})
    assert replay.status_code == 200
    assert replay.json()["order_number"] == order["order_number"]

    path = f"{API}/orders/{order['order_number']}"
    assert client.get(path).status_code == 404
    assert client.get(path, {"token": "nope"}).status_code == 404
    shown = client.get(path, headers={"X-Order-Token": order["access_token"]})
    assert shown.status_code == 200
    assert shown.json()["lines"][0]["total"] == "450.00"
    assert client.get(path, {"token": order["access_token"]}).status_code == 200


def test_a_signed_in_owner_sees_their_order_and_nobody_else_does(world, client):
    owner = make_user(Role.CUSTOMER, "owner@example.com")
    client.force_login(owner)
    token = _post(client, "/carts", {}).json()["token"]
    _add(client, token)
    number = _post(client, f"/carts/{token}/checkout", CHECKOUT).json()["order_number"]
    assert client.get(f"{API}/orders/{number}").status_code == 200
    client.force_login(make_user(Role.CUSTOMER, "other@example.com"))
    assert client.get(f"{API}/orders/{number}").status_code == 404
    assert client.get(f"{API}/carts/{token}").status_code == 404  # the owner's cart too


@pytest.mark.parametrize("quantity", [0, -3, 10**9, "2", 1.5, None])
def test_bad_quantities_answer_422_and_write_nothing(client, token, quantity):
    before = counts()
    response = _add(client, token, quantity=quantity)
    assert response.status_code == 422
    assert response.json()["error"]["code"] in {"validation_failed", "quantity"}
    assert counts() == before


@pytest.mark.parametrize("sku", ["NOPE-1", "DRAFT-1", "SECRET-1"])
def test_unknown_unpublished_and_private_skus_answer_404(client, token, sku):
    before = counts()
    response = _add(client, token, sku=sku)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert counts() == before


def test_an_invalid_configuration_answers_422(client, token):
    before = counts()
    response = _add(client, token, sku="ARIA-240", options={"fabric": "velvet"})
    assert response.status_code == 422
    assert response.json()["error"]["details"]["field"] == "fabric"
    assert counts() == before


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"ends_at": timezone.now() - timedelta(hours=1)}, "code_expired"),
        ({"usage_limit": 1}, "code_exhausted"),
        ({"kind": "fixed", "currencies": {"USD": {"amount_off": "50"}}}, "code_wrong_currency"),
    ],
)
def test_unusable_discount_codes_answer_422(client, token, fields, code):
    fields = {"kind": "percentage", **fields}
    if fields["kind"] == "percentage":
        fields["percentage"] = D("10")
    promotion = promotion_create(
        name="X", code="CODE1", starts_at=timezone.now() - timedelta(days=2), actor=MANAGER,
        **fields,
    )  # fmt: skip
    if code == "code_exhausted":
        type(promotion).objects.filter(pk=promotion.pk).update(times_used=1)
    _add(client, token)
    before = counts()
    response = _post(client, f"/carts/{token}/discount", {"code": "CODE1"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == code
    assert counts() == before


def test_checkout_twice_without_a_key_makes_one_order(client, token):
    _add(client, token)
    assert _post(client, f"/carts/{token}/checkout", CHECKOUT).status_code == 201
    again = _post(client, f"/carts/{token}/checkout", CHECKOUT)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "cart_closed"
    assert SalesOrder.objects.count() == 1


def test_out_of_stock_at_checkout_answers_409(client, token):
    _add(client, token, quantity=6)  # five in stock: the cart accepts it, checkout does not
    before = counts()
    response = _post(client, f"/carts/{token}/checkout", CHECKOUT)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "out_of_stock"
    assert "no longer available" in response.json()["error"]["message"]
    assert counts() == before


@pytest.mark.parametrize(
    "change",
    [
        {"email": "nope"},
        {"shipping_method": "teleport"},
        {"shipping_address": {**ADDRESS_FR, "country": "ZZ"}},
        {"shipping_address": {"name": "x"}},
    ],
)
def test_bad_checkout_input_answers_422(client, token, change):
    _add(client, token)
    before = counts()
    response = _post(client, f"/carts/{token}/checkout", {**CHECKOUT, **change})
    assert response.status_code == 422
    assert counts() == before


def test_unknown_carts_and_lines_answer_404(client, token):
    assert client.get(f"{API}/carts/{'x' * 43}").status_code == 404
    assert client.delete(f"{API}/carts/{token}/lines/999999").status_code == 404


def test_the_order_tells_its_text_message_consent_and_language(world, client):
    client.force_login(make_user(Role.CUSTOMER, "sms@example.com"))
    token = _post(client, "/carts", {}).json()["token"]
    _add(client, token)
    checkout = {**CHECKOUT, "phone": "+33 6 12 34 56 78", "sms_opt_in": True}
    number = _post(client, f"/carts/{token}/checkout", checkout).json()["order_number"]
    body = client.get(f"{API}/orders/{number}").json()
    assert body["sms_opt_in"] is True
    SalesOrder.objects.filter(number=number).update(sms_opt_in=False, language="it")
    body = client.get(f"{API}/orders/{number}").json()
    assert (body["sms_opt_in"], body["language"]) == (False, "it")
