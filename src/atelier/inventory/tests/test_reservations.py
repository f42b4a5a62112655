from datetime import timedelta

import pytest
from django.utils import timezone

from atelier.core.errors import Conflict, NotFound, ValidationFailed
from atelier.core.models import StatusChange
from atelier.inventory import facade
from atelier.inventory.enums import MAX_QUANTITY, MoveReason, ReservationStatus
from atelier.inventory.errors import OutOfStock
from atelier.inventory.events import ReservationsExpired
from atelier.inventory.models import Reservation, StockMove
from atelier.inventory.services import reservations_expire_due
from atelier.inventory.tests.helpers import SYSTEM, counts, level, stock

pytestmark = pytest.mark.django_db
S = ReservationStatus


def reserve(order="SO-2026-000001", lines=(), **kwargs):
    return facade.reserve(order_ref=order, lines=list(lines), actor=SYSTEM, **kwargs)


# --- reserve ----------------------------------------------------------------------------


def test_reserving_holds_units_at_the_warehouse_first(world):
    stock(world.sofa, world.warehouse, 3)
    stock(world.sofa, world.milan, 3)

    summary = reserve(lines=[("1", world.sofa.pk, 2)])

    assert [(h.location_code, h.quantity, h.status) for h in summary.held] == [
        ("wh-central", 2, S.PENDING)
    ]
    assert level(world.sofa, world.warehouse) == (3, 2)
    assert level(world.sofa, world.milan) == (3, 0)
    assert summary.expires_at is not None


def test_a_line_the_warehouse_cannot_cover_whole_goes_to_one_online_boutique(world):
    stock(world.sofa, world.warehouse, 1)
    stock(world.sofa, world.paris, 5)  # not sold online
    stock(world.sofa, world.milan, 2)

    summary = reserve(lines=[("1", world.sofa.pk, 2)])

    assert [(h.location_code, h.quantity) for h in summary.held] == [("bq-milan", 2)]


def test_a_line_no_location_covers_is_split_in_allocation_order(world):
    stock(world.sofa, world.warehouse, 1)
    stock(world.sofa, world.milan, 1)
    stock(world.sofa, world.london, 1)

    summary = reserve(lines=[("1", world.sofa.pk, 3)])

    assert sorted((h.location_code, h.quantity) for h in summary.held) == [
        ("bq-london", 1),
        ("bq-milan", 1),
        ("wh-central", 1),
    ]
    assert summary.quantity_for("1") == 3


def test_store_pickup_takes_only_from_the_chosen_boutique(world):
    stock(world.sofa, world.warehouse, 5)
    stock(world.sofa, world.paris, 1)

    summary = reserve(lines=[("1", world.sofa.pk, 1)], pickup_boutique_id=world.paris.boutique_id)
    assert [h.location_code for h in summary.held] == ["bq-paris"]

    with pytest.raises(OutOfStock):
        reserve("SO-2", [("1", world.sofa.pk, 1)], pickup_boutique_id=world.paris.boutique_id)


def test_boutiques_channel_may_use_boutiques_not_selling_online(world):
    stock(world.sofa, world.paris, 1)
    with pytest.raises(OutOfStock):
        reserve(lines=[("1", world.sofa.pk, 1)])

    summary = reserve(lines=[("1", world.sofa.pk, 1)], channel="boutiques")

    assert [h.location_code for h in summary.held] == ["bq-paris"]


def test_two_lines_of_the_same_variant_share_the_stock(world):
    stock(world.sofa, world.warehouse, 3)

    with pytest.raises(OutOfStock) as caught:
        reserve(lines=[("1", world.sofa.pk, 2), ("2", world.sofa.pk, 2)])

    assert caught.value.shortages[0].line_ref == "2"
    assert caught.value.shortages[0].available == 1


