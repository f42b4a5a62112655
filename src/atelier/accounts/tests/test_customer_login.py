import pytest
from allauth.account.models import EmailAddress

from atelier.accounts.models import User
from atelier.accounts.tests.factories import PASSWORD, make_manufacturer, make_user
from atelier.core.roles import Role

pytestmark = pytest.mark.django_db


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_customer_signs_in_at_the_customer_login(client):
    customer = make_user(Role.CUSTOMER, "carla@example.com")

    response = client.post("/accounts/login/", {"login": "carla@example.com", "password": PASSWORD})

    assert (response.status_code, response["Location"]) == (302, "/")
    assert signed_in_user_id(client) == str(customer.pk)


def test_wrong_password_at_the_customer_login(client):
    make_user(Role.CUSTOMER, "carla@example.com")

    response = client.post("/accounts/login/", {"login": "carla@example.com", "password": "nope"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "The email address and/or password you specified are not correct."
    ]
    assert signed_in_user_id(client) is None


def test_staff_at_the_customer_login_are_sent_to_the_back_office(client):
    make_user(Role.DESIGNER, "dana@atelier.test")

    response = client.post(
        "/accounts/login/", {"login": "dana@atelier.test", "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain == [("/backoffice/login/", 302)]
    assert "Staff accounts sign in to the back office." in response.content.decode()
    assert signed_in_user_id(client) is None
    assert "account_authentication_methods" not in client.session


def test_manufacturer_contacts_sign_in_at_the_customer_login(client):
    contact = make_user(Role.MANUFACTURER, manufacturer=make_manufacturer("bottega"))

    response = client.post("/accounts/login/", {"login": contact.email, "password": PASSWORD})

    assert response.status_code == 302
    assert signed_in_user_id(client) == str(contact.pk)


def test_sign_up_makes_a_customer_who_must_verify_their_address(client, mailoutbox):
    response = client.post(
        "/accounts/signup/",
        {"email": "New.Customer@Example.com", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert (response.status_code, response["Location"]) == (302, "/accounts/confirm-email/")
    user = User.objects.get()
    assert (user.email, user.kind, user.is_staff, user.is_superuser) == (
        "new.customer@example.com",
        "customer",
        False,
        False,
    )
    assert list(user.groups.values_list("name", flat=True)) == ["customer"]
    assert EmailAddress.objects.get(user=user).verified is False
    assert signed_in_user_id(client) is None
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["new.customer@example.com"]


def test_sign_up_refuses_a_weak_password_and_writes_nothing(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "x@example.com", "password1": "short", "password2": "short"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["password1"] == [
        "This password is too short. It must contain at least 10 characters."
    ]
    assert User.objects.count() == 0


def test_unverified_customer_cannot_sign_in(client, mailoutbox):
    from atelier.accounts import services

    services.customer_create(email="u@example.com", password=PASSWORD, verified=False)

    response = client.post("/accounts/login/", {"login": "u@example.com", "password": PASSWORD})

    assert (response.status_code, response["Location"]) == (302, "/accounts/confirm-email/")
    assert signed_in_user_id(client) is None
