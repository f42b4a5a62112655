"""The customer's timeline of an order, built through each context's services."""

from __future__ import annotations

import pytest

from atelier.core.errors import NotFound
from atelier.tracking import facade
from atelier.tracking.tests.helpers import (
    accept_and_start,
    aware,
    complete,
    inspect,
    move,
    paid_order,
    released,
    rework,
    ship,
    steps,
)

pytestmark = pytest.mark.django_db

STOCK_ROAD = ["placed", "paid", "shipped", "out_for_delivery", "delivered"]
MADE_ROAD = [
    "placed",
    "paid",
    "finalised",
    "with_workshop",
    "in_production",
    "quality_checked",
    "shipped",
    "out_for_delivery",
    "delivered",
]


def _states(line, current: str) -> list[tuple[str, str]]:
    """Every step before `current` done, `current` current, the rest upcoming."""
    codes = [s.code for s in line.steps]
    at = codes.index(current)
    return [
        (code, "done" if i < at else "current" if i == at else "upcoming")
        for i, code in enumerate(codes)
    ]


def test_a_stock_order_goes_paid_shipped_delivered(world, django_capture_on_commit_callbacks):
    order = paid_order(world, ("L1", world.base.stocked, 2))

    (line,) = facade.order_timeline(order.number).lines
    assert not line.made_to_order
    assert [s.code for s in line.steps] == STOCK_ROAD  # no workshop, no inspection
    assert steps(line) == _states(line, "paid")

    with django_capture_on_commit_callbacks(execute=True):
        ship(order, to="shipped")
    (line,) = facade.order_timeline(order.number).lines
    assert steps(line) == _states(line, "shipped")
    assert aware(line.current.at)

    with django_capture_on_commit_callbacks(execute=True):
        shipment = move(order, "out_for_delivery", "delivered")
    timeline = facade.order_timeline(order.number)
    (line,) = timeline.lines
    assert all(state == "done" for _, state in steps(line))
    assert line.steps[-1].at is not None
    (delivery,) = timeline.deliveries
    assert delivery.status == "delivered"
    assert delivery.slot_window == "08:00-12:00"
    assert shipment.status == "delivered"


def test_an_unpaid_order_waits_for_its_payment(world):
    order = paid_order(world, ("L1", world.base.stocked, 1), status="confirmed")

    timeline = facade.order_timeline(order.number)

    assert [(s.code, s.state) for s in timeline.steps] == [
        ("placed", "current"),
        ("paid", "upcoming"),
    ]
    assert timeline.steps[1].at is None


def test_a_cancelled_order_shows_its_cancellation_only(world):
    order = paid_order(world, ("L1", world.base.stocked, 1), status="cancelled")

    timeline = facade.order_timeline(order.number)

    assert timeline.cancelled
    assert [(s.code, s.state) for s in timeline.steps] == [
        ("placed", "done"),
        ("cancelled", "done"),
    ]
    assert timeline.lines == ()


def test_a_line_awaiting_finalisation_waits_after_payment(world):
    order = paid_order(world, ("L1", world.base.bespoke, 1), provisional=True)

    (line,) = facade.order_timeline(order.number).lines

    assert [s.code for s in line.steps] == MADE_ROAD
    assert steps(line) == _states(line, "paid")


