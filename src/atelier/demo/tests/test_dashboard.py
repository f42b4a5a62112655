"""The back-office dashboard, seen by demo users."""

import pytest

from atelier.accounts.models import User

pytestmark = pytest.mark.django_db


def test_dashboard_requires_sign_in(client):
    response = client.get("/backoffice/")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/backoffice/login/")


def test_dashboard_greets_with_role_and_boutique(demo, client):
    client.force_login(User.objects.get(email="store.manager.paris@demo.atelier.example"))

    page = client.get("/backoffice/").content.decode()

    assert "Camille" in page
    assert "Store manager" in page
    assert "Paris" in page
    assert "European Union" in page


def test_dashboard_shows_a_directors_region(demo, client):
    client.force_login(User.objects.get(email="sales.director.uk@demo.atelier.example"))

    page = client.get("/backoffice/").content.decode()

    assert "Sales director" in page
    assert "United Kingdom" in page
    assert "GBP" in page


def test_dashboard_for_company_wide_roles(demo, client, django_assert_max_num_queries):
    client.force_login(User.objects.get(email="designer@demo.atelier.example"))

    with django_assert_max_num_queries(8):
        page = client.get("/backoffice/").content.decode()

    assert "Designer" in page
    assert "Company-wide" in page
    assert 'aria-current="page"' in page
