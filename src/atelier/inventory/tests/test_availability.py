from datetime import timedelta

import pytest
from django.utils import timezone

from atelier.catalog.tests.factories import VariantFactory
from atelier.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from atelier.core.roles import Role
from atelier.inventory import facade
from atelier.inventory.enums import MoveReason
from atelier.inventory.models import StockMove
from atelier.inventory.tests.helpers import SYSTEM, actor, counts, level, stock

pytestmark = pytest.mark.django_db


def supply(world, variant, days, reference="PO-1/1", **kwargs):
    return facade.incoming_supply_record(
        variant_id=variant.pk,
        quantity=kwargs.pop("quantity", 4),
        expected_date=timezone.localdate() + timedelta(days=days),
        reference=reference,
        actor=SYSTEM,
        **kwargs,
    )


def test_in_stock_counts_what_is_free_in_the_online_channel(world):
    stock(world.sofa, world.warehouse, 2)
    stock(world.sofa, world.milan, 1)
    stock(world.sofa, world.paris, 7)  # not sold online
    facade.reserve(order_ref="SO-1", lines=[("1", world.sofa.pk, 1)], actor=SYSTEM)

    result = facade.availability_for_variants([world.sofa.pk])[world.sofa.pk]

    assert (result.status, result.quantity, result.label) == ("in_stock", 2, "In stock")
    boutiques = facade.availability_for_variants([world.sofa.pk], channel="boutiques")
    assert boutiques[world.sofa.pk].quantity == 9


def test_a_region_counts_its_own_boutiques_and_the_warehouse(world):
    stock(world.sofa, world.london, 3)

    eu = facade.availability_for_variants([world.sofa.pk], region_code="eu")[world.sofa.pk]
    uk = facade.availability_for_variants([world.sofa.pk], region_code="uk")[world.sofa.pk]

    assert (eu.status, uk.status, uk.quantity) == ("unavailable", "in_stock", 3)


def test_out_of_stock_with_supply_ships_in_weeks(world):
    supply(world, world.sofa, 10)
    supply(world, world.sofa, 30, reference="PO-2/1")

    result = facade.availability_for_variants([world.sofa.pk])[world.sofa.pk]

    assert (result.status, result.weeks, result.label) == ("incoming", 2, "Ships in 2 weeks")
    assert result.expected_date == timezone.localdate() + timedelta(days=10)


def test_supply_bought_for_an_order_line_is_not_promised_to_others(world):
    supply(world, world.sofa, 10, order_ref="SO-9", line_ref="1")

    result = facade.availability_for_variants([world.sofa.pk])[world.sofa.pk]

    assert result.status == "unavailable"
    assert facade.expected_dates("SO-9") == {"1": timezone.localdate() + timedelta(days=10)}


def test_made_to_order_uses_the_products_lead_time(world):
    result = facade.availability_for_variants([world.bespoke.pk])[world.bespoke.pk]

    assert (result.status, result.weeks) == ("made_to_order", 8)
    assert result.label == "Made to order \N{EM DASH} about 8 weeks"


def test_made_to_order_in_stock_is_in_stock_and_sooner_supply_wins(world):
    supply(world, world.bespoke, 6)
    assert facade.availability_for_variants([world.bespoke.pk])[world.bespoke.pk].label == (
        "Ships in 1 week"
    )
    stock(world.bespoke, world.warehouse, 1)
    assert facade.availability_for_variants([world.bespoke.pk])[world.bespoke.pk].status == (
        "in_stock"
    )


def test_nothing_at_all_is_unavailable_and_unknown_ids_are_left_out(world):
    inactive = VariantFactory(is_active=False)
    stock(inactive, world.warehouse, 3)

    result = facade.availability_for_variants([world.chair.pk, inactive.pk, 987654])

    assert set(result) == {world.chair.pk, inactive.pk}
    assert result[world.chair.pk].status == "unavailable"
    assert result[inactive.pk].label == "Currently unavailable"


