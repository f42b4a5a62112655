"""The storefront in a real browser, on a phone and a desktop: no serious or critical
axe-core violation on the main pages, the product's price updates in place, the main
menu works with the keyboard."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from atelier.catalog import services as catalog_services
from atelier.catalog.images import generate_thumbnails
from atelier.catalog.tests.factories import MANAGER, image_bytes
from atelier.storefront.tests.browser.conftest import axe_violations
from atelier.storefront.tests.shop import build_shop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _photograph(product, name: str, colour) -> None:
    upload = SimpleUploadedFile(name, image_bytes(color=colour), content_type="image/png")
    image = catalog_services.image_upload(file=upload, alt_text=f"{product.name}", actor=MANAGER)
    generate_thumbnails(image)
    catalog_services.product_image_add(product=product, image=image, actor=MANAGER)


@pytest.fixture
def shop():
    shop = build_shop(30)
    _photograph(shop.sofa, "sofa-1.png", (120, 110, 95))
    _photograph(shop.sofa, "sofa-2.png", (90, 100, 80))
    _photograph(shop.products[29], "newest.png", (140, 120, 100))
    return shop


@pytest.mark.parametrize(
    "path",
    ["/", "/category/living/", "/products/piece-01/", "/search/?q=sofa", "/collections/riviera/"],
)
def test_pages_have_no_serious_accessibility_violations(page, live_server, shop, path):
    response = page.goto(live_server.url + path)
    page.wait_for_load_state("networkidle")

    assert response.status == 200
    assert axe_violations(page) == []


def test_error_pages_have_no_serious_accessibility_violations(page, live_server, shop):
    page.goto(live_server.url + "/products/no-such-piece/")

    assert axe_violations(page) == []


def _price(page) -> str:
    return page.locator("[data-price]").inner_text()


def test_choosing_an_option_updates_the_price_in_place(page, live_server, shop):
    page.goto(live_server.url + "/products/piece-01/")
    assert _price(page) == "€1,100"
    url_before = page.url

    page.get_by_text("Mohair", exact=True).click()
    expect(page.locator("[data-price]")).to_have_text("€1,450")
    expect(page.locator("#price")).to_contain_text("Fabric: Mohair")

    page.get_by_label("Oak").check()
    expect(page.locator("[data-price]")).to_have_text("€1,650")
    expect(page).to_have_url(re.compile(r"option-fabric=mohair"))  # shareable address
    assert page.url != url_before


def test_an_out_of_range_size_is_explained_beside_the_field(page, live_server, shop):
    page.goto(live_server.url + "/products/piece-01/")
    width = page.get_by_label("Width (cm)")

    width.fill("320")
    width.press("Tab")
    error = page.locator("#error-width")
    expect(error).to_have_text("Width must be between 200.0 and 300.0 cm (got 320 cm).")
    expect(width).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#price")).to_contain_text("Width must be between")  # announced

    width.fill("262")
    width.press("Tab")
    expect(page.locator("[data-price]")).to_have_text("€1,235")
    expect(width).not_to_have_attribute("aria-invalid", "true")
    expect(error).to_have_text("")
    expect(error).to_be_hidden()


def test_main_menu_works_with_the_keyboard(page, live_server, shop):
    page.goto(live_server.url + "/")
    nav = page.get_by_role("navigation", name="Main")
    living = nav.get_by_role("button", name="Living")

    if page.viewport_name == "phone":
        toggle = nav.get_by_role("button", name="Menu")
        assert toggle.get_attribute("aria-expanded") == "false"
        assert not living.is_visible()
        toggle.focus()
        page.keyboard.press("Enter")
        assert toggle.get_attribute("aria-expanded") == "true"

    living.focus()
    page.keyboard.press("Enter")
    assert living.get_attribute("aria-expanded") == "true"
    sofas = nav.get_by_role("link", name="Sofas")
    assert sofas.is_visible()

    page.keyboard.press("Tab")  # "All living"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Sofas"
    page.keyboard.press("Escape")
    assert living.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.getAttribute('data-nav-disclosure')") == ""
    assert not sofas.is_visible()

    living.click()
    sofas.click()
    page.wait_for_url(re.compile(r".*/category/sofas/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Sofas"


def test_choosing_a_region_changes_currency_and_tax_display(page, live_server, shop):
    page.goto(live_server.url + "/category/sofas/")
    page.locator(".region-switch__summary").click()
    page.get_by_label("Ship to").select_option("us")
    page.get_by_role("button", name="Update").click()
    page.wait_for_url(re.compile(r".*/category/sofas/$"))

    assert "plus sales tax" in page.locator(".listing__count").inner_text()
    assert "$" in page.locator(".product-card__price").first.inner_text()


def test_no_broken_images(page, live_server, shop):
    page.goto(live_server.url + "/products/piece-01/")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")

    broken = page.evaluate(
        """() => [...document.images].filter(i => i.complete && !i.hidden && i.naturalWidth === 0)
              .map(i => i.currentSrc || i.src)"""
    )
    assert broken == []
