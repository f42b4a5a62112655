"""Isolation, proved: workshop B, signed in, asks for everything of workshop A's —
every portal page, download and API endpoint, collected from the URLconf so that a new
one cannot be forgotten — and always gets 404, with nothing changed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from atelier.accounts.models import ApiToken
from atelier.portal import urls as portal_urls
from atelier.portal.api import router as api_router
from atelier.portal.tests.helpers import state
from atelier.purchasing.models import ManufacturerContact

# Pages that are not about a workshop's rows (anyone may open them).
PUBLIC = {"login", "login_code", "logout", "invitation"}
# url name -> list of (method, kwargs builder, post data); `p` is the Portal world.
CASES = {
    "po_detail": [("get", lambda p: {"number": p.po_a}, None)],
    "po_action": [
        ("post", lambda p, a=a, t=t: {"number": getattr(p, t), "action": a}, {"reason": "busy"})
        for a in ("accept", "decline", "start", "complete")
        for t in ("fresh_a", "po_a")
    ],
    "message_post": [("post", lambda p: {"number": p.po_a}, {"body": "hijack"})],
    "file_add": [
        ("post", lambda p, t=t: {"number": getattr(p, t)}, {"kind": "photo", "title": "hijack"})
        for t in ("po_a", "fresh_a")
    ],
    "file_download": [
        ("get", lambda p: {"number": p.po_a, "file_id": p.file_id}, None),
        ("get", lambda p: {"number": p.po_b, "file_id": p.file_id}, None),
    ],
    "revision_decide": [
        (
            "post",
            lambda p, d=d: {"number": p.po_a, "change_ref": p.change_ref, "decision": d},
            {"reason": "no"},
        )
        for d in ("accept", "refuse")
    ],
    "labels_pdf": [("get", lambda p: {"number": p.po_a}, None)],
    "labels_print": [("get", lambda p: {"number": p.po_a}, None)],
    "rework_done": [
        ("post", lambda p: {"number": p.po_a, "code": p.rework_code}, None),
        ("post", lambda p: {"number": p.po_b, "code": p.rework_code}, None),
    ],
    "quality_photo": [
        (
            "get",
            lambda p: {"number": p.po_a, "code": p.rework_code, "photo_id": p.quality_photo_id},
            None,
        ),
        (
            "get",
            lambda p: {"number": p.po_b, "code": p.rework_code, "photo_id": p.quality_photo_id},
            None,
        ),
    ],
    "completion_photo": [
        ("get", lambda p: {"number": p.po_a, "photo_id": p.completion_photo_id}, None),
        ("get", lambda p: {"number": p.po_b, "photo_id": p.completion_photo_id}, None),
    ],
    "contact_remove": [("post", lambda p: {"contact_id": p.contact_id}, None)],
    "token_revoke": [("post", lambda p: {"token_id": p.token_id}, None)],
}
# Pages without another workshop's key in the URL: checked for leaks instead of 404.
OWN_ONLY = {"po_list", "profile", "contact_add", "token_create"}


def _names() -> set[str]:
    return {p.name for p in portal_urls.urlpatterns}


def test_every_portal_url_is_covered():
    assert _names() == PUBLIC | set(CASES) | OWN_ONLY


def _everything(portal) -> dict:
    return {
        "a": state(portal.po_a),
        "fresh": state(portal.fresh_a),
        "contacts": ManufacturerContact.objects.count(),
        "tokens": list(ApiToken.objects.values_list("pk", "revoked_at")),
    }


@pytest.mark.parametrize(
    ("name", "method", "kwargs", "data"),
    [(name, *case) for name, cases in CASES.items() for case in cases],
)
def test_workshop_b_gets_404_for_everything_of_workshop_a(
    client_b, portal, name, method, kwargs, data
):
    before = _everything(portal)
    url = reverse(f"portal:{name}", kwargs=kwargs(portal))
    response = getattr(client_b, method)(url, data or {})
    assert response.status_code == 404, url
    assert _everything(portal) == before


def test_lists_and_profile_show_only_the_own_workshop(client_b, portal):
    body = client_b.get(reverse("portal:po_list")).content.decode()
    assert portal.po_b in body
    assert portal.po_a not in body
    assert portal.fresh_a not in body
    body = client_b.get(reverse("portal:po_list"), {"q": portal.po_a}).content.decode()
    assert reverse("portal:po_detail", kwargs={"number": portal.po_a}) not in body
    assert "No purchase orders match" in body
    body = client_b.get(reverse("portal:profile")).content.decode()
    assert "Atelier B" in body
    assert "Paolo" not in body


def _api_cases():
    for path, view in api_router.path_operations.items():
        for operation in view.operations:
            for method in operation.methods:
                if "{number}" in path:
                    yield method, path


def test_every_api_endpoint_is_covered():
    found = set(_api_cases())
    assert {p for _, p in found} == {
        "/purchase-orders/{number}",
        "/purchase-orders/{number}/accept",
        "/purchase-orders/{number}/decline",
        "/purchase-orders/{number}/start",
        "/purchase-orders/{number}/complete",
    }
    paths = set(api_router.path_operations)
    assert paths - {p for _, p in found} == {"/purchase-orders"}


@pytest.mark.parametrize(("method", "path"), sorted(_api_cases()))
@pytest.mark.parametrize("target", ["po_a", "fresh_a"])
def test_api_answers_404_to_workshop_b(client_b, portal, method, path, target):
    before = _everything(portal)
    url = "/api/v1/portal" + path.replace("{number}", getattr(portal, target))
    response = client_b.generic(method, url, '{"reason": "busy"}', content_type="application/json")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert _everything(portal) == before


def test_api_list_shows_only_the_own_workshop(client_b, portal):
    numbers = [
        r["number"] for r in client_b.get("/api/v1/portal/purchase-orders").json()["results"]
    ]
    assert numbers == [portal.po_b]
