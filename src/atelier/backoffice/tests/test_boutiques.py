import re

import pytest

from atelier.accounts.tests.factories import (
    activate_totp,
    make_boutique,
    make_manufacturer,
    make_region,
    make_user,
)
from atelier.core.roles import Role
from atelier.org.models import Boutique

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    eu, uk = make_region("eu"), make_region("uk", "GBP")
    return {
        "eu": eu,
        "paris": make_boutique("paris", eu, name="Atelier Paris"),
        "milan": make_boutique("milan", eu, name="Atelier Milano"),
        "london": make_boutique("london", uk, name="Atelier London"),
    }


def sign_in(client, role, world=None, **scope):
    user = make_user(role, **scope)
    if role in (Role.ADMIN, Role.SUPER_ADMIN):
        activate_totp(user)
    client.force_login(user)
    return user


def listed(response) -> list[str]:
    return [b.code for b in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("role", "scope", "expected"),
    [
        (Role.SALES_REPRESENTATIVE, {"boutiques": ["paris"]}, ["paris"]),
        (Role.STORE_MANAGER, {"boutiques": ["milan", "london"]}, ["london", "milan"]),
        (Role.SALES_DIRECTOR, {"regions": ["eu"]}, ["milan", "paris"]),
        (Role.ACCOUNTING_MANAGER, {}, ["london", "milan", "paris"]),
        (Role.ADMIN, {}, ["london", "milan", "paris"]),
    ],
)
def test_list_shows_exactly_the_boutiques_in_scope_by_name(client, world, role, scope, expected):
    sign_in(client, role, **scope)

    response = client.get("/backoffice/boutiques/")

    assert response.status_code == 200
    assert listed(response) == expected  # ordered by name: London, Milano, Paris
    html = response.content.decode()
    for code in {"paris", "milan", "london"} - set(expected):
        assert f"/backoffice/boutiques/{code}/" not in html
    for code in expected:
        assert f'href="/backoffice/boutiques/{code}/"' in html


def test_detail_shows_an_in_scope_boutique(client, world):
    sign_in(client, Role.SALES_REPRESENTATIVE, boutiques=["paris"])

    response = client.get("/backoffice/boutiques/paris/")

    assert response.status_code == 200
    assert response.context["boutique"] == world["paris"]
    html = response.content.decode()
    assert "<h1>Atelier Paris</h1>" in html
    assert "EU (EUR)" in html


def test_out_of_scope_answers_404_exactly_like_missing(client, world):
    sign_in(client, Role.SALES_REPRESENTATIVE, boutiques=["paris"])

    out_of_scope = client.get("/backoffice/boutiques/london/")
    missing = client.get("/backoffice/boutiques/atlantis/")

    assert out_of_scope.status_code == missing.status_code == 404
    assert _without_csrf(out_of_scope.content) == _without_csrf(missing.content)


def _without_csrf(content: bytes) -> bytes:
    """Each response masks the CSRF token differently; everything else must be identical."""
    return re.sub(rb'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', rb"\1", content)


def test_anonymous_visitors_are_sent_to_the_back_office_login(client, world):
    for path in ("/backoffice/", "/backoffice/boutiques/", "/backoffice/boutiques/paris/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == f"/backoffice/login/?next={path}"


@pytest.mark.parametrize("role", [Role.CUSTOMER, Role.MANUFACTURER])
def test_signed_in_customers_and_manufacturers_get_403(client, world, role):
    scope = {"manufacturer": make_manufacturer("bottega")} if role == Role.MANUFACTURER else {}
    sign_in(client, role, **scope)

    for path in ("/backoffice/", "/backoffice/boutiques/", "/backoffice/boutiques/paris/"):
        response = client.get(path)
        assert response.status_code == 403
        assert "Your account has no access to the back office." in response.content.decode()


def test_back_office_pages_are_not_cached(client, world):
    sign_in(client, Role.DESIGNER)
    response = client.get("/backoffice/boutiques/")
    assert "no-store" in response["Cache-Control"]


def test_dashboard_links_to_boutiques_and_two_factor_settings(client, world):
    sign_in(client, Role.DESIGNER)
    html = client.get("/backoffice/").content.decode()
    assert 'href="/backoffice/boutiques/"' in html
    assert 'href="/accounts/2fa/"' in html
    assert 'action="/backoffice/logout/"' in html


def test_list_query_count_is_fixed_and_paginated(client, world, django_assert_max_num_queries):
    region = world["eu"]
    Boutique.objects.bulk_create(
        Boutique(code=f"b{i:03}", name=f"Boutique {i:03}", region=region, city="X", country="FR")
        for i in range(120)
    )
    sign_in(client, Role.PRODUCTION_MANAGER)

    # session, user, actor (roles+perms, user perms), count, page with its regions
    with django_assert_max_num_queries(7):
        response = client.get("/backoffice/boutiques/")
    assert len(listed(response)) == 50
    assert "Page 1 of 3" in response.content.decode()
    with django_assert_max_num_queries(7):
        response = client.get("/backoffice/boutiques/?page=3")
    assert len(listed(response)) == 23
