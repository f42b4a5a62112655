"""Every move the shipment's state machine does not list answers 409 and writes nothing;
the services check it before any carrier call."""

from __future__ import annotations

import itertools

import pytest

from atelier.core.errors import Conflict
from atelier.core.statemachine import TransitionNotAllowed, apply_transition
from atelier.shipping import services
from atelier.shipping.enums import ShipmentStatus
from atelier.shipping.models import Shipment
from atelier.shipping.tests.helpers import COORDINATOR, counts
from atelier.shipping.transitions import TRANSITIONS

pytestmark = pytest.mark.django_db
FORBIDDEN = [
    (a, b)
    for a, b in itertools.product(ShipmentStatus.values, repeat=2)
    if a != b and (a, b) not in TRANSITIONS
]


def _shipment(status: str) -> Shipment:
    return Shipment.objects.create(
        number="SH-2026-000001", order_ref="SO-2026-000001", status=status, kind="parcel",
        currency="EUR", destination={"name": "A", "line1": "B 1", "city": "C", "country": "DE"},
    )  # fmt: skip


@pytest.mark.parametrize(("frm", "to"), FORBIDDEN)
def test_forbidden_moves_answer_409(frm, to):
    shipment = _shipment(frm)
    before = counts()

    with pytest.raises(TransitionNotAllowed) as refused:
        apply_transition(shipment, to, table=TRANSITIONS, actor=COORDINATOR, reason="x")

    assert refused.value.status == 409
    assert counts() == before
    assert Shipment.objects.get().status == frm


def test_the_road_only_goes_forward():
    assert (ShipmentStatus.DELIVERED, ShipmentStatus.SHIPPED) in FORBIDDEN
    assert (ShipmentStatus.BOOKED, ShipmentStatus.CANCELLED) in FORBIDDEN
    assert (ShipmentStatus.DRAFT, ShipmentStatus.BOOKED) in FORBIDDEN
    assert (ShipmentStatus.BOOKED, ShipmentStatus.DELIVERED) in FORBIDDEN


@pytest.mark.parametrize("status", ["draft", "booked", "delivered", "cancelled"])
def test_booking_outside_confirmed_is_409_before_any_carrier_call(status, carrier):
    shipment = _shipment(status)

    with pytest.raises(TransitionNotAllowed):
        services.shipment_book(shipment=shipment, actor=COORDINATOR)
    assert carrier.calls == []


@pytest.mark.parametrize(
    ("status", "to"),
    [("draft", "shipped"), ("confirmed", "delivered"), ("delivered", "out_for_delivery"),
     ("cancelled", "shipped"), ("booked", "delivered")],
)  # fmt: skip
def test_manual_steps_follow_the_road(status, to):
    shipment = _shipment(status)
    before = counts()

    with pytest.raises(TransitionNotAllowed):
        services.shipment_mark(shipment=shipment, to_status=to, note="Called", actor=COORDINATOR)
    assert counts() == before


@pytest.mark.parametrize("status", ["booked", "shipped", "delivered"])
def test_a_booked_shipment_cannot_be_adjusted_or_cancelled(status):
    shipment = _shipment(status)

    with pytest.raises(Conflict) as refused:
        services.shipment_adjust(
            shipment=shipment, field="incoterm", value="DDP", reason="x", actor=COORDINATOR
        )
    assert refused.value.status == 409
    with pytest.raises(TransitionNotAllowed):
        services.shipment_cancel(shipment=shipment, reason="x", actor=COORDINATOR)
