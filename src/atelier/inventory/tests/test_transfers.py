import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from atelier.core.errors import PermissionDenied, ValidationFailed
from atelier.core.models import StatusChange
from atelier.core.roles import Role
from atelier.core.statemachine import TransitionNotAllowed
from atelier.inventory import services
from atelier.inventory.enums import MoveReason, TransferStatus
from atelier.inventory.errors import InsufficientStock
from atelier.inventory.models import StockMove, Transfer, TransferDiscrepancy
from atelier.inventory.tests.helpers import SYSTEM, actor, counts, level, stock
from atelier.inventory.transitions import TRANSFER_TRANSITIONS

pytestmark = pytest.mark.django_db
T = TransferStatus
FORBIDDEN = [
    (a, b) for a, b in itertools.product(T.values, T.values) if (a, b) not in TRANSFER_TRANSITIONS
]


def request(world, lines=None, **kwargs):
    kwargs.setdefault("source", world.warehouse)
    kwargs.setdefault("destination", world.paris)
    kwargs.setdefault("actor", SYSTEM)
    return services.transfer_request(lines=lines or [(world.sofa.pk, 2)], **kwargs)


def test_a_store_manager_requests_replenishment_from_the_warehouse(world):
    manager = actor(Role.STORE_MANAGER, boutiques=[world.paris])

    transfer = services.transfer_request_replenishment(
        destination=world.paris, lines=[(world.sofa.pk, 2), (world.chair.pk, 1)], actor=manager
    )

    assert transfer.number.startswith("TR-")
    assert (transfer.source, transfer.destination, transfer.status) == (
        world.warehouse,
        world.paris,
        T.REQUESTED,
    )
    assert transfer.due_date == timezone.localdate() + timedelta(days=5)
    assert transfer.requested_by_label == "Store manager"
    assert [(line.variant_id, line.quantity_requested) for line in transfer.lines.all()] == [
        (world.sofa.pk, 2),
        (world.chair.pk, 1),
    ]


def test_ship_and_receive_move_stock_through_transit(world):
    stock(world.sofa, world.warehouse, 5)
    transfer = request(world)

    services.transfer_ship(transfer=transfer, actor=SYSTEM)
    assert level(world.sofa, world.warehouse) == (3, 0)
    assert level(world.sofa, world.transit) == (2, 0)

    services.transfer_receive(transfer=transfer, actor=SYSTEM)
    assert level(world.sofa, world.transit) == (0, 0)
    assert level(world.sofa, world.paris) == (2, 0)
    transfer.refresh_from_db()
    assert transfer.status == T.RECEIVED
    assert transfer.shipped_at
    assert transfer.received_at
    assert list(
        StockMove.objects.filter(reference=transfer.number)
        .values_list("reason", flat=True)
        .order_by("id")
    ) == ["transfer_out", "transfer_in"]
    assert not TransferDiscrepancy.objects.exists()
    assert [c.to_status for c in StatusChange.objects.order_by("id")] == [T.SHIPPED, T.RECEIVED]


def test_shipping_less_than_requested_is_allowed(world):
    stock(world.sofa, world.warehouse, 1)
    transfer = request(world)
    line = transfer.lines.get()

    services.transfer_ship(transfer=transfer, quantities={line.pk: 1}, actor=SYSTEM)

    line.refresh_from_db()
    assert line.quantity_shipped == 1
    assert level(world.sofa, world.transit) == (1, 0)


def test_shipping_more_than_is_free_is_refused_and_nothing_written(world):
    stock(world.sofa, world.warehouse, 1)
    transfer = request(world)
    before = counts()

    with pytest.raises(InsufficientStock):
        services.transfer_ship(transfer=transfer, actor=SYSTEM)

    transfer.refresh_from_db()
    assert transfer.status == T.REQUESTED
    assert counts() == before
    assert not StatusChange.objects.exists()


@pytest.mark.parametrize("quantities", [{"line": 3}, {"line": -1}, {"line": 0}, {999999: 1}])
def test_bad_shipped_quantities_are_refused(world, quantities):
    stock(world.sofa, world.warehouse, 5)
    transfer = request(world)
    line = transfer.lines.get()
    quantities = {line.pk if k == "line" else k: v for k, v in quantities.items()}

    with pytest.raises(ValidationFailed):
        services.transfer_ship(transfer=transfer, quantities=quantities, actor=SYSTEM)

    transfer.refresh_from_db()
    assert transfer.status == T.REQUESTED
    assert level(world.sofa, world.warehouse) == (5, 0)


def test_receiving_less_records_a_discrepancy_and_squares_transit(world):
    stock(world.sofa, world.warehouse, 5)
    transfer = request(world, [(world.sofa.pk, 3)])
    services.transfer_ship(transfer=transfer, actor=SYSTEM)
    line = transfer.lines.get()

    services.transfer_receive(
        transfer=transfer, quantities={line.pk: 2}, note="One box missing", actor=SYSTEM
    )

    assert level(world.sofa, world.paris) == (2, 0)
    assert level(world.sofa, world.transit) == (0, 0)
    gap = TransferDiscrepancy.objects.get()
    assert (gap.shipped, gap.received, gap.difference, gap.note) == (3, 2, -1, "One box missing")
    assert (gap.move.reason, gap.move.quantity) == (MoveReason.TRANSFER_DISCREPANCY, 1)
    assert gap.move.to_location.code == "adjustments"


