"""/api/v1/portal/: session or token, own purchase orders only, 409 with the allowed moves."""

import pytest

from atelier.accounts.actors import actor_for
from atelier.accounts.tests.factories import make_user
from atelier.accounts.tokens import api_token_create, api_token_revoke
from atelier.core.roles import Role
from atelier.portal.tests.helpers import state

BASE = "/api/v1/portal/purchase-orders"


@pytest.fixture
def token(portal):
    raw, _ = api_token_create(name="erp", actor=actor_for(portal.user_a))
    return raw


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_list_with_search_sort_and_pages(client_a, portal):
    data = client_a.get(BASE, {"sort": "deadline"}).json()
    assert data["count"] == 2
    assert {r["number"] for r in data["results"]} == {portal.po_a, portal.fresh_a}
    data = client_a.get(BASE, {"q": portal.fresh_a}).json()
    assert [r["number"] for r in data["results"]] == [portal.fresh_a]
    assert client_a.get(BASE, {"page": "x"}).status_code == 422


def test_detail_has_lines_files_messages_items(client_a, portal):
    data = client_a.get(f"{BASE}/{portal.po_a}").json()
    assert data["lines"][0]["materials"] == [["Fabric", "Wool"]]
    assert data["files"][0]["url"].endswith(f"/files/{portal.file_id}/")
    assert [m["body"] for m in data["messages"]] == ["Hello A"]
    assert len(data["items"]) == 2
    assert data["delivery_address"] == ""


def test_token_auth_accepts_and_starts(client, portal, token):
    response = client.post(f"{BASE}/{portal.fresh_a}/accept", **bearer(token))
    assert response.status_code == 200
    assert response.json()["status"] == "accepted"
    assert response.json()["allowed_actions"] == ["start"]
    response = client.post(f"{BASE}/{portal.fresh_a}/start", **bearer(token))
    assert response.json()["status"] == "in_production"
    assert len(response.json()["items"]) == 1


def test_a_forbidden_move_is_409_with_the_allowed_ones(client_a, portal):
    before = state(portal.fresh_a)
    response = client_a.post(f"{BASE}/{portal.fresh_a}/complete")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "transition_not_allowed"
    assert set(error["details"]["allowed"]) >= {"accepted", "declined"}
    assert state(portal.fresh_a) == before


def test_decline_needs_a_reason(client_a, portal):
    before = state(portal.fresh_a)
    url = f"{BASE}/{portal.fresh_a}/decline"
    response = client_a.post(url, {"reason": " "}, content_type="application/json")
    assert response.status_code == 422
    assert client_a.post(url, {}, content_type="application/json").status_code == 422
    assert state(portal.fresh_a) == before
    response = client_a.post(url, {"reason": "No oak"}, content_type="application/json")
    assert response.json()["declined_reason"] == "No oak"


def test_bad_revoked_or_missing_credentials_are_401(client, portal):
    raw, row = api_token_create(name="scanner", actor=actor_for(portal.user_a))
    assert client.get(BASE).status_code == 401
    assert client.get(BASE, **bearer("atl_nope")).status_code == 401
    assert client.get(BASE, **bearer(raw)).status_code == 200
    api_token_revoke(token_id=row.pk, actor=actor_for(portal.user_a))
    assert client.get(BASE, **bearer(raw)).status_code == 401


def test_staff_are_refused(client, portal):
    client.force_login(make_user(Role.PRODUCTION_MANAGER))
    assert client.get(BASE).status_code == 403
    response = client.post(f"{BASE}/{portal.fresh_a}/accept")
    assert response.status_code == 403
    assert state(portal.fresh_a)["status"] == "awaiting_manufacturer"


def test_unknown_number_is_404(client_a):
    response = client_a.get(f"{BASE}/PO-1999-000001")
    assert response.status_code == 404


def test_list_query_count_is_constant(client_a, portal, django_assert_max_num_queries):
    from atelier.purchasing.tests.helpers import released

    w = portal.world
    for i in range(30):
        released(w, w.need("L1"), order_ref=f"SO-2026-2{i:05d}")
    with django_assert_max_num_queries(10):
        data = client_a.get(BASE, {"sort": "value"}).json()
    assert data["count"] == 32
    assert len(data["results"]) == 25
