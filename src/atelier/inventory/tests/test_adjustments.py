import pytest
from django.db import IntegrityError, transaction

from atelier.core.errors import PermissionDenied, ValidationFailed
from atelier.core.roles import Role
from atelier.inventory import services
from atelier.inventory.enums import MAX_QUANTITY, MoveReason
from atelier.inventory.errors import InsufficientStock
from atelier.inventory.models import StockLevel, StockMove
from atelier.inventory.selectors.exceptions import level_mismatches
from atelier.inventory.tests.helpers import SYSTEM, actor, counts, level, stock

pytestmark = pytest.mark.django_db


def adjust(world, quantity, reason=MoveReason.CORRECTION, note="Miscounted", **kwargs):
    kwargs.setdefault("location", world.paris)
    kwargs.setdefault("variant_id", world.sofa.pk)
    kwargs.setdefault("actor", SYSTEM)
    return services.stock_adjust(quantity=quantity, reason=reason, note=note, **kwargs)


def test_an_adjustment_is_a_move_with_reason_who_and_why(world):
    manager = actor(Role.STORE_MANAGER, boutiques=[world.paris])

    move = adjust(world, 3, MoveReason.FOUND, "Behind the sofa", actor=manager)

    assert (move.quantity, move.reason, move.note) == (3, "found", "Behind the sofa")
    assert move.from_location.code == "adjustments"
    assert move.to_location == world.paris
    assert move.actor_label == "Store manager"
    assert level(world.sofa, world.paris) == (3, 0)
    assert level(world.sofa, world.loc("adjustment")) == (-3, 0)


def test_damaged_goods_go_to_scrap_and_returns_come_from_customers(world):
    stock(world.sofa, world.paris, 2)

    damaged = adjust(world, -1, MoveReason.DAMAGED, "")
    returned = adjust(world, 1, MoveReason.CUSTOMER_RETURN, "")

    assert damaged.to_location.code == "scrap"
    assert returned.from_location.code == "customers"
    assert level(world.sofa, world.paris) == (2, 0)


def test_removing_more_than_is_there_is_refused_and_nothing_written(world):
    stock(world.sofa, world.paris, 2)
    before = counts()

    with pytest.raises(InsufficientStock) as caught:
        adjust(world, -3)

    assert "Only 2 unit(s)" in caught.value.message
    assert counts() == before
    assert level(world.sofa, world.paris) == (2, 0)


def test_reserved_units_cannot_be_adjusted_away(world):
    from atelier.inventory import facade

    stock(world.sofa, world.milan, 2)
    facade.reserve(order_ref="SO-1", lines=[("1", world.sofa.pk, 2)], actor=SYSTEM)

    with pytest.raises(InsufficientStock, match="2 reserved"):
        adjust(world, -1, location=world.milan)
    assert level(world.sofa, world.milan) == (2, 2)


@pytest.mark.parametrize(
    ("quantity", "reason", "note", "message"),
    [
        (0, MoveReason.FOUND, "", "non-zero"),
        (MAX_QUANTITY + 1, MoveReason.FOUND, "", "between 1 and"),
        (-(MAX_QUANTITY + 1), MoveReason.CORRECTION, "x", "between 1 and"),
        (1.0, MoveReason.FOUND, "", "non-zero whole number"),
        ("3", MoveReason.FOUND, "", "non-zero whole number"),
        (1, "because", "", "reason: one of"),
        (1, MoveReason.SALE, "", "reason: one of"),
        (-1, MoveReason.FOUND, "", "cannot remove"),
        (1, MoveReason.DAMAGED, "", "cannot add"),
        (1, MoveReason.CORRECTION, "", "note: is required"),
        (-1, MoveReason.LOST, "  ", "note: is required"),
        (1, MoveReason.FOUND, "x" * 501, "at most 500"),
    ],
)
def test_bad_adjustments_are_refused_and_nothing_written(world, quantity, reason, note, message):
    before = counts()
    with pytest.raises(ValidationFailed) as caught:
        adjust(world, quantity, reason, note)
    assert message in caught.value.message
    assert counts() == before


def test_unknown_variant_is_refused(world):
    before = counts()
    with pytest.raises(ValidationFailed, match="Unknown variant"):
        adjust(world, 1, variant_id=424242)
    assert counts() == before


def test_virtual_locations_cannot_be_adjusted(world):
    with pytest.raises(ValidationFailed, match="warehouse or boutique"):
        adjust(world, 1, location=world.transit)


@pytest.mark.parametrize(
    ("role", "scope"),
    [
        (Role.STORE_MANAGER, "milan"),  # another boutique
        (Role.SALES_REPRESENTATIVE, "paris"),  # sees it, may not move stock
        (Role.ECOMMERCE_MANAGER, None),
        (Role.SALES_DIRECTOR, None),
    ],
)
def test_only_managers_of_the_location_adjust(world, role, scope):
    boutiques = [getattr(world, scope)] if scope else []
    regions = [world.eu.pk] if role == Role.SALES_DIRECTOR else []
    before = counts()
    with pytest.raises(PermissionDenied):
        adjust(world, 1, MoveReason.FOUND, actor=actor(role, boutiques=boutiques, regions=regions))
    assert counts() == before


def test_the_production_manager_adjusts_the_warehouse(world):
    adjust(
        world, 4, MoveReason.FOUND, location=world.warehouse, actor=actor(Role.PRODUCTION_MANAGER)
    )
    assert level(world.sofa, world.warehouse) == (4, 0)


def test_the_database_refuses_a_negative_physical_level(world):
    stock(world.sofa, world.paris, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        StockLevel.objects.filter(location=world.paris).update(on_hand=-1)


def test_the_database_refuses_reserving_more_than_on_hand(world):
    stock(world.sofa, world.paris, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        StockLevel.objects.filter(location=world.paris).update(reserved=2)


def test_levels_always_match_the_moves(world):
    stock(world.sofa, world.paris, 5)
    adjust(world, -2)
    adjust(world, 1, MoveReason.FOUND)

    assert level_mismatches(SYSTEM) == []
    StockLevel.objects.filter(location=world.paris).update(on_hand=7)  # a bug, simulated

    [mismatch] = level_mismatches(SYSTEM)
    assert (mismatch.location_code, mismatch.on_hand, mismatch.from_moves) == ("bq-paris", 7, 4)
    assert StockMove.objects.count() == 3