def test_receiving_more_records_a_discrepancy_and_an_adjustment_in(world):
    stock(world.sofa, world.warehouse, 5)
    transfer = request(world, [(world.sofa.pk, 2)])
    services.transfer_ship(transfer=transfer, actor=SYSTEM)
    line = transfer.lines.get()

    services.transfer_receive(transfer=transfer, quantities={line.pk: 3}, actor=SYSTEM)

    assert level(world.sofa, world.paris) == (3, 0)
    gap = TransferDiscrepancy.objects.get()
    assert gap.difference == 1
    assert gap.move.from_location.code == "adjustments"
    assert gap.move.to_location == world.paris


def test_cancelling_needs_a_reason_and_moves_nothing(world):
    transfer = request(world)

    with pytest.raises(ValidationFailed, match="reason"):
        services.transfer_cancel(transfer=transfer, reason="", actor=SYSTEM)
    services.transfer_cancel(transfer=transfer, reason="Sold locally", actor=SYSTEM)

    transfer.refresh_from_db()
    assert transfer.status == T.CANCELLED
    assert not StockMove.objects.filter(reference=transfer.number).exists()


@pytest.mark.parametrize(("from_status", "to_status"), FORBIDDEN)
def test_every_forbidden_transfer_move_is_refused_and_leaves_no_trace(
    world, from_status, to_status
):
    stock(world.sofa, world.warehouse, 5)
    transfer = request(world)
    Transfer.objects.filter(pk=transfer.pk).update(status=from_status)
    transfer.refresh_from_db()
    before = counts()
    calls = {
        T.SHIPPED: lambda: services.transfer_ship(transfer=transfer, actor=SYSTEM),
        T.RECEIVED: lambda: services.transfer_receive(transfer=transfer, actor=SYSTEM),
        T.CANCELLED: lambda: services.transfer_cancel(transfer=transfer, reason="x", actor=SYSTEM),
    }
    if to_status not in calls:  # nothing leads back to "requested": no service exists
        assert (from_status, to_status) not in TRANSFER_TRANSITIONS
        return

    with pytest.raises(TransitionNotAllowed):
        calls[to_status]()

    transfer.refresh_from_db()
    assert transfer.status == from_status
    assert counts() == before
    assert not StatusChange.objects.exists()


def test_the_table_has_exactly_the_documented_moves():
    assert set(TRANSFER_TRANSITIONS) == {
        (T.REQUESTED, T.SHIPPED),
        (T.SHIPPED, T.RECEIVED),
        (T.REQUESTED, T.CANCELLED),
    }


def test_a_store_manager_may_not_ship_from_the_warehouse_nor_receive_elsewhere(world):
    stock(world.sofa, world.warehouse, 5)
    paris_manager = actor(Role.STORE_MANAGER, boutiques=[world.paris])
    milan_manager = actor(Role.STORE_MANAGER, boutiques=[world.milan])
    transfer = request(world)

    with pytest.raises(PermissionDenied):
        services.transfer_ship(transfer=transfer, actor=paris_manager)
    services.transfer_ship(transfer=transfer, actor=actor(Role.PRODUCTION_MANAGER))
    with pytest.raises(PermissionDenied):
        services.transfer_receive(transfer=transfer, actor=milan_manager)
    services.transfer_receive(transfer=transfer, actor=paris_manager)

    assert level(world.sofa, world.paris) == (2, 0)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"lines": []}, "at least one line"),
        ({"lines": [(1, 0)]}, "between 1 and"),
        ({"lines": [(1, 10**9)]}, "between 1 and"),
        ({"lines": [(1, 1), (1, 2)]}, "appears twice"),
        ({"lines": [(424242, 1)]}, "Unknown variant"),
        ({"destination": "warehouse"}, "two different locations"),
        ({"destination": "transit"}, "open warehouse or boutique"),
        ({"due_date": "yesterday"}, "due_date"),
    ],
)
def test_bad_requests_are_refused_and_nothing_written(world, change, message):
    kwargs = {}
    for key, value in change.items():
        if key == "lines":
            value = [(world.sofa.pk if v == 1 else v, q) for v, q in value]
        elif key == "destination":
            value = world.warehouse if value == "warehouse" else world.transit
        elif key == "due_date":
            value = timezone.localdate() - timedelta(days=1)
        kwargs[key] = value
    lines = kwargs.pop("lines", None)
    before = counts()

    with pytest.raises(ValidationFailed) as caught:
        services.transfer_request(
            source=world.warehouse,
            actor=SYSTEM,
            lines=[(world.sofa.pk, 1)] if lines is None else lines,
            **{"destination": world.paris, **kwargs},
        )

    assert message in caught.value.message
    assert counts() == before


def test_someone_managing_neither_end_may_not_request(world):
    with pytest.raises(PermissionDenied):
        request(world, actor=actor(Role.STORE_MANAGER, boutiques=[world.milan]))
