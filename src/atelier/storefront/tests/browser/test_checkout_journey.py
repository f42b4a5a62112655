"""A guest buys a lamp in a real browser, on a phone and a desktop: home page, product,
"Add to cart" (in place, htmx), cart, checkout, the offline provider's payment page and
back to the confirmation — with no serious axe-core violation on the way."""

from __future__ import annotations

import pytest
from django.core.files.storage import FileSystemStorage
from playwright.sync_api import expect

from atelier.sales.enums import OrderStatus
from atelier.sales.models import Invoice, SalesOrder
from atelier.sales.tests.helpers import make_world
from atelier.storefront.tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(live_server, settings, tmp_path, monkeypatch):
    settings.SITE_URL = live_server.url  # the payment page sends the payer back here
    storage = FileSystemStorage(location=tmp_path / "private")
    monkeypatch.setattr(Invoice._meta.get_field("pdf"), "storage", storage)
    return make_world()


def test_a_guest_buys_a_lamp_from_the_home_page(page, live_server, world):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Lumen lamp").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lumen lamp")

    page.get_by_label("Quantity").select_option("2")
    page.get_by_role("button", name="Add to cart").click()
    status = page.locator("#add-to-cart-status")
    expect(status).to_contain_text("Lumen lamp is in your cart.")

    status.get_by_role("link", name="View cart").click()
    expect(page.locator(".totals")).to_contain_text("€900")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Checkout").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your details")
    page.get_by_label("E-mail address").fill("camille@example.com")
    page.get_by_label("Full name").first.fill("Camille Martin")
    page.get_by_label("Address", exact=True).first.fill("12 rue du Bac")
    page.get_by_label("Postcode").first.fill("75007")
    page.get_by_label("City").first.fill("Paris")
    page.locator("#id_shipping-country").select_option("FR")
    expect(page.locator("#checkout-summary")).to_contain_text("€995")  # 900 + 95
    page.get_by_text("White-glove delivery", exact=True).click()
    expect(page.locator("#checkout-summary")).to_contain_text("€1,250")  # re-priced in place
    assert axe_violations(page) == []

    page.get_by_role("button", name="Continue to payment").click()
    page.get_by_role("button", name="Pay").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you — your order is confirmed", timeout=15_000
    )
    order = SalesOrder.objects.get()
    expect(page.locator(".eyebrow").first).to_contain_text(order.number)
    assert order.status == OrderStatus.PAID
    assert order.shipping_method == "white_glove"
    assert axe_violations(page) == []


def test_account_pages_have_no_serious_accessibility_violations(page, live_server, world):
    from atelier.accounts.tests.factories import PASSWORD, make_user
    from atelier.core.roles import Role

    page.goto(live_server.url + "/accounts/login/")
    assert axe_violations(page) == []
    customer = make_user(Role.CUSTOMER, f"ana-{page.viewport_name}@example.com")
    page.get_by_label("Email").fill(customer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    for path in ("/account/", "/account/addresses/", "/accounts/email/"):
        page.goto(live_server.url + path)
        assert axe_violations(page) == [], path
