"""Region and currency: the visitor's choice (session, cookie), else their country
(header, Accept-Language), else DEFAULT_REGION."""

import pytest

from atelier.storefront.regions import COOKIE_NAME, SESSION_KEY
from atelier.storefront.tests.shop import price_lists

pytestmark = pytest.mark.django_db


@pytest.fixture
def regions():
    return price_lists()


def shown(client, **headers) -> str:
    page = client.get("/", **headers).content.decode()
    start = page.index('class="region-switch__summary"')
    return page[start : page.index("</summary>", start)]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, "Europe&nbsp;·&nbsp;</span>EUR"),  # DEFAULT_REGION
        ({"HTTP_CF_IPCOUNTRY": "US"}, "United States&nbsp;·&nbsp;</span>USD"),
        ({"HTTP_CF_IPCOUNTRY": "gb"}, "United Kingdom&nbsp;·&nbsp;</span>GBP"),
        ({"HTTP_CF_IPCOUNTRY": "JP"}, "Europe&nbsp;·&nbsp;</span>EUR"),  # not sold there
        ({"HTTP_CF_IPCOUNTRY": "XX"}, "Europe&nbsp;·&nbsp;</span>EUR"),  # unknown
        ({"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.8"}, "United Kingdom&nbsp;·&nbsp;</span>GBP"),
        ({"HTTP_ACCEPT_LANGUAGE": "de;q=0.9,en-US;q=0.8"}, "United States&nbsp;·&nbsp;</span>USD"),
        ({"HTTP_ACCEPT_LANGUAGE": "x" * 2000}, "Europe&nbsp;·&nbsp;</span>EUR"),
        (
            {"HTTP_CF_IPCOUNTRY": "DE", "HTTP_ACCEPT_LANGUAGE": "en-US"},
            "Europe&nbsp;·&nbsp;</span>EUR",
        ),
    ],
)
def test_region_from_the_visitors_country(client, regions, headers, expected):
    assert expected in shown(client, **headers)


def test_header_name_is_configurable(client, regions, settings):
    settings.REGION_COUNTRY_HEADER = "X-Country"

    assert "GBP" in shown(client, HTTP_X_COUNTRY="GB")
    assert "EUR" in shown(client, HTTP_CF_IPCOUNTRY="US")


def test_default_region_setting(client, regions, settings):
    settings.DEFAULT_REGION = "us"

    assert "USD" in shown(client)


def test_choosing_a_region_is_remembered_in_session_and_cookie(client, regions):
    response = client.post("/region/", {"region": "uk", "next": "/category/sofas/?page=2"})

    assert response.status_code == 302
    assert response["Location"] == "/category/sofas/?page=2"
    assert client.session[SESSION_KEY] == "uk"
    cookie = response.cookies[COOKIE_NAME]
    assert cookie.value == "uk"
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert "GBP" in shown(client, HTTP_CF_IPCOUNTRY="US")  # a choice beats the country


def test_the_cookie_alone_is_remembered(client, regions):
    client.cookies[COOKIE_NAME] = "us"

    assert "USD" in shown(client, HTTP_CF_IPCOUNTRY="GB")


def test_an_unknown_cookie_is_ignored(client, regions):
    client.cookies[COOKIE_NAME] = "<script>"

    assert "EUR" in shown(client)


@pytest.mark.parametrize("region", ["jp", "", "<script>alert(1)</script>"])
def test_unknown_region_is_a_clear_400(client, regions, region):
    response = client.post("/region/", {"region": region})

    assert response.status_code == 400
    page = response.content.decode()
    assert "We do not sell in that region yet" in page
    assert "<script>alert(1)</script>" not in page


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", ""])
def test_region_switch_never_redirects_off_site(client, regions, target):
    response = client.post("/region/", {"region": "us", "next": target})

    assert response["Location"] == "/"


def test_region_switch_needs_post_and_csrf(regions):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.get("/region/").status_code == 405
    assert strict.post("/region/", {"region": "us"}).status_code == 403


def test_region_form_is_in_the_header(client, regions):
    page = client.get("/").content.decode()

    assert 'action="/region/"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert '<option value="us">United States — USD</option>' in page
    assert "Prices include VAT." in page