def test_out_of_stock_says_which_and_how_many_and_holds_nothing(world):
    stock(world.sofa, world.warehouse, 5)
    stock(world.chair, world.warehouse, 1)
    before = counts()

    with pytest.raises(OutOfStock) as caught:
        reserve(lines=[("1", world.sofa.pk, 2), ("2", world.chair.pk, 3)])

    error = caught.value
    assert error.status == 409
    assert error.code == "out_of_stock"
    assert "no longer available" in error.message
    assert error.details["shortages"] == [
        {"line_ref": "2", "variant_id": world.chair.pk, "requested": 3, "available": 1}
    ]
    assert counts() == before
    assert level(world.sofa, world.warehouse) == (5, 0)


def test_reserving_the_same_line_twice_is_refused(world):
    stock(world.sofa, world.warehouse, 5)
    reserve(lines=[("1", world.sofa.pk, 1)])
    before = counts()

    with pytest.raises(Conflict) as caught:
        reserve(lines=[("1", world.sofa.pk, 1)])

    assert caught.value.code == "already_reserved"
    assert counts() == before
    assert level(world.sofa, world.warehouse) == (5, 1)


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([], "at least one line"),
        ([("1", None, 1)], "variant"),
        ([("1", 1, 0)], "between 1 and"),
        ([("1", 1, -2)], "between 1 and"),
        ([("1", 1, MAX_QUANTITY + 1)], "between 1 and"),
        ([("1", 1, 1.5)], "whole number"),
        ([("1", 1, True)], "whole number"),
        ([("", 1, 1)], "line_ref"),
        ([("1", 1, 1), ("1", 1, 1)], "appears twice"),
        ([("1", 1)], "triples"),
        ("nonsense", "triples"),
    ],
)
def test_bad_lines_are_refused_and_nothing_written(world, lines, message):
    stock(world.sofa, world.warehouse, 5)
    lines = (
        [(ref, world.sofa.pk if v == 1 else v, *rest) for ref, v, *rest in lines]
        if isinstance(lines, list)
        else lines
    )
    before = counts()

    with pytest.raises(ValidationFailed) as caught:
        facade.reserve(order_ref="SO-1", lines=lines, actor=SYSTEM)

    assert message in caught.value.message
    assert counts() == before


def test_unknown_variant_is_refused(world):
    with pytest.raises(ValidationFailed, match="Unknown variant"):
        reserve(lines=[("1", 999999, 1)])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"order": ""}, "order_ref"),
        ({"order": "x" * 41}, "40 characters"),
        ({"channel": "telepathy"}, "channel"),
        ({"pickup_boutique_id": 999999}, "pickup boutique"),
        ({"pickup_boutique_id": "paris"}, "boutique id"),
        ({"expires_at": "tomorrow"}, "expires_at"),
    ],
)
def test_bad_order_arguments_are_refused(world, kwargs, message):
    stock(world.sofa, world.warehouse, 5)
    if "expires_at" in kwargs and kwargs["expires_at"] == "past":
        kwargs["expires_at"] = timezone.now() - timedelta(minutes=1)
    before = counts()

    with pytest.raises(ValidationFailed) as caught:
        reserve(lines=[("1", world.sofa.pk, 1)], **kwargs)

    assert message in caught.value.message
    assert counts() == before


def test_an_expiry_in_the_past_is_refused(world):
    stock(world.sofa, world.warehouse, 5)
    with pytest.raises(ValidationFailed, match="future"):
        reserve(lines=[("1", world.sofa.pk, 1)], expires_at=timezone.now() - timedelta(seconds=1))


def test_the_default_expiry_is_the_ttl_setting(world, settings):
    settings.RESERVATION_TTL_MINUTES = 10
    stock(world.sofa, world.warehouse, 5)
    start = timezone.now()

    summary = reserve(lines=[("1", world.sofa.pk, 1)])

    assert timedelta(minutes=9) < summary.expires_at - start <= timedelta(minutes=10, seconds=5)


