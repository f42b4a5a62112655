import pytest
from axes.models import AccessAttempt
from django.test import Client

from atelier.accounts.tests.factories import (
    PASSWORD,
    make_boutique,
    make_manufacturer,
    make_region,
    make_user,
)
from atelier.core.roles import Role

pytestmark = pytest.mark.django_db

LOGIN_ERROR = "The e-mail address or password is not correct."


@pytest.fixture
def rep():
    paris = make_boutique("paris", make_region("eu"))
    return make_user(Role.SALES_REPRESENTATIVE, "rep@atelier.test", boutiques=[paris])


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_login_page_posts_login_and_password_with_a_csrf_token(client):
    response = client.get("/backoffice/login/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'name="login"' in html
    assert 'name="password"' in html
    assert "Staff sign-in" in html


def test_staff_signs_in_and_lands_on_the_dashboard(client, rep):
    response = client.post(
        "/backoffice/login/", {"login": "rep@atelier.test", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/backoffice/"
    assert signed_in_user_id(client) == str(rep.pk)
    assert client.get("/backoffice/").status_code == 200


def test_email_is_matched_case_insensitively(client, rep):
    response = client.post(
        "/backoffice/login/", {"login": "  REP@Atelier.test ", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert signed_in_user_id(client) == str(rep.pk)


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("rep@atelier.test", "wrong-password-1"),
        ("nobody@atelier.test", PASSWORD),
        ("customer@example.com", PASSWORD),
        ("workshop@bottega.test", PASSWORD),
    ],
    ids=["wrong password", "unknown address", "customer account", "manufacturer account"],
)
def test_anything_but_staff_credentials_gets_the_same_generic_error(client, rep, email, password):
    make_user(Role.CUSTOMER, "customer@example.com")
    make_user(Role.MANUFACTURER, "workshop@bottega.test", manufacturer=make_manufacturer("b"))

    response = client.post("/backoffice/login/", {"login": email, "password": password})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [LOGIN_ERROR]
    assert signed_in_user_id(client) is None
    # every one of them counts towards the lockout
    assert list(AccessAttempt.objects.values_list("username", "failures_since_start")) == [
        (email, 1)
    ]


def test_inactive_staff_cannot_sign_in(client, rep):
    rep.is_active = False
    rep.save()
    response = client.post("/backoffice/login/", {"login": rep.email, "password": PASSWORD})
    assert response.context["form"].non_field_errors() == [LOGIN_ERROR]
    assert signed_in_user_id(client) is None


def test_malformed_input_is_refused_field_by_field(client, rep):
    response = client.post("/backoffice/login/", {"login": "not-an-email", "password": ""})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "login": ["Enter a valid email address."],
        "password": ["This field is required."],
    }
    assert signed_in_user_id(client) is None


def test_next_is_followed_only_when_it_stays_on_the_site(client, rep):
    response = client.post(
        "/backoffice/login/",
        {"login": rep.email, "password": PASSWORD, "next": "/backoffice/boutiques/"},
    )
    assert response["Location"] == "/backoffice/boutiques/"

    client.post("/backoffice/logout/")
    response = client.post(
        "/backoffice/login/",
        {"login": rep.email, "password": PASSWORD, "next": "https://evil.example/steal"},
    )
    assert response["Location"] == "/backoffice/"


def test_signed_in_staff_skip_the_login_page(client, rep):
    client.post("/backoffice/login/", {"login": rep.email, "password": PASSWORD})
    response = client.get("/backoffice/login/")
    assert (response.status_code, response["Location"]) == (302, "/backoffice/")


def test_logout_asks_then_signs_out(client, rep):
    client.post("/backoffice/login/", {"login": rep.email, "password": PASSWORD})

    page = client.get("/backoffice/logout/")
    assert page.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    assert signed_in_user_id(client) == str(rep.pk)

    response = client.post("/backoffice/logout/", follow=True)
    assert response.redirect_chain == [("/backoffice/login/", 302)]
    assert "You have signed out." in response.content.decode()
    assert signed_in_user_id(client) is None


def test_forms_refuse_posts_without_csrf_token(rep):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/backoffice/login/", {"login": rep.email, "password": PASSWORD})
    assert response.status_code == 403
    assert signed_in_user_id(client) is None


def test_django_admin_login_is_the_back_office_login(client):
    response = client.get("/admin/")
    assert response["Location"] == "/admin/login/?next=/admin/"
    response = client.get("/admin/login/?next=/admin/")
    assert (response.status_code, response["Location"]) == (
        302,
        "/backoffice/login/?next=%2Fadmin%2F",
    )


def test_super_admin_reaches_the_django_admin_after_back_office_sign_in(client):
    from atelier.accounts.tests.factories import activate_totp, totp_code

    boss = make_user(Role.SUPER_ADMIN, "boss@atelier.test")
    secret = activate_totp(boss)
    client.post(
        "/backoffice/login/", {"login": boss.email, "password": PASSWORD, "next": "/admin/"}
    )
    response = client.post("/backoffice/login/code/", {"code": totp_code(secret)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
