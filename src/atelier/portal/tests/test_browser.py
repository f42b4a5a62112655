"""The workshop portal in a real browser on a tablet (1024x768, touch): sign in, the
purchase order list, one order accepted and put into production until its item codes
show — with no serious or critical axe-core violation on the list and detail pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from atelier.core.testing.browser import (  # noqa: F401 (the browser fixture)
    axe_violations,
    browser,
    needs_chromium,
)
from atelier.portal.tests.helpers import PASSWORD, make_portal, state

pytestmark = [pytest.mark.browser, needs_chromium, pytest.mark.django_db(transaction=True)]
NO_HANDLERS: dict = {}  # events stay put: the world is built as in a normal test
TABLET = {"viewport": {"width": 1024, "height": 768}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def page(browser):  # noqa: F811
    context = browser.new_context(**TABLET, locale="en")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def portal(transactional_db, settings):
    # Here every block commits: keep other contexts' handlers and the outbox out of it.
    settings.EVENT_WIRING = f"{__name__}.NO_HANDLERS"
    settings.OUTBOX_DISPATCH_ON_COMMIT = False
    return make_portal()


def sign_in(page, live_server, email: str) -> None:
    page.goto(live_server.url + "/portal/login/")
    assert axe_violations(page) == []
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Purchase orders")


def test_a_workshop_accepts_an_order_and_starts_production(page, live_server, portal):
    sign_in(page, live_server, portal.user_a.email)

    rows = page.locator("tbody tr")
    expect(rows.filter(has_text=portal.fresh_a)).to_contain_text("Awaiting")
    expect(page.get_by_role("link", name=portal.po_a)).to_be_visible()
    expect(page.get_by_role("link", name=portal.po_b)).to_have_count(0)  # B's own order
    assert axe_violations(page) == []

    page.get_by_role("link", name=portal.fresh_a).tap()
    expect(page.get_by_role("heading", level=1)).to_contain_text(portal.fresh_a)
    expect(page.locator("#lines")).to_contain_text("Bespoke sofa")
    expect(page.locator("#items")).to_have_count(0)  # no item codes before production
    assert axe_violations(page) == []

    page.get_by_role("button", name="Accept", exact=True).tap()
    expect(page.locator("h1 [data-status]")).to_have_attribute("data-status", "accepted")
    page.get_by_role("button", name="Start production").tap()
    expect(page.locator("h1 [data-status]")).to_have_attribute("data-status", "in_production")

    after = state(portal.fresh_a)
    assert after["status"] == "in_production"
    (code,) = [c for c, _, _ in after["items"]]
    items = page.locator("#items")
    expect(items.get_by_role("heading", name="Item codes")).to_be_visible()
    expect(items).to_contain_text(code)
    assert axe_violations(page) == []


def test_an_order_in_rework_with_photos_and_revisions_is_accessible(page, live_server, portal):
    sign_in(page, live_server, portal.user_a.email)

    page.get_by_role("link", name=portal.po_a).tap()
    expect(page.locator("#rework")).to_contain_text(portal.rework_code)
    expect(page.locator("#revisions")).to_contain_text("Linen instead of wool")
    page.wait_for_load_state("networkidle")
    assert axe_violations(page) == []