def test_a_refusal_inside_the_callers_transaction_leaves_its_own_writes(world):
    from django.db import transaction

    stock(world.sofa, world.warehouse, 1)
    with transaction.atomic():
        reserve("SO-A", [("1", world.sofa.pk, 1)])
        with pytest.raises(OutOfStock):
            reserve("SO-B", [("1", world.sofa.pk, 1)])
    assert Reservation.objects.filter(order_ref="SO-A").count() == 1


# --- confirm, release, fulfil ---------------------------------------------------------


def test_confirm_makes_the_hold_permanent_and_is_idempotent(world):
    stock(world.sofa, world.warehouse, 5)
    reserve(lines=[("1", world.sofa.pk, 2)])

    summary = facade.confirm("SO-2026-000001", actor=SYSTEM)
    again = facade.confirm("SO-2026-000001", actor=SYSTEM)

    assert summary.statuses == {S.CONFIRMED} == again.statuses
    assert summary.expires_at is None
    assert Reservation.objects.get().expires_at is None
    assert StatusChange.objects.filter(to_status=S.CONFIRMED).count() == 1
    assert reservations_expire_due(actor=SYSTEM, now=timezone.now() + timedelta(days=1)) == 0


def test_confirming_an_unknown_order_is_not_found(world):
    with pytest.raises(NotFound):
        facade.confirm("SO-404", actor=SYSTEM)


def test_release_gives_units_back_and_repeating_it_changes_nothing(world):
    stock(world.sofa, world.warehouse, 5)
    reserve(lines=[("1", world.sofa.pk, 2)])
    facade.confirm("SO-2026-000001", actor=SYSTEM)

    summary = facade.release("SO-2026-000001", "Customer cancelled", actor=SYSTEM)
    before = counts()
    facade.release("SO-2026-000001", "Again", actor=SYSTEM)

    assert summary.statuses == {S.RELEASED}
    assert level(world.sofa, world.warehouse) == (5, 0)
    assert counts() == before
    change = StatusChange.objects.get(to_status=S.RELEASED)
    assert change.reason == "Customer cancelled"


def test_release_of_some_lines_keeps_the_others(world):
    stock(world.sofa, world.warehouse, 5)
    stock(world.chair, world.warehouse, 5)
    reserve(lines=[("1", world.sofa.pk, 1), ("2", world.chair.pk, 2)])

    facade.release("SO-2026-000001", "Line removed", actor=SYSTEM, line_refs=["2"])

    assert level(world.sofa, world.warehouse) == (5, 1)
    assert level(world.chair, world.warehouse) == (5, 0)


def test_releasing_an_unknown_order_is_refused_clearly(world):
    before = counts()
    with pytest.raises(NotFound, match="SO-404"):
        facade.release("SO-404", "cancelled", actor=SYSTEM)
    assert counts() == before


def test_release_needs_a_reason(world):
    stock(world.sofa, world.warehouse, 5)
    reserve(lines=[("1", world.sofa.pk, 1)])
    with pytest.raises(ValidationFailed, match="reason"):
        facade.release("SO-2026-000001", "  ", actor=SYSTEM)
    assert level(world.sofa, world.warehouse) == (5, 1)


def test_fulfil_moves_the_units_to_the_customer(world):
    stock(world.sofa, world.warehouse, 2)
    stock(world.sofa, world.milan, 1)
    reserve(lines=[("1", world.sofa.pk, 3)])
    facade.confirm("SO-2026-000001", actor=SYSTEM)

    summary = facade.fulfil("SO-2026-000001", actor=SYSTEM)

    assert summary.statuses == {S.FULFILLED}
    assert level(world.sofa, world.warehouse) == (0, 0)
    assert level(world.sofa, world.milan) == (0, 0)
    sales = StockMove.objects.filter(reason=MoveReason.SALE)
    assert sorted(m.quantity for m in sales) == [1, 2]
    assert {m.reference for m in sales} == {"SO-2026-000001/1"}
    assert level(world.sofa, world.loc("customer")) == (3, 0)


