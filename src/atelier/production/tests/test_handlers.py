from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from atelier.accounts.tests.factories import make_user
from atelier.core.events import Event
from atelier.core.models import OutboxMessage
from atelier.core.roles import Role
from atelier.inventory import facade as inventory
from atelier.inventory.models import Location
from atelier.production import handlers
from atelier.production.models import ProductionItem
from atelier.production.tests.helpers import SYSTEM, counts, paid_order
from atelier.purchasing import facade as purchasing
from atelier.sales.events import LineFinalised, OrderPaid
from atelier.sales.models import OrderLine
from atelier.sales.tests.helpers import stock

PAID_AT = "2026-03-02T10:00:00+00:00"


def paid(order, change_id=1) -> OrderPaid:
    return OrderPaid(
        model="sales.salesorder",
        object_id=str(order.pk),
        from_status="confirmed",
        to_status="paid",
        change_id=change_id,
        occurred_at=PAID_AT,
    )


def reserve(order, *lines):
    warehouse = Location.objects.get(kind="warehouse")
    for _ref, variant, _qty in lines:
        stock(variant, warehouse, 10)
    inventory.reserve(
        order_ref=order.number, lines=[(r, v.pk, q) for r, v, q in lines], actor=SYSTEM
    )


def lines_by_po(order_ref):
    return {
        po.manufacturer_name: sorted((line.line_ref, line.quantity) for line in po.lines)
        for po in purchasing.purchase_orders_for_order(order_ref)
    }


def test_made_to_order_and_short_stock_lines_are_bought_per_manufacturer(world):
    order = paid_order(
        world,
        ("L1", "made_to_order", world.bespoke, 2),
        ("L2", "stock", world.stocked, 3),
        ("L3", "stock", world.chair_b, 1),
    )
    reserve(order, ("L2", world.stocked, 1))

    handlers.on_order_paid(paid(order))

    assert lines_by_po(order.number) == {
        "Atelier A": [("L1", 2), ("L2", 2)],
        "Atelier B": [("L3", 1)],
    }
    (po_a,) = [
        p
        for p in purchasing.purchase_orders_for_order(order.number)
        if p.manufacturer_id == world.a.pk
    ]
    assert po_a.status == "draft"
    assert po_a.required_date == date(2026, 3, 2) + timedelta(days=56)  # the sofa's lead time
    assert po_a.lines[0].awaiting_finalisation is True
    assert po_a.lines[0].configuration["options"][0]["choice_name"] == "Wool"


def test_stock_lines_fully_reserved_yield_no_purchase_order(world):
    order = paid_order(world, ("L1", "stock", world.stocked, 2), ("L2", "stock", world.chair_b, 1))
    reserve(order, ("L1", world.stocked, 2), ("L2", world.chair_b, 1))
    before = counts()

    handlers.on_order_paid(paid(order))

    assert purchasing.purchase_orders_for_order(order.number) == []
    assert counts()["PurchaseOrder"] == before["PurchaseOrder"]


def test_a_released_reservation_does_not_cover_a_line(world):
    order = paid_order(world, ("L1", "stock", world.stocked, 2))
    reserve(order, ("L1", world.stocked, 2))
    inventory.release(order.number, "Cancelled line", actor=SYSTEM)

    handlers.on_order_paid(paid(order))

    assert lines_by_po(order.number) == {"Atelier A": [("L1", 2)]}


def test_a_payment_announced_twice_raises_one_set_of_purchase_orders(world):
    order = paid_order(
        world, ("L1", "made_to_order", world.bespoke, 1), ("L2", "stock", world.chair_b, 1)
    )

    handlers.on_order_paid(paid(order))
    first = counts()
    handlers.on_order_paid(paid(order))  # the same event delivered again
    handlers.on_order_paid(paid(order, change_id=99))  # a second "paid" event for the order

    assert counts() == first
    assert len(purchasing.purchase_orders_for_order(order.number)) == 2