def test_a_made_to_order_line_through_every_stage(world, django_capture_on_commit_callbacks):
    order = paid_order(world, ("L1", world.base.bespoke, 2), ("L2", world.base.stocked, 1))

    def lines():
        return {line.ref: line for line in facade.order_timeline(order.number).lines}

    assert steps(lines()["L1"]) == _states(lines()["L1"], "finalised")

    with django_capture_on_commit_callbacks(execute=True):
        number = released(world, order, quantity=2)
    line = lines()["L1"]
    assert steps(line) == _states(line, "with_workshop")

    with django_capture_on_commit_callbacks(execute=True):
        accept_and_start(world, number)
    line = lines()["L1"]
    assert steps(line) == _states(line, "in_production")
    assert aware(line.current.at)

    with django_capture_on_commit_callbacks(execute=True):
        first, second = complete(world, number)
    line = lines()["L1"]
    assert steps(line) == _states(line, "quality_checked")
    assert line.current.label == "Quality check"

    with django_capture_on_commit_callbacks(execute=True):
        inspect(first, passes=True)
        inspect(second, passes=True)
    line = lines()["L1"]
    assert steps(line) == _states(line, "quality_checked")
    assert line.current.label == "Quality checked"
    assert aware(line.current.at)
    # The stock line does not wait for the workshop.
    assert [s.code for s in lines()["L2"].steps] == STOCK_ROAD

    with django_capture_on_commit_callbacks(execute=True):
        ship(order, to="out_for_delivery")
    line = lines()["L1"]
    assert steps(line) == _states(line, "out_for_delivery")

    with django_capture_on_commit_callbacks(execute=True):
        move(order, "delivered")
    for line in lines().values():
        assert all(state == "done" for _, state in steps(line))
    dated = {s.code for s in lines()["L1"].steps if s.at is not None}
    assert dated >= {"placed", "paid", "with_workshop", "in_production", "quality_checked"}
    assert dated >= {"shipped", "out_for_delivery", "delivered"}


def test_a_failed_then_passed_inspection(world, django_capture_on_commit_callbacks):
    order = paid_order(world, ("L1", world.base.bespoke, 1))
    with django_capture_on_commit_callbacks(execute=True):
        number = released(world, order)
        accept_and_start(world, number)
    with django_capture_on_commit_callbacks(execute=True):
        (code,) = complete(world, number)
    with django_capture_on_commit_callbacks(execute=True):
        inspect(code, passes=False)

    (line,) = facade.order_timeline(order.number).lines
    assert steps(line) == _states(line, "quality_checked")
    assert line.current.label == "Quality check — being reworked"
    assert aware(line.current.at)

    with django_capture_on_commit_callbacks(execute=True):
        rework(world, code)  # the workshop sends it back: quality opens round 2
    (line,) = facade.order_timeline(order.number).lines
    assert line.current.label == "Quality check"

    with django_capture_on_commit_callbacks(execute=True):
        inspect(code, passes=True)
    (line,) = facade.order_timeline(order.number).lines
    assert steps(line) == _states(line, "quality_checked")
    assert line.current.label == "Quality checked"


def test_one_piece_of_two_checked_says_so(world, django_capture_on_commit_callbacks):
    order = paid_order(world, ("L1", world.base.bespoke, 2))
    with django_capture_on_commit_callbacks(execute=True):
        number = released(world, order, quantity=2)
        accept_and_start(world, number)
    with django_capture_on_commit_callbacks(execute=True):
        first, _ = complete(world, number)
    with django_capture_on_commit_callbacks(execute=True):
        inspect(first, passes=True)

    (line,) = facade.order_timeline(order.number).lines

    assert line.current.code == "quality_checked"
    assert line.current.label == "Quality check"
    assert line.current.detail == "1 of 2 pieces checked"


def test_an_unknown_order_is_not_found(db):
    with pytest.raises(NotFound):
        facade.order_timeline("SO-2026-999999")


def test_queries_do_not_grow_with_lines_or_pieces(
    world, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    small = paid_order(world, ("L1", world.base.bespoke, 1))
    big = paid_order(
        world,
        ("L1", world.base.bespoke, 4),
        ("L2", world.base.stocked, 1),
        ("L3", world.base.stocked, 3),
    )
    for order, quantity in ((small, 1), (big, 4)):
        with django_capture_on_commit_callbacks(execute=True):
            number = released(world, order, quantity=quantity)
            accept_and_start(world, number)
        with django_capture_on_commit_callbacks(execute=True):
            codes = complete(world, number)
        with django_capture_on_commit_callbacks(execute=True):
            for code in codes:
                inspect(code, passes=True)
        with django_capture_on_commit_callbacks(execute=True):
            ship(order, to="shipped")

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        facade.order_timeline(small.number)
    with django_assert_max_num_queries(len(few.captured_queries)):
        timeline = facade.order_timeline(big.number)
    assert len(timeline.lines) == 3
    # sales 2, purchasing 3, production 2, quality 1, shipping 4
    assert len(few.captured_queries) <= 12
