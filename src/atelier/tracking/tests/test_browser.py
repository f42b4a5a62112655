"""The customer's tracking page in a real browser, on a phone and a desktop, opened with
the order's access token: each piece's steps, the delivery — and no serious or critical
axe-core violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from atelier.core.testing.browser import (  # noqa: F401 (the fixtures)
    axe_violations,
    browser,
    needs_chromium,
    page,
)
from atelier.shipping.tests.helpers import warehouse
from atelier.tracking.tests.helpers import (
    DEFECT,
    accept_and_start,
    complete,
    inspect,
    make_world,
    paid_order,
    released,
    rework,
    ship,
    token,
)

pytestmark = [pytest.mark.browser, needs_chromium, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db, carrier):
    warehouse()
    return make_world()


def url(live_server, order) -> str:
    return f"{live_server.url}/orders/{order.number}/tracking/?token={token(order)}"


def test_a_paid_order_on_its_way_is_accessible(page, live_server, world):  # noqa: F811
    order = paid_order(world, ("L1", world.base.bespoke, 1), ("L2", world.base.stocked, 1))
    number = released(world, order)
    accept_and_start(world, number)
    (code,) = complete(world, number)
    inspect(code, passes=False)
    rework(world, code)
    inspect(code, passes=True)
    ship(order, to="out_for_delivery")

    response = page.goto(url(live_server, order))

    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Follow your order")
    expect(page.locator("main")).to_contain_text("Bespoke sofa")
    expect(page.locator('[aria-current="step"]').first).to_contain_text("Out for delivery")
    expect(page.locator("main")).not_to_contain_text(DEFECT)
    assert axe_violations(page) == []


def test_a_just_paid_order_is_accessible(page, live_server, world):  # noqa: F811
    order = paid_order(world, ("L1", world.base.bespoke, 1))

    page.goto(url(live_server, order))

    expect(page.get_by_role("heading", level=1)).to_have_text("Follow your order")
    expect(page.locator("main")).to_contain_text("Bespoke sofa")
    assert axe_violations(page) == []


def test_a_wrong_token_is_not_found(page, live_server, world):  # noqa: F811
    order = paid_order(world, ("L1", world.base.stocked, 1))

    response = page.goto(f"{live_server.url}/orders/{order.number}/tracking/?token={'0' * 64}")

    assert response.status == 404
    expect(page.locator("main")).not_to_contain_text(order.number)
