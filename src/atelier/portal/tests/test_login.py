"""Portal sign-in: manufacturer contacts only, TOTP when enrolled, throttled by axes."""

import pytest
from django.conf import settings

from atelier.accounts.tests.factories import (
    PASSWORD,
    activate_totp,
    make_manufacturer,
    make_user,
    totp_code,
    wrong_totp_code,
)
from atelier.core.roles import Role

pytestmark = pytest.mark.django_db
LOGIN = "/portal/login/"


@pytest.fixture
def workshop_user():
    return make_user(Role.MANUFACTURER, "ws@atelier.test", manufacturer=make_manufacturer("wsa"))


def sign_in(client, email, password=PASSWORD):
    return client.post(LOGIN, {"login": email, "password": password})


def test_a_workshop_contact_signs_in_and_sees_its_list(client, workshop_user):
    response = sign_in(client, workshop_user.email)
    assert response.status_code == 302
    assert response.url == "/portal/"
    assert client.get("/portal/").status_code == 200


def test_anonymous_visitors_are_sent_to_the_portal_sign_in(client):
    response = client.get("/portal/")
    assert response.status_code == 302
    assert response.url.startswith("/portal/login/?next=")


@pytest.mark.parametrize("role", [Role.PRODUCTION_MANAGER, Role.CUSTOMER, Role.SUPER_ADMIN])
def test_other_accounts_fail_like_a_wrong_password(client, role):
    user = make_user(role, f"{role.value}@atelier.test")
    response = sign_in(client, user.email)
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_signed_in_staff_get_403_on_portal_pages(client):
    client.force_login(make_user(Role.PRODUCTION_MANAGER))
    assert client.get("/portal/").status_code == 403


def test_totp_is_asked_after_the_password_when_enrolled(client, workshop_user):
    secret = activate_totp(workshop_user)
    response = sign_in(client, workshop_user.email)
    assert response.url == "/portal/login/code/"
    assert "_auth_user_id" not in client.session
    response = client.post("/portal/login/code/", {"code": wrong_totp_code(secret)})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    response = client.post("/portal/login/code/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(workshop_user.pk)


def test_repeated_failures_lock_the_portal_login(client, workshop_user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, workshop_user.email, "wrong-password")
    assert sign_in(client, workshop_user.email).status_code == 429
    assert "_auth_user_id" not in client.session


def test_logout(client, workshop_user):
    client.force_login(workshop_user)
    response = client.post("/portal/logout/")
    assert response.url == "/portal/login/"
    assert client.get("/portal/").status_code == 302
