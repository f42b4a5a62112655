"""The tracking page (`/orders/<number>/tracking/`) and `GET /api/v1/orders/{number}/tracking`:
the order's owner or its token holder only, and customer words only."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from atelier.purchasing import facade as purchasing
from atelier.tracking.tests.helpers import (
    DEFECT,
    INTERNAL_NOTE,
    accept_and_start,
    complete,
    inspect,
    paid_order,
    released,
    rework,
    ship,
    token,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/orders/{}/tracking"


def page(order) -> str:
    return reverse("storefront:order_tracking", args=[order.number])


@pytest.fixture
def reworked(world, django_capture_on_commit_callbacks):
    """A sofa that failed its first inspection, was reworked, passed and is on its way."""
    order = paid_order(world, ("L1", world.base.bespoke, 1), ("L2", world.base.stocked, 1))
    with django_capture_on_commit_callbacks(execute=True):
        number = released(world, order)
        accept_and_start(world, number)
    with django_capture_on_commit_callbacks(execute=True):
        (code,) = complete(world, number)
    with django_capture_on_commit_callbacks(execute=True):
        inspect(code, passes=False)
    with django_capture_on_commit_callbacks(execute=True):
        rework(world, code)
    with django_capture_on_commit_callbacks(execute=True):
        inspect(code, passes=True)
    with django_capture_on_commit_callbacks(execute=True):
        ship(order, to="out_for_delivery")
    return order, number


def _secrets(world, po_number: str) -> list[str]:
    info = purchasing.purchase_order_info(po_number)
    return [
        world.workshop_name,  # "Atelier A"
        world.base.b.name,
        po_number,
        DEFECT,
        INTERNAL_NOTE,
        "Checked by Ana",  # the inspector's notes
        "Mme Dupont",  # the customer reference given to the workshop
        str(info.value.amount),  # what the workshop is paid
    ]


def test_the_owner_follows_each_piece_on_the_page(client, world, reworked):
    order, _ = reworked
    client.force_login(world.customer)

    response = client.get(page(order))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Follow your order</h1>" in html
    assert 'aria-current="step"' in html
    assert "Quality checked" in html
    assert "Out for delivery" in html
    assert "With the workshop" in html
    assert "Bespoke sofa" in html


def test_the_page_and_the_api_say_nothing_internal(client, world, reworked):
    order, po_number = reworked
    client.force_login(world.customer)

    html = client.get(page(order)).content.decode()
    body = client.get(API.format(order.number)).content.decode()

    for secret in _secrets(world, po_number):
        assert secret not in html, secret
        assert secret not in body, secret


def test_a_guest_with_the_token_follows_the_order(client, world, reworked):
    order, _ = reworked

    assert client.get(page(order), {"token": token(order)}).status_code == 200
    response = client.get(API.format(order.number), headers={"X-Order-Token": token(order)})
    assert response.status_code == 200
    assert client.get(API.format(order.number), {"token": token(order)}).status_code == 200


def test_the_api_gives_the_steps_of_each_line(client, world, reworked):
    order, _ = reworked
    client.force_login(world.customer)

    data = client.get(API.format(order.number)).json()

    assert data["order_number"] == order.number
    sofa, lamp = data["lines"]
    assert sofa["made_to_order"] is True
    assert sofa["current"] == "out_for_delivery"
    assert [s["code"] for s in sofa["steps"]][-4:] == [
        "quality_checked",
        "shipped",
        "out_for_delivery",
        "delivered",
    ]
    assert [s["state"] for s in sofa["steps"]][-2:] == ["current", "upcoming"]
    assert "in_production" not in [s["code"] for s in lamp["steps"]]
    (delivery,) = data["deliveries"]
    assert delivery["status"] == "out_for_delivery"
    assert delivery["slot_window"] == "08:00-12:00"


@pytest.mark.parametrize("who", ["stranger", "anonymous", "wrong token"])
def test_someone_elses_order_is_not_found(client, world, who):
    order = paid_order(world, ("L1", world.base.stocked, 1))
    params = {}
    if who == "stranger":
        client.force_login(world.stranger)
    elif who == "wrong token":
        params = {"token": "0" * 64}

    assert client.get(page(order), params).status_code == 404
    response = client.get(API.format(order.number), params)
    assert response.status_code == 404
    assert order.number not in response.content.decode()


def test_an_unknown_order_is_not_found(client, world):
    client.force_login(world.customer)

    assert client.get("/orders/SO-2026-999999/tracking/").status_code == 404
    assert client.get(API.format("SO-2026-999999")).status_code == 404


def test_the_order_page_and_the_account_link_to_tracking(client, world):
    order = paid_order(world, ("L1", world.base.stocked, 1))
    client.force_login(world.customer)

    assert (
        page(order) in client.get(reverse("storefront:order", args=[order.number])).content.decode()
    )
    assert page(order) in client.get(reverse("storefront:account")).content.decode()


def test_page_and_api_queries_do_not_grow_with_lines(
    client, world, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    small = paid_order(world, ("L1", world.base.bespoke, 1))
    big = paid_order(
        world,
        ("L1", world.base.bespoke, 3),
        ("L2", world.base.stocked, 2),
        ("L3", world.base.stocked, 1),
    )
    for order, quantity in ((small, 1), (big, 3)):
        with django_capture_on_commit_callbacks(execute=True):
            number = released(world, order, quantity=quantity)
            accept_and_start(world, number)
        with django_capture_on_commit_callbacks(execute=True):
            codes = complete(world, number)  # quality opens the inspections on commit
        with django_capture_on_commit_callbacks(execute=True):
            for code in codes:
                inspect(code, passes=True)
    client.force_login(world.customer)
    for url in (page, lambda o: API.format(o.number)):
        client.get(url(small))  # warm the session and caches
        with CaptureQueriesContext(connection) as few:
            assert client.get(url(small)).status_code == 200
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert client.get(url(big)).status_code == 200
