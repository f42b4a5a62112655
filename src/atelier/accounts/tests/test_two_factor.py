"""TOTP: a second step at the back-office login; required for admin and super admin."""

import time

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings

from atelier.accounts.tests.factories import (
    PASSWORD,
    activate_totp,
    make_manufacturer,
    make_user,
    totp_code,
    totp_of,
    wrong_totp_code,
)
from atelier.core.roles import Role

pytestmark = pytest.mark.django_db

ACTIVATE = "/accounts/2fa/totp/activate/"


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def reauthenticate(client):
    """allauth asks for the password again before TOTP is switched on or off."""
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302, response.content


def password_step(client, user, **extra):
    return client.post("/backoffice/login/", {"login": user.email, "password": PASSWORD, **extra})


@pytest.fixture
def designer_with_totp():
    user = make_user(Role.DESIGNER, "dana@atelier.test")
    return user, activate_totp(user)


def test_staff_with_totp_must_give_the_code_after_the_password(client, designer_with_totp):
    user, _secret = designer_with_totp

    response = password_step(client, user, next="/backoffice/boutiques/")

    assert (response.status_code, response["Location"]) == (302, "/backoffice/login/code/")
    assert signed_in_user_id(client) is None
    page = client.get("/backoffice/login/code/")
    assert page.status_code == 200
    assert 'name="code"' in page.content.decode()
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()


def test_a_wrong_code_is_refused(client, designer_with_totp):
    user, secret = designer_with_totp
    password_step(client, user)

    response = client.post("/backoffice/login/code/", {"code": wrong_totp_code(secret)})

    assert response.status_code == 200
    assert response.context["form"].errors == {"code": ["Incorrect code."]}
    assert signed_in_user_id(client) is None
    assert totp_of(user).last_used_at is None


def test_the_right_code_signs_in_and_follows_next(client, designer_with_totp):
    user, secret = designer_with_totp
    password_step(client, user, next="/backoffice/boutiques/")

    response = client.post("/backoffice/login/code/", {"code": totp_code(secret)})

    assert (response.status_code, response["Location"]) == (302, "/backoffice/boutiques/")
    assert signed_in_user_id(client) == str(user.pk)
    assert totp_of(user).last_used_at is not None
    assert "backoffice_pending_login" not in client.session


def test_a_code_cannot_be_used_twice(client, designer_with_totp):
    user, secret = designer_with_totp
    code = totp_code(secret)
    password_step(client, user)
    client.post("/backoffice/login/code/", {"code": code})
    client.post("/backoffice/logout/")

    password_step(client, user)
    response = client.post("/backoffice/login/code/", {"code": code})

    assert response.context["form"].errors == {"code": ["Incorrect code."]}
    assert signed_in_user_id(client) is None


def test_the_code_step_needs_a_recent_password_step(client, designer_with_totp, monkeypatch):
    user, secret = designer_with_totp
    response = client.get("/backoffice/login/code/", follow=True)
    assert response.redirect_chain == [("/backoffice/login/", 302)]
    assert "Please sign in again." in response.content.decode()

    password_step(client, user)
    later = time.time() + 301
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.post("/backoffice/login/code/", {"code": totp_code(secret)})
    assert response["Location"] == "/backoffice/login/"
    assert signed_in_user_id(client) is None


def test_wrong_codes_count_towards_the_lockout(client, designer_with_totp):
    user, secret = designer_with_totp
    password_step(client, user)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert (
            client.post("/backoffice/login/code/", {"code": wrong_totp_code(secret)}).status_code
            == 200
        )

    locking = client.post("/backoffice/login/code/", {"code": wrong_totp_code(secret)})
    right_code = client.post("/backoffice/login/code/", {"code": totp_code(secret)})
    right_password = password_step(client, user)

    assert [r.status_code for r in (locking, right_code, right_password)] == [429, 429, 429]
    assert signed_in_user_id(client) is None


# --- required for admin and super admin ------------------------------------------------


@pytest.mark.parametrize("role", [Role.ADMIN, Role.SUPER_ADMIN])
def test_admin_without_totp_is_held_on_the_activation_page(client, role):
    admin = make_user(role)
    response = password_step(client, admin)
    assert response["Location"] == "/backoffice/"

    for path in ("/backoffice/", "/backoffice/boutiques/", "/accounts/2fa/", "/admin/", "/"):
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (302, ACTIVATE), path
    response = client.get(ACTIVATE)  # allauth first asks for the password again
    assert (
        response["Location"]
        == "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
    )
    assert client.get("/accounts/reauthenticate/").status_code == 200
    reauthenticate(client)
    assert client.get(ACTIVATE).status_code == 200
    assert client.get("/static/css/atelier.css").status_code != 302
    response = client.post("/backoffice/logout/")
    assert response["Location"] == "/backoffice/login/"
    assert signed_in_user_id(client) is None


def test_admin_activates_totp_with_allauth_then_uses_the_back_office(client):
    admin = make_user(Role.ADMIN, "ada@atelier.test")
    password_step(client, admin)
    reauthenticate(client)
    page = client.get(ACTIVATE)
    secret = client.session["mfa.totp.secret"]
    assert 'name="code"' in page.content.decode()

    response = client.post(ACTIVATE, {"code": totp_code(secret)})

    assert response.status_code == 302
    assert totp_of(admin)
    assert client.get("/backoffice/").status_code == 200


def test_admin_with_totp_signs_in_with_the_code_and_cannot_switch_it_off(client):
    admin = make_user(Role.ADMIN, "ada@atelier.test")
    secret = activate_totp(admin)
    password_step(client, admin)
    client.post("/backoffice/login/code/", {"code": totp_code(secret)})
    assert client.get("/backoffice/").status_code == 200
    reauthenticate(client)

    response = client.post("/accounts/2fa/totp/deactivate/", {})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "You cannot deactivate two-factor authentication."
    ]
    assert Authenticator.objects.filter(user=admin, type="totp").exists()


def test_other_staff_may_switch_totp_off(client, designer_with_totp):
    user, secret = designer_with_totp
    password_step(client, user)
    client.post("/backoffice/login/code/", {"code": totp_code(secret)})
    reauthenticate(client)

    response = client.post("/accounts/2fa/totp/deactivate/", {})

    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=user, type="totp").exists()


def test_other_staff_are_not_forced_to_use_totp(client):
    user = make_user(Role.ACCOUNTING_MANAGER)
    password_step(client, user)
    assert client.get("/backoffice/").status_code == 200


def test_manufacturers_can_set_up_totp_and_are_then_asked_at_the_customer_login(client):
    contact = make_user(Role.MANUFACTURER, manufacturer=make_manufacturer("bottega"))
    client.post("/accounts/login/", {"login": contact.email, "password": PASSWORD})
    reauthenticate(client)
    client.get(ACTIVATE)
    client.post(ACTIVATE, {"code": totp_code(client.session["mfa.totp.secret"])})
    assert totp_of(contact)
    client.logout()

    response = client.post("/accounts/login/", {"login": contact.email, "password": PASSWORD})

    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert signed_in_user_id(client) is None
