"""What the storefront shows a customer: the steps of their order's shipments, without
drafts and without the coordinator's internal notes."""

from __future__ import annotations

import pytest

from atelier.integrations.carriers.fake import fake_advance
from atelier.shipping import facade, services
from atelier.shipping.tests.helpers import COORDINATOR, paid_order, piece
from atelier.shipping.tests.test_services import _ready

pytestmark = pytest.mark.django_db


def test_a_draft_shipment_shows_no_step(origin):
    order = paid_order([(piece(), 1, "450.00")])
    services.shipment_prepare(order_ref=order.number, actor=COORDINATOR)

    assert facade.tracking_for_order(order.number) == []


def test_the_customer_follows_booked_shipped_and_delivered(origin, carrier):
    order = paid_order([(piece(), 1, "450.00")])
    shipment = _ready(services.shipment_prepare(order_ref=order.number, actor=COORDINATOR))
    shipment = services.shipment_book(shipment=shipment, actor=COORDINATOR)
    fake_advance(shipment.tracking_number)
    shipment = services.shipment_track_refresh(shipment=shipment, actor=COORDINATOR)
    services.shipment_mark(
        shipment=shipment, to_status="delivered", note="Left with the concierge", actor=COORDINATOR
    )

    steps = facade.tracking_for_order(order.number)

    assert [(s.status, s.label) for s in steps] == [
        ("booked", "Delivery booked"),
        ("shipped", "Shipped"),
        ("delivered", "Delivered"),
    ]
    assert steps[1].description == "Shipment picked up"
    assert steps[2].description == ""  # the coordinator's note stays internal
    assert all(s.tracking_url == shipment.tracking_url for s in steps)
    assert facade.tracking_for_order("SO-2026-999999") == []
