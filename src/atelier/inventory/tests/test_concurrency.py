"""Never oversell: many buyers for the last units, each on its own database connection.

PostgreSQL only (row locks); skipped, visibly, on SQLite.
"""

import pytest

from atelier.core.errors import DomainError
from atelier.core.testing.concurrency import concurrently
from atelier.inventory import facade
from atelier.inventory.errors import OutOfStock
from atelier.inventory.models import Reservation, StockLevel
from atelier.inventory.selectors.exceptions import level_mismatches
from atelier.inventory.tests.helpers import SYSTEM, make_world, stock

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
BUYERS = 24


def buy_concurrently(variant_id: int, buyers: int, quantity: int = 1) -> dict[str, list]:
    """`buyers` threads check out at the same moment; returns successes and refusals."""

    def checkout(n: int) -> None:  # inside the order's own transaction
        facade.reserve(
            order_ref=f"SO-2026-{n:06d}", lines=[("1", variant_id, quantity)], actor=SYSTEM
        )

    return concurrently(buyers, checkout, refusal=_out_of_stock)


def _out_of_stock(exc: DomainError) -> tuple[str, object]:
    if isinstance(exc, OutOfStock):
        return "out_of_stock", exc.message
    return "other", repr(exc)  # anything else is a failure of the test


def test_the_last_unit_goes_to_exactly_one_of_many_buyers(on_postgres):
    assert on_postgres
    world = make_world()
    stock(world.sofa, world.warehouse, 1)

    results = buy_concurrently(world.sofa.pk, BUYERS)

    assert results["other"] == []
    assert len(results["ok"]) == 1
    assert len(results["out_of_stock"]) == BUYERS - 1
    assert all("no longer available" in m for m in results["out_of_stock"])
    assert Reservation.objects.count() == 1
    row = StockLevel.objects.get(variant=world.sofa, location=world.warehouse)
    assert (row.on_hand, row.reserved) == (1, 1)


def test_the_last_five_units_over_two_locations_go_to_exactly_five_buyers(on_postgres):
    assert on_postgres
    world = make_world()
    stock(world.sofa, world.warehouse, 3)
    stock(world.sofa, world.milan, 2)  # sells online

    results = buy_concurrently(world.sofa.pk, BUYERS)

    assert results["other"] == []
    assert len(results["ok"]) == 5
    assert len(results["out_of_stock"]) == BUYERS - 5
    levels = {
        r.location_id: (r.on_hand, r.reserved)
        for r in StockLevel.objects.filter(variant=world.sofa, physical=True)
    }
    assert levels == {world.warehouse.pk: (3, 3), world.milan.pk: (2, 2)}
    assert sum(Reservation.objects.values_list("quantity", flat=True)) == 5
    assert level_mismatches(SYSTEM) == []


def test_buyers_of_two_units_never_split_the_last_three_beyond_stock(on_postgres):
    assert on_postgres
    world = make_world()
    stock(world.sofa, world.warehouse, 2)
    stock(world.sofa, world.milan, 1)

    results = buy_concurrently(world.sofa.pk, 20, quantity=2)

    assert results["other"] == []
    assert len(results["ok"]) == 1  # 2 of 3 units; the third cannot make a pair
    assert sum(Reservation.objects.values_list("quantity", flat=True)) == 2