def test_fulfilling_an_unpaid_order_is_refused(world):
    stock(world.sofa, world.warehouse, 2)
    reserve(lines=[("1", world.sofa.pk, 1)])
    before = counts()

    with pytest.raises(Conflict) as caught:
        facade.fulfil("SO-2026-000001", actor=SYSTEM)

    assert caught.value.code == "not_confirmed"
    assert counts() == before


def test_fulfilling_twice_is_refused(world):
    stock(world.sofa, world.warehouse, 2)
    reserve(lines=[("1", world.sofa.pk, 1)])
    facade.confirm("SO-2026-000001", actor=SYSTEM)
    facade.fulfil("SO-2026-000001", actor=SYSTEM)

    with pytest.raises(Conflict):
        facade.fulfil("SO-2026-000001", actor=SYSTEM)
    assert level(world.sofa, world.warehouse) == (1, 0)


def test_fulfilling_unknown_lines_is_not_found(world):
    stock(world.sofa, world.warehouse, 2)
    reserve(lines=[("1", world.sofa.pk, 1)])
    with pytest.raises(NotFound):
        facade.fulfil("SO-2026-000001", actor=SYSTEM, line_refs=["9"])


# --- expiry ---------------------------------------------------------------------------


def test_unpaid_holds_expire_and_paid_ones_stay(world):
    stock(world.sofa, world.warehouse, 2)
    reserve("SO-1", [("1", world.sofa.pk, 1)])
    reserve("SO-2", [("1", world.sofa.pk, 1)])
    facade.confirm("SO-2", actor=SYSTEM)

    expired = reservations_expire_due(actor=SYSTEM, now=timezone.now() + timedelta(minutes=31))

    assert expired == 1
    assert Reservation.objects.get(order_ref="SO-1").status == S.EXPIRED
    assert Reservation.objects.get(order_ref="SO-2").status == S.CONFIRMED
    assert level(world.sofa, world.warehouse) == (2, 1)


def test_expiry_publishes_one_event_per_order(world, monkeypatch):
    from atelier.inventory.services import reservations as module

    stock(world.sofa, world.warehouse, 2)
    reserve("SO-1", [("1", world.sofa.pk, 1), ("2", world.sofa.pk, 1)])
    seen = []
    monkeypatch.setattr(module, "publish", seen.append)

    reservations_expire_due(actor=SYSTEM, now=timezone.now() + timedelta(hours=1))

    assert len(seen) == 1
    assert isinstance(seen[0], ReservationsExpired)
    assert seen[0].order_ref == "SO-1"


def test_holds_not_yet_due_do_not_expire(world):
    stock(world.sofa, world.warehouse, 2)
    reserve("SO-1", [("1", world.sofa.pk, 1)])
    assert reservations_expire_due(actor=SYSTEM) == 0
    assert level(world.sofa, world.warehouse) == (2, 1)


def test_confirming_after_expiry_is_a_clear_conflict(world):
    stock(world.sofa, world.warehouse, 2)
    reserve("SO-1", [("1", world.sofa.pk, 1)])
    reservations_expire_due(actor=SYSTEM, now=timezone.now() + timedelta(hours=1))

    with pytest.raises(Conflict) as caught:
        facade.confirm("SO-1", actor=SYSTEM)

    assert caught.value.code == "reservation_expired"


def test_an_expired_line_can_be_reserved_again(world):
    stock(world.sofa, world.warehouse, 1)
    reserve("SO-1", [("1", world.sofa.pk, 1)])
    reservations_expire_due(actor=SYSTEM, now=timezone.now() + timedelta(hours=1))

    summary = reserve("SO-1", [("1", world.sofa.pk, 1)])

    assert S.PENDING in summary.statuses


def test_the_command_expires_due_holds(world, capsys):
    from django.core.management import call_command

    stock(world.sofa, world.warehouse, 1)
    reserve("SO-1", [("1", world.sofa.pk, 1)])
    Reservation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    call_command("reservations_expire")

    assert "1 reservation(s) expired." in capsys.readouterr().out
    assert level(world.sofa, world.warehouse) == (1, 0)
