"""django-axes: LOGIN_FAILURE_LIMIT failures per (IP, e-mail) lock both login pages."""

import pytest
from django.conf import settings

from atelier.accounts.tests.factories import PASSWORD, make_user
from atelier.core.roles import Role

pytestmark = pytest.mark.django_db

LOCKED = "Too many failed sign-in attempts. Please wait 15 minutes and try again."
PAGES = {
    "customer login": ("/accounts/login/", Role.CUSTOMER, "ann@example.com"),
    "back-office login": ("/backoffice/login/", Role.DESIGNER, "dan@atelier.test"),
}


@pytest.fixture(params=list(PAGES))
def page(request):
    path, role, email = PAGES[request.param]
    make_user(role, email)
    return path, email


def attempt(client, path, email, password, ip="10.0.0.1"):
    return client.post(path, {"login": email, "password": password}, REMOTE_ADDR=ip)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_after_the_limit_even_the_right_password_is_refused_with_429(client, page):
    path, email = page
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert attempt(client, path, email, "wrong-password").status_code == 200

    locking = attempt(client, path, email, "wrong-password")
    right = attempt(client, path, email, PASSWORD)

    for response in (locking, right):
        assert response.status_code == 429
        assert LOCKED in response.content.decode()
    assert not signed_in(client)


def test_the_lock_is_per_address_and_ip(client, page):
    path, email = page
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, path, email, "wrong-password")

    assert attempt(client, path, email, PASSWORD, ip="10.0.0.2").status_code == 302
    assert signed_in(client)


def test_changing_the_case_of_the_address_does_not_dodge_the_lock(client, page):
    path, email = page
    for i in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, path, email.upper() if i % 2 else email, "wrong-password")

    assert attempt(client, path, email.title(), PASSWORD).status_code == 429


def test_success_resets_the_counter(client, page):
    path, email = page
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        attempt(client, path, email, "wrong-password")
    assert attempt(client, path, email, PASSWORD).status_code == 302
    client.logout()

    for _ in range(limit - 1):
        assert attempt(client, path, email, "wrong-password").status_code == 200
    assert attempt(client, path, email, PASSWORD).status_code == 302
    assert signed_in(client)


def test_the_limit_follows_the_setting(client, page, settings):
    settings.AXES_FAILURE_LIMIT = 2
    path, email = page
    assert attempt(client, path, email, "wrong-password").status_code == 200
    assert attempt(client, path, email, "wrong-password").status_code == 429