def test_availability_reflects_the_last_change_at_once(world):
    stock(world.sofa, world.warehouse, 1)
    assert facade.availability_for_variants([world.sofa.pk])[world.sofa.pk].status == "in_stock"

    facade.reserve(order_ref="SO-1", lines=[("1", world.sofa.pk, 1)], actor=SYSTEM)

    assert facade.availability_for_variants([world.sofa.pk])[world.sofa.pk].status != "in_stock"


def test_availability_runs_a_constant_number_of_queries(world, django_assert_max_num_queries):
    variants = [VariantFactory() for _ in range(30)]
    for v in variants[:10]:
        stock(v, world.warehouse, 1)
    with django_assert_max_num_queries(5):
        result = facade.availability_for_variants([v.pk for v in variants])
    assert len(result) == 30


def test_bad_channel_is_refused(world):
    with pytest.raises(ValidationFailed):
        facade.availability_for_variants([world.sofa.pk], channel="fax")


def test_pickup_boutiques_hold_every_variant_asked(world):
    stock(world.sofa, world.paris, 1)
    stock(world.chair, world.paris, 2)
    stock(world.sofa, world.milan, 5)

    both = facade.pickup_boutiques_for([world.sofa.pk, world.chair.pk])
    sofa_only = facade.pickup_boutiques_for([world.sofa.pk])
    two_chairs = facade.pickup_boutiques_for([world.chair.pk], quantities={world.chair.pk: 3})

    assert [b.code for b in both] == ["paris"]
    assert both[0].quantities == ((world.sofa.pk, 1), (world.chair.pk, 2))
    assert [b.code for b in sofa_only] == ["milan", "paris"]
    assert two_chairs == []


def test_stock_source_serves_catalog_listings(world):
    stock(world.sofa, world.warehouse, 1)
    source = facade.stock_source()
    assert source.in_stock([world.sofa.pk, world.chair.pk]) == {world.sofa.pk}


# --- incoming supply ------------------------------------------------------------------


def test_receiving_supply_moves_units_in_and_closes_it_when_complete(world):
    supply(world, world.sofa, 5, quantity=3)

    partly = facade.receive_supply(reference="PO-1/1", quantity=2, actor=SYSTEM)
    assert (partly.is_open, partly.quantity) == (True, 1)
    done = facade.receive_supply(reference="PO-1/1", quantity=1, actor=SYSTEM)

    assert done.is_open is False
    assert level(world.sofa, world.warehouse) == (3, 0)
    assert set(StockMove.objects.values_list("reason", flat=True)) == {MoveReason.RECEIPT}
    with pytest.raises(Conflict):
        facade.receive_supply(reference="PO-1/1", quantity=1, actor=SYSTEM)


def test_supply_can_be_moved_and_closed(world):
    supply(world, world.sofa, 5)
    new_date = timezone.localdate() + timedelta(days=40)

    moved = facade.incoming_supply_update(reference="PO-1/1", expected_date=new_date, actor=SYSTEM)
    closed = facade.incoming_supply_close(reference="PO-1/1", actor=SYSTEM)

    assert moved.expected_date == new_date
    assert closed.is_open is False
    assert facade.availability_for_variants([world.sofa.pk])[world.sofa.pk].status == (
        "unavailable"
    )


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"quantity": 0}, ValidationFailed),
        ({"quantity": -4}, ValidationFailed),
        ({"reference": ""}, ValidationFailed),
        ({"order_ref": "SO-1"}, ValidationFailed),  # without a line
        ({"reference": "PO-1/1"}, Conflict),  # twice
    ],
)
def test_bad_supply_is_refused(world, kwargs, error):
    supply(world, world.sofa, 5)
    before = counts()
    with pytest.raises(error):
        supply(world, world.sofa, 5, **{"reference": "PO-2/1", **kwargs})
    assert counts() == before


def test_unknown_supply_is_not_found_and_sellers_may_not_record_it(world):
    with pytest.raises(NotFound):
        facade.receive_supply(reference="PO-404", quantity=1, actor=SYSTEM)
    with pytest.raises(PermissionDenied):
        facade.incoming_supply_record(
            variant_id=world.sofa.pk,
            quantity=1,
            expected_date=timezone.localdate(),
            reference="PO-3",
            actor=actor(Role.SALES_REPRESENTATIVE, boutiques=[world.paris]),
        )
