"""The made-to-order endpoints: a designer finalises, the owner proposes and accepts a
change (paying an increase), strangers get 404, refusals are 4xx writing nothing."""

import json

import pytest

from atelier.accounts.tests.factories import make_user
from atelier.core.roles import Role
from atelier.sales.models import ChangeRequest
from atelier.sales.tests.helpers import counts
from atelier.sales.tests.mto import committed, money_totals, paid_sofa, pay

pytestmark = pytest.mark.django_db
API = "/api/v1"


def _post(client, path, data=None):
    return client.post(f"{API}{path}", json.dumps(data or {}), content_type="application/json")


@pytest.fixture
def owner(world):
    return make_user(Role.CUSTOMER, "owner@example.com")


@pytest.fixture
def order(owner):
    from atelier.accounts.actors import actor_for

    return paid_sofa(actor=actor_for(owner), email="owner@example.com")


def test_designer_finalises_then_the_owner_changes_and_pays(client, owner, order):
    line = order.lines.get()
    base = f"/orders/{order.number}/lines/{line.pk}"
    client.force_login(make_user(Role.DESIGNER, "designer@atelier.test"))
    with committed():
        response = _post(client, f"{base}/finalise", {"dimensions": {"width": "250"}})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["line"]["finalisation"] == "final"
    assert body["difference"] == "40.00"
    assert body["payment_url"]

    client.force_login(owner)
    proposal = _post(client, f"{base}/change-requests", {"options": {"fabric": "mohair"}})
    assert proposal.status_code == 201, proposal.content
    assert proposal.json()["difference"] == "350.00"
    assert proposal.json()["status"] == "proposed"
    ref = proposal.json()["ref"]
    with committed():
        accepted = _post(client, f"/orders/{order.number}/change-requests/{ref}/accept")
    assert accepted.status_code == 200, accepted.content
    payment = accepted.json()["payment"]
    assert payment["redirect_url"]
    assert accepted.json()["change"]["status"] == "awaiting_payment"

    from atelier.payments.dto import PaymentStart

    pay(PaymentStart(**payment))
    listed = client.get(f"{API}/orders/{order.number}/change-requests").json()
    assert listed[0]["status"] == "applied"


def test_a_customer_cannot_finalise_and_strangers_see_nothing(client, owner, order):
    line = order.lines.get()
    base = f"/orders/{order.number}/lines/{line.pk}"
    before = counts()
    client.force_login(owner)
    assert _post(client, f"{base}/finalise", {}).status_code == 403
    client.force_login(make_user(Role.CUSTOMER, "stranger@example.com"))
    assert _post(client, f"{base}/finalise", {}).status_code == 404
    assert _post(client, f"{base}/change-requests", {"options": {}}).status_code == 404
    assert client.get(f"{API}/orders/{order.number}/change-requests").status_code == 404
    client.logout()
    assert _post(client, f"{base}/change-requests", {"options": {}}).status_code == 404
    assert counts() == before


def test_refusals_are_clear_4xx_and_write_nothing(client, owner, order):
    line = order.lines.get()
    base = f"/orders/{order.number}/lines/{line.pk}"
    client.force_login(owner)
    before = counts()
    awaiting = _post(client, f"{base}/change-requests", {"options": {"fabric": "mohair"}})
    assert awaiting.status_code == 409
    assert "awaits finalisation" in awaiting.json()["error"]["message"]
    client.force_login(make_user(Role.DESIGNER, "designer@atelier.test"))
    wide = _post(client, f"{base}/finalise", {"dimensions": {"width": "400"}})
    assert wide.status_code == 422
    assert _post(client, f"/orders/{order.number}/lines/999999/finalise", {}).status_code == 404
    assert counts() == before
    assert not ChangeRequest.objects.exists()
    assert money_totals(order)["invoiced"] == 0
