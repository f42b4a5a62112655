"""The shipping pages: orders to ship, the shipment page and its steps from prepare to
delivered, refusals shown as messages, documents behind access, scope answered 404."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.storage import FileSystemStorage

from atelier.accounts.tests.factories import make_boutique, make_region, make_user
from atelier.core.roles import Role
from atelier.shipping import handlers
from atelier.shipping.enums import ShipmentStatus
from atelier.shipping.models import Adjustment, Shipment
from atelier.shipping.tests.helpers import (
    ADDRESS_NOWHERE,
    ADDRESS_US,
    paid_order,
    passed,
    piece,
    warehouse,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(tmp_path, monkeypatch, settings):
    storage = FileSystemStorage(location=tmp_path / "private")
    for name in ("label", "customs_invoice"):
        monkeypatch.setattr(Shipment._meta.get_field(name), "storage", storage)
    settings.OUTBOX_DISPATCH_ON_COMMIT = False
    warehouse()


@pytest.fixture
def coordinator(client):
    client.force_login(make_user(Role.PRODUCTION_MANAGER))
    return client


class _Paid:
    def __init__(self, order):
        self.object_id, self.change_id, self.occurred_at = str(order.pk), 1, ""
        self.key = f"OrderPaid:{order.pk}"


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_orders_to_ship_say_what_waits_for_inspection(coordinator):
    ready = paid_order([(piece("Lumen lamp"), 1, "450.00")])
    waiting = paid_order([(piece("Aria sofa", made_to_order=True), 2, "2490.00")])
    handlers.on_order_paid(_Paid(ready))
    handlers.on_order_paid(_Paid(waiting))
    handlers.on_inspection_passed(passed(waiting, "L1", "IT-1"))

    page = coordinator.get("/backoffice/shipping/").content.decode()

    assert ready.number in page
    assert "Ready to ship" in page
    assert "L1 Aria sofa: 1 of 2 passed inspection" in page


def test_prepare_refused_for_uninspected_pieces_is_a_message(coordinator):
    order = paid_order([(piece("Aria sofa", made_to_order=True), 1, "2490.00")])

    response = coordinator.post(f"/backoffice/shipping/orders/{order.number}/prepare/", follow=True)

    assert any("not passed quality inspection" in m for m in _messages(response))
    assert Shipment.objects.count() == 0


def test_a_parcel_from_prepare_to_delivered(coordinator):
    order = paid_order([(piece("Lumen lamp"), 1, "450.00")], address=ADDRESS_US)
    response = coordinator.post(f"/backoffice/shipping/orders/{order.number}/prepare/")
    shipment = Shipment.objects.get()
    base = f"/backoffice/shipping/{shipment.number}/"
    assert response.url == base

    coordinator.post(base + "address/")
    rates_page = coordinator.get(base, {"rates": "1", "ship_date": ""}).content.decode()
    assert "Rate for" in rates_page
    assert "EXPRESS WORLDWIDE" in rates_page
    coordinator.post(base + "rate/", {"product_code": "P"})
    coordinator.post(base + "confirm/")
    coordinator.post(base + "book/")
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.BOOKED

    label = coordinator.get(base + "label.pdf")
    invoice = coordinator.get(base + "customs-invoice.pdf")
    assert label.status_code == invoice.status_code == 200
    assert b"".join(label.streaming_content).startswith(b"%PDF")

    coordinator.post(base + "mark/", {"to": "shipped", "note": "Picked up at 10:00"})
    coordinator.post(base + "mark/", {"to": "delivered", "note": "Customer signed"})
    page = coordinator.get(base).content.decode()
    shipment.refresh_from_db()
    assert shipment.status == ShipmentStatus.DELIVERED
    assert "Customer signed" in page
    assert "Picked up at 10:00" in page


def test_the_carriers_refusal_of_an_address_is_shown(coordinator):
    order = paid_order([(piece(), 1, "450.00")], address=ADDRESS_NOWHERE)
    coordinator.post(f"/backoffice/shipping/orders/{order.number}/prepare/")
    number = Shipment.objects.get().number

    response = coordinator.post(f"/backoffice/shipping/{number}/address/", follow=True)

    assert any("Postcode '99999' does not exist" in m for m in _messages(response))
    assert not Shipment.objects.get().address_confirmed


def test_adjustments_need_a_reason_and_are_listed(coordinator):
    order = paid_order([(piece(), 2, "450.00")])
    coordinator.post(f"/backoffice/shipping/orders/{order.number}/prepare/")
    base = f"/backoffice/shipping/{Shipment.objects.get().number}/"

    coordinator.post(base + "adjust/", {"field": "quantity.L1", "value": "1", "reason": ""})
    assert Adjustment.objects.count() == 0
    coordinator.post(
        base + "adjust/", {"field": "quantity.L1", "value": "1", "reason": "One scratched"}
    )

    assert "One scratched" in coordinator.get(base).content.decode()


def test_white_glove_slot_and_booking(coordinator):
    order = paid_order([(piece("Aria table"), 1, "3200.00")], method="white_glove")
    coordinator.post(f"/backoffice/shipping/orders/{order.number}/prepare/")
    base = f"/backoffice/shipping/{Shipment.objects.get().number}/"
    day = date.today() + timedelta(days=3)
    day += timedelta(days=1) if day.weekday() == 6 else timedelta()

    coordinator.post(base + "address/")
    coordinator.post(base + "slot/", {"day": day.isoformat(), "window": "12:00-17:00"})
    coordinator.post(base + "confirm/")
    coordinator.post(base + "book/")

    shipment = Shipment.objects.get()
    assert (shipment.status, shipment.slot_date) == (ShipmentStatus.BOOKED, day)
    assert coordinator.get(base + "label.pdf").status_code == 404


def test_out_of_scope_shipments_answer_404_and_others_403(client):
    region = make_region("eu")
    paris, milan = make_boutique("paris", region), make_boutique("milan", region)
    order = paid_order([(piece(), 1, "450.00")], boutique=milan)
    Shipment.objects.create(
        number="SH-2026-000099", order_ref=order.number, kind="parcel", currency="EUR",
        boutique_id=milan.pk,
    )  # fmt: skip
    client.force_login(make_user(Role.STORE_MANAGER, boutiques=[paris]))
    assert client.get("/backoffice/shipping/SH-2026-000099/").status_code == 404
    assert client.get("/backoffice/shipping/SH-2026-000099/label.pdf").status_code == 404

    client.force_login(make_user(Role.SALES_REPRESENTATIVE, boutiques=[milan]))
    assert client.get("/backoffice/shipping/").status_code == 403
    assert client.get("/backoffice/shipping/SH-2026-000099/").status_code == 404


def test_the_list_stays_within_its_query_budget(coordinator, django_assert_max_num_queries):
    for _ in range(3):
        order = paid_order([(piece(), 1, "450.00")])
        handlers.on_order_paid(_Paid(order))
    with django_assert_max_num_queries(40):
        assert coordinator.get("/backoffice/shipping/").status_code == 200


def test_the_list_queries_do_not_grow_with_its_orders(coordinator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert coordinator.get("/backoffice/shipping/").status_code == 200
        return len(seen)

    handlers.on_order_paid(_Paid(paid_order([(piece(), 1, "450.00")])))
    one = queries_for_list()
    for _ in range(3):
        handlers.on_order_paid(_Paid(paid_order([(piece(), 1, "450.00")])))
    assert queries_for_list() == one