def test_a_line_without_manufacturer_is_reported_not_bought(world):
    make_user(Role.PRODUCTION_MANAGER, "pm@atelier.test")
    order = paid_order(
        world, ("L1", "stock", world.stocked, 1), ("L2", "made_to_order", world.bespoke, 1)
    )
    OrderLine.objects.filter(order=order, ref="L1").update(manufacturer=None)

    handlers.on_order_paid(paid(order))

    assert lines_by_po(order.number) == {"Atelier A": [("L2", 1)]}
    (mail,) = OutboxMessage.objects.filter(idempotency_key__startswith="production.unassigned:")
    assert mail.payload["to"] == ["pm@atelier.test"]
    assert "L1" in mail.payload["text"]


def test_the_workshop_sees_the_customer_name_and_nothing_else(world):
    customer = make_user(Role.CUSTOMER, "camille@example.com")
    customer.first_name, customer.last_name = "Camille", "Martin"
    customer.save()
    order = paid_order(world, ("L1", "made_to_order", world.bespoke, 1), customer=customer)

    handlers.on_order_paid(paid(order))

    (po,) = purchasing.purchase_orders_for_order(order.number)
    assert po.customer_reference == "Camille Martin"
    assert "camille@example.com" not in repr(po)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_payment_events_raise_one_set(world):
    from atelier.core.testing.concurrency import concurrently

    order = paid_order(world, ("L1", "made_to_order", world.bespoke, 1))

    outcome = concurrently(4, lambda i: handlers.on_order_paid(paid(order, change_id=i + 1)))

    assert "other" not in outcome
    (po,) = purchasing.purchase_orders_for_order(order.number)
    assert [line.line_ref for line in po.lines] == ["L1"]


def test_a_finalised_line_updates_its_purchase_order_line(world):
    order = paid_order(world, ("L1", "made_to_order", world.bespoke, 1))
    handlers.on_order_paid(paid(order))

    handlers.on_line_finalised(
        LineFinalised(
            order_ref=order.number, line_ref="L1", revision=1, variant_id=world.bespoke.pk
        )
    )

    (po,) = purchasing.purchase_orders_for_order(order.number)
    assert po.lines[0].awaiting_finalisation is False


@dataclass(frozen=True, kw_only=True)
class InspectionFailed(Event):
    """Shaped like quality.events.InspectionFailed (production never imports quality)."""

    inspection_number: str
    item_code: str
    order_ref: str
    line_ref: str
    round: int
    defects: str


def test_a_failed_inspection_sends_the_piece_back_once(world):
    from atelier.production.tests.helpers import at, released

    number = at(world, released(world), "completed")
    item = ProductionItem.objects.get(purchase_order_number=number)
    event = InspectionFailed(
        inspection_number="QI-1",
        item_code=item.code,
        order_ref="",
        line_ref="L1",
        round=1,
        defects="Seam open",
    )

    handlers.on_inspection_failed(event)
    handlers.on_inspection_failed(event)

    item.refresh_from_db()
    assert item.status == "rework"
    assert [e.kind for e in item.events.all()].count("failed") == 1


def _po_event(cls, number, manufacturer_id, to_status):
    return cls(
        model="purchasing.purchaseorder",
        object_id="1",
        from_status="",
        to_status=to_status,
        change_id=hash((number, to_status)) % 10**6,
        number=number,
        manufacturer_id=manufacturer_id,
    )


def test_a_purchase_order_moved_by_purchasing_directly_still_gets_codes_and_inspections(
    world, published
):
    from atelier.production.tests.helpers import released
    from atelier.purchasing.events import (
        PurchaseOrderCompleted,
        PurchaseOrderProductionStarted,
    )

    number = released(world, world.need(quantity=2))
    purchasing.purchase_order_accept(number=number, actor=world.workshop_a)
    purchasing.purchase_order_start(number=number, actor=world.workshop_a)
    started = _po_event(PurchaseOrderProductionStarted, number, world.a.pk, "in_production")
    handlers.on_purchase_order_production_started(started)
    purchasing.purchase_order_complete(number=number, actor=world.workshop_a)
    handlers.on_purchase_order_completed(
        _po_event(PurchaseOrderCompleted, number, world.a.pk, "completed")
    )

    items = ProductionItem.objects.filter(purchase_order_number=number)
    assert sorted(i.status for i in items) == ["completed", "completed"]
    assert sorted(e.item_code for e in published) == sorted(i.code for i in items)
