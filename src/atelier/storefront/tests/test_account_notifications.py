"""The customer's text-message page: phone, opt-in and language, kept by customers'
service; refusals leave nothing written."""

from __future__ import annotations

import pytest
from django.test import Client

from atelier.accounts.tests.factories import make_user
from atelier.core.roles import Role
from atelier.customers import facade
from atelier.customers.models import ContactPreference

pytestmark = pytest.mark.django_db
URL = "/account/notifications/"


@pytest.fixture
def ana(client):
    user = make_user(Role.CUSTOMER, "ana@example.com")
    client.force_login(user)
    return user


def test_a_customer_saves_a_phone_opt_in_and_language(client, ana):
    page = client.get(URL)
    assert page.status_code == 200
    assert "Text me about my orders" in page.content.decode()
    assert 'aria-current="page">Text messages</a>' in page.content.decode()

    response = client.post(
        URL, {"phone": "+33 6 12 34 56 78", "sms_opt_in": "on", "language": "fr"}
    )

    assert response.status_code == 302
    pref = facade.contact_preference(ana.pk)
    assert (pref.phone, pref.sms_opt_in, pref.language) == ("+33612345678", True, "fr")
    html = client.get(URL).content.decode()
    assert "Your preferences are saved." in html
    assert 'value="+33612345678"' in html
    assert '<option value="fr" selected>' in html

    client.post(URL, {"phone": "+33 6 12 34 56 78", "language": "de"})
    pref = facade.contact_preference(ana.pk)
    assert (pref.sms_opt_in, pref.language) == (False, "de")


def test_opt_in_without_a_phone_is_refused_and_nothing_is_written(client, ana):
    response = client.post(URL, {"phone": "", "sms_opt_in": "on", "language": "en"})

    assert response.status_code == 422
    assert "Enter a phone number to receive text messages." in response.content.decode()
    assert ContactPreference.objects.count() == 0


def test_an_invalid_phone_or_language_is_refused(client, ana):
    response = client.post(URL, {"phone": "12", "sms_opt_in": "on"})
    assert response.status_code == 422
    assert "valid number with its country code" in response.content.decode()
    response = client.post(URL, {"phone": "+33612345678", "language": "xx"})
    assert response.status_code == 422
    assert ContactPreference.objects.count() == 0


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert client.post(URL, {"phone": "+33612345678", "sms_opt_in": "on"}).status_code == 302
    assert ContactPreference.objects.count() == 0


def test_the_form_needs_its_csrf_token(ana):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(ana)
    assert 'name="csrfmiddlewaretoken"' in strict.get(URL).content.decode()
    response = strict.post(URL, {"phone": "+33612345678", "sms_opt_in": "on"})
    assert response.status_code == 403
    assert ContactPreference.objects.count() == 0
