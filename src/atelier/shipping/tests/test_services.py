"""Shipping services: what is ready to leave, the address check, adjustments, rates,
customs refused locally (no carrier call), booking, tracking and announcements."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from atelier.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from atelier.core.models import OutboxMessage
from atelier.core.roles import Role
from atelier.integrations.carriers.fake import fake_advance
from atelier.shipping import handlers, services
from atelier.shipping.enums import ShipmentStatus
from atelier.shipping.events import ShipmentBooked, ShipmentDelivered
from atelier.shipping.models import Adjustment, Shipment, TrackingUpdate
from atelier.shipping.tests.helpers import (
    ADDRESS_NOWHERE,
    ADDRESS_US,
    COORDINATOR,
    actor,
    counts,
    paid_order,
    passed,
    piece,
)

pytestmark = pytest.mark.django_db
D = Decimal


def _ready(shipment, *, product="N"):
    """Address confirmed, rate chosen, confirmed."""
    shipment = services.shipment_confirm_address(shipment=shipment, actor=COORDINATOR)
    if shipment.is_white_glove:
        day = date.today() + timedelta(days=2)
        day += timedelta(days=1) if day.weekday() == 6 else timedelta()
        shipment = services.shipment_book_slot(
            shipment=shipment, day=day, window="08:00-12:00", actor=COORDINATOR
        )
    else:
        rates = services.shipment_rates(shipment=shipment, actor=COORDINATOR)
        code = product if any(r.product_code == product for r in rates) else rates[0].product_code
        shipment = services.shipment_choose_rate(
            shipment=shipment, product_code=code, actor=COORDINATOR
        )
    return services.shipment_confirm(shipment=shipment, actor=COORDINATOR)


# --- what may leave --------------------------------------------------------------------


def test_a_paid_stock_order_is_ready_at_once(origin):
    lamp = piece()
    order = paid_order([(lamp, 2, "450.00")])

    shipment = services.shipment_prepare(order_ref=order.number, actor=COORDINATOR)

    assert shipment.number.startswith(f"SH-{date.today().year}-")
    assert shipment.status == ShipmentStatus.DRAFT
    assert [(ln.line_ref, ln.quantity, ln.unit_value) for ln in shipment.lines.all()] == [
        ("L1", 2, D("450.00"))
    ]
    assert shipment.destination["city"] == "Munich"
    assert shipment.destination["email"] == order.email


def test_made_to_order_pieces_that_have_not_passed_inspection_are_refused(origin):
    sofa = piece("Aria sofa", made_to_order=True)
    order = paid_order([(sofa, 2, "2490.00")])
    handlers.on_inspection_passed(passed(order, "L1", "IT-1"))
    before = counts()

    with pytest.raises(ValidationFailed) as refused:
        services.shipment_prepare(order_ref=order.number, actor=COORDINATOR)

    assert refused.value.code == "not_inspected"
    assert "Line L1 (Aria sofa): 1 of 2 piece(s) have not passed quality inspection" in (
        refused.value.message
    )
    assert counts() == before


def test_made_to_order_pieces_leave_once_each_has_passed(origin):
    sofa = piece("Aria sofa", made_to_order=True)
    order = paid_order([(sofa, 2, "2490.00")])
    for code in ("IT-2", "IT-1"):
        handlers.on_inspection_passed(passed(order, "L1", code))

    shipment = services.shipment_prepare(order_ref=order.number, actor=COORDINATOR)

    assert shipment.lines.get().item_codes == ["IT-1", "IT-2"]


def test_an_unpaid_order_is_not_shipped(origin):
    order = paid_order([(piece(), 1, "450.00")], status="confirmed")
    before = counts()

    with pytest.raises(Conflict) as refused:
        services.shipment_prepare(order_ref=order.number, actor=COORDINATOR)

    assert refused.value.code == "order_not_paid"
    assert counts() == before


def test_an_order_with_a_balance_due_is_not_shipped(origin):
    order = paid_order([(piece(), 1, "450.00")], paid=False)

    with pytest.raises(Conflict) as refused:
        services.shipment_prepare(order_ref=order.number, actor=COORDINATOR)

    assert refused.value.code == "balance_due"


def test_nothing_is_shipped_twice(origin):
    order = paid_order([(piece(), 1, "450.00")])
    services.shipment_prepare(order_ref=order.number, actor=COORDINATOR)

    with pytest.raises(Conflict) as refused:
        services.shipment_prepare(order_ref=order.number, actor=COORDINATOR)

    assert refused.value.code == "nothing_to_ship"
    assert Shipment.objects.count() == 1


def test_an_order_outside_a_store_managers_boutiques_looks_missing(origin):
    order = paid_order([(piece(), 1, "450.00")])  # online: no boutique
    manager = actor(Role.STORE_MANAGER, boutiques=(999,))

    with pytest.raises(NotFound):
        services.shipment_prepare(order_ref=order.number, actor=manager)


def test_a_role_without_manage_shipments_may_not_prepare(origin):
    order = paid_order([(piece(), 1, "450.00")])

    with pytest.raises(PermissionDenied):
        services.shipment_prepare(order_ref=order.number, actor=actor(Role.SALES_DIRECTOR))
    assert Shipment.objects.count() == 0


# --- the address ---------------------------------------------------------------------------


def test_the_carrier_confirms_and_normalises_the_address(origin, carrier):
    order = paid_order([(piece(), 1, "450.00")])
    shipment = services.shipment_prepare(order_ref=order.number, actor=COORDINATOR)

    shipment = services.shipment_confirm_address(shipment=shipment, actor=COORDINATOR)

    assert shipment.address_confirmed
    assert shipment.destination["city"] == "München"
    assert shipment.address_message == "Address confirmed."
    adjustment = Adjustment.objects.get(field="address.city")
    assert (adjustment.old_value, adjustment.new_value) == ("Munich", "München")
    assert adjustment.reason == "Normalised by the carrier"


def test_an_address_the_carrier_refuses_is_not_confirmed(origin, carrier):
    order = paid_order([(piece(), 1, "450.00")], address=ADDRESS_NOWHERE)
    shipment = services.shipment_prepare(order_ref=order.number, actor=COORDINATOR)
    before = counts()

    with pytest.raises(ValidationFailed) as refused:
        services.shipment_confirm_address(shipment=shipment, actor=COORDINATOR)

    assert refused.value.code == "address_refused"
    assert "Postcode '99999' does not exist in DE" in refused.value.message
    assert counts() == before
    shipment.refresh_from_db()
    assert not shipment.address_confirmed


def test_confirming_needs_a_confirmed_address_and_a_rate(origin, carrier):
    order = paid_order([(piece(), 1, "450.00")])
    shipment = services.shipment_prepare(order_ref=order.number, actor=COORDINATOR)

    with pytest.raises(ValidationFailed, match="Confirm the delivery address"):
        services.shipment_confirm(shipment=shipment, actor=COORDINATOR)
    shipment = services.shipment_confirm_address(shipment=shipment, actor=COORDINATOR)
    with pytest.raises(ValidationFailed, match="Choose a carrier rate first"):
        services.shipment_confirm(shipment=shipment, actor=COORDINATOR)
    assert Shipment.objects.get().status == ShipmentStatus.DRAFT


# --- adjustments -----------------------------------------------------------------------------


def test_adjustments_are_recorded_and_send_a_confirmed_shipment_back_to_draft(origin, carrier):
    order = paid_order([(piece(), 3, "450.00")])
    shipment = _ready(services.shipment_prepare(order_ref=order.number, actor=COORDINATOR))
    assert shipment.status == ShipmentStatus.CONFIRMED

    shipment = services.shipment_adjust(
        shipment=shipment, field="quantity.L1", value="2", reason="One lamp broken",
        actor=COORDINATOR,
    )  # fmt: skip

    assert shipment.status == ShipmentStatus.DRAFT
    assert shipment.lines.get().quantity == 2
    row = Adjustment.objects.get(field="quantity.L1")
    assert (row.old_value, row.new_value, row.reason, row.actor_label) == (
        "3", "2", "One lamp broken", "Production manager",
    )  # fmt: skip


def test_changing_the_address_needs_a_new_confirmation(origin, carrier):
    order = paid_order([(piece(), 1, "450.00")])
    shipment = services.shipment_prepare(order_ref=order.number, actor=COORDINATOR)
    shipment = services.shipment_confirm_address(shipment=shipment, actor=COORDINATOR)

    shipment = services.shipment_adjust(
        shipment=shipment, field="address.line1", value="Marienplatz 9",
        reason="Customer called", actor=COORDINATOR,
    )  # fmt: skip

    assert not shipment.address_confirmed
    assert shipment.destination["line1"] == "Marienplatz 9"


@pytest.mark.parametrize(
    ("field", "value", "reason", "code"),
    [
        ("quantity.L1", "2", "", "reason_required"),
        ("quantity.L1", "5", "More", "value"),
        ("quantity.L1", "0", "None", "value"),
        ("quantity.L9", "1", "Typo", "line"),
        ("address.city", "", "Wipe", "value"),
        ("address.country", "Germany", "Long", "value"),
        ("ship_date", "yesterday", "Late", "value"),
        ("ship_date", "2000-01-01", "Past", "value"),
        ("incoterm", "XYZ", "Unknown", "value"),
        ("rate_amount", "abc", "Typo", "value"),
        ("status", "delivered", "Cheat", "field"),
        ("quantity.L1", "1", "Same", "unchanged"),
    ],
)
def test_bad_adjustments_are_refused_and_write_nothing(origin, field, value, reason, code):
    order = paid_order([(piece(), 1, "450.00")])
    shipment = services.shipment_prepare(order_ref=order.number, actor=COORDINATOR)
    before = counts()

    with pytest.raises(ValidationFailed) as refused:
        services.shipment_adjust(
            shipment=shipment, field=field, value=value, reason=reason, actor=COORDINATOR
        )

    assert refused.value.code == code
    assert counts() == before


# --- rates ------------------------------------------------------------------------------------


def test_rates_say_the_date_they_are_for(origin, carrier):
    order = paid_order([(piece(), 1, "450.00")])
    shipment = services.shipment_prepare(order_ref=order.number, actor=COORDINATOR)
    saturday = date.today() + timedelta(days=(5 - date.today().weekday()) % 7 or 7)

    rates = services.shipment_rates(shipment=shipment, actor=COORDINATOR, ship_date=saturday)

    assert rates
    assert all(r.requested_date == saturday for r in rates)
    assert all(r.ship_date > saturday and r.ship_date.weekday() < 5 for r in rates)
    chosen = services.shipment_choose_rate(
        shipment=shipment, product_code=rates[0].product_code, actor=COORDINATOR,
        ship_date=saturday,
    )  # fmt: skip
    assert chosen.rate_date == rates[0].ship_date
    assert (chosen.rate_amount, chosen.rate_currency) == (rates[0].total.amount, "EUR")


def test_a_product_the_carrier_does_not_offer_is_refused(origin, carrier):
    order = paid_order([(piece(), 1, "450.00")])
    shipment = services.shipment_prepare(order_ref=order.number, actor=COORDINATOR)

    with pytest.raises(ValidationFailed, match="offers no product 'ZZ'"):
        services.shipment_choose_rate(shipment=shipment, product_code="ZZ", actor=COORDINATOR)
    assert Shipment.objects.get().product_code == ""


def test_rates_need_the_weight_from_the_catalogue(origin, carrier):
    order = paid_order([(piece("Bare stool", weight=None), 1, "90.00")])
    shipment = services.shipment_prepare(order_ref=order.number, actor=COORDINATOR)

    with pytest.raises(ValidationFailed, match=r"Line L1 \(Bare stool\): no weight"):
        services.shipment_rates(shipment=shipment, actor=COORDINATOR)
    assert not carrier.calls


# --- booking and customs -------------------------------------------------------------------


def test_booking_within_the_eu_needs_no_customs(origin, carrier):
    order = paid_order([(piece(), 1, "450.00")])
    shipment = _ready(services.shipment_prepare(order_ref=order.number, actor=COORDINATOR))

    shipment = services.shipment_book(shipment=shipment, actor=COORDINATOR)

    assert shipment.status == ShipmentStatus.BOOKED
    assert shipment.tracking_number
    assert shipment.label.read().startswith(b"%PDF")
    request = next(arg for name, arg in carrier.calls if name == "create_shipment")
    assert request.customs is None
    assert request.reference == shipment.number
    # The customer hears from sales (consent, language), reacting to shipping's events.
    assert not OutboxMessage.objects.exists()


def test_booking_abroad_sends_the_customs_declaration_built_from_the_lines(origin, carrier):
    lamp = piece("Lumen lamp", hs_code="9405.20", country="IT", weight="12.50")
    order = paid_order([(lamp, 2, "450.00")], address=ADDRESS_US)
    shipment = _ready(services.shipment_prepare(order_ref=order.number, actor=COORDINATOR))

    shipment = services.shipment_book(shipment=shipment, actor=COORDINATOR)

    request = next(arg for name, arg in carrier.calls if name == "create_shipment")
    (line,) = request.customs.lines
    assert (line.hs_code, line.country_of_manufacture, line.quantity) == ("9405.20", "IT", 2)
    assert (line.weight_kg, line.unit_value) == (D("25.00"), D("450.00"))
    assert (request.customs.currency, request.customs.incoterm) == ("EUR", "DAP")
    assert shipment.customs["lines"][0]["hs_code"] == "9405.20"
    assert shipment.customs_invoice.read().startswith(b"%PDF")


def test_customs_problems_are_refused_locally_without_calling_the_carrier(origin, carrier):
    chair = piece("Tulip chair", hs_code="", country="XK")  # not an ISO 3166 code
    order = paid_order([(chair, 1, "800.00")], address=ADDRESS_US)
    shipment = _ready(services.shipment_prepare(order_ref=order.number, actor=COORDINATOR))
    carrier.calls.clear()
    before = counts()

    with pytest.raises(ValidationFailed) as refused:
        services.shipment_book(shipment=shipment, actor=COORDINATOR)

    assert refused.value.code == "customs_invalid"
    assert refused.value.details["problems"] == [
        "Line 1 (Tulip chair (Walnut, wool)): the HS code is missing.",
        "Line 1 (Tulip chair (Walnut, wool)): country of manufacture 'XK' is not an "
        "ISO 3166 alpha-2 code.",
    ]
    assert carrier.calls == []
    assert counts() == before
    assert Shipment.objects.get().status == ShipmentStatus.CONFIRMED


def test_a_carrier_refusal_is_shown_and_nothing_is_booked(origin, carrier, monkeypatch):
    order = paid_order([(piece(), 1, "450.00")])
    shipment = _ready(services.shipment_prepare(order_ref=order.number, actor=COORDINATOR))
    Shipment.objects.filter(pk=shipment.pk).update(number="FAIL-REJECT-1")
    shipment.refresh_from_db()

    with pytest.raises(ValidationFailed) as refused:
        services.shipment_book(shipment=shipment, actor=COORDINATOR)

    assert "7008" in refused.value.message
    assert Shipment.objects.get().status == ShipmentStatus.CONFIRMED


def test_an_unknown_booking_outcome_is_noted_and_not_retried_blindly(origin, carrier):
    order = paid_order([(piece(), 1, "450.00")])
    shipment = _ready(services.shipment_prepare(order_ref=order.number, actor=COORDINATOR))
    Shipment.objects.filter(pk=shipment.pk).update(number="FAIL-TIMEOUT-1")
    shipment.refresh_from_db()

    with pytest.raises(Conflict) as refused:
        services.shipment_book(shipment=shipment, actor=COORDINATOR)

    assert refused.value.code == "booking_outcome_unknown"
    row = Shipment.objects.get()
    assert row.status == ShipmentStatus.CONFIRMED
    assert "Check with the carrier" in row.booking_note


def test_white_glove_is_booked_on_its_slot_without_a_carrier_label(origin, carrier):
    order = paid_order([(piece("Aria table"), 1, "3200.00")], method="white_glove")
    shipment = services.shipment_prepare(order_ref=order.number, actor=COORDINATOR)
    assert shipment.is_white_glove
    with pytest.raises(ValidationFailed, match="not priced by a carrier"):
        services.shipment_rates(shipment=shipment, actor=COORDINATOR)
    shipment = _ready(shipment)
    carrier.calls.clear()

    shipment = services.shipment_book(shipment=shipment, actor=COORDINATOR)

    assert shipment.status == ShipmentStatus.BOOKED
    assert (shipment.carrier, shipment.tracking_number, bool(shipment.label)) == (
        "white_glove", "", False,
    )  # fmt: skip
    assert carrier.calls == []


@pytest.mark.parametrize(
    ("offset", "window", "message"),
    [(0, "08:00-12:00", "after today"), (3, "02:00-03:00", "delivery windows")],
)
def test_bad_slots_are_refused(origin, offset, window, message):
    order = paid_order([(piece(), 1, "450.00")], method="white_glove")
    shipment = services.shipment_prepare(order_ref=order.number, actor=COORDINATOR)

    with pytest.raises(ValidationFailed, match=message):
        services.shipment_book_slot(
            shipment=shipment, day=date.today() + timedelta(days=offset), window=window,
            actor=COORDINATOR,
        )  # fmt: skip
    assert Shipment.objects.get().slot_date is None


# --- tracking ---------------------------------------------------------------------------------


def test_carrier_tracking_moves_the_shipment_to_delivered(origin, carrier):
    order = paid_order([(piece(), 1, "450.00")])
    shipment = _ready(services.shipment_prepare(order_ref=order.number, actor=COORDINATOR))
    shipment = services.shipment_book(shipment=shipment, actor=COORDINATOR)
    fake_advance(shipment.tracking_number)  # shipped
    fake_advance(shipment.tracking_number)  # out for delivery

    shipment = services.shipment_track_refresh(shipment=shipment, actor=COORDINATOR)
    assert shipment.status == ShipmentStatus.OUT_FOR_DELIVERY
    shipment = services.shipment_track_refresh(shipment=shipment, actor=COORDINATOR)
    assert TrackingUpdate.objects.count() == 2  # the same events twice: recorded once
    fake_advance(shipment.tracking_number)
    shipment = services.shipment_track_refresh(shipment=shipment, actor=COORDINATOR)

    assert shipment.status == ShipmentStatus.DELIVERED
    assert shipment.delivered_at
    assert list(TrackingUpdate.objects.values_list("status", flat=True)) == [
        "shipped", "out_for_delivery", "delivered",
    ]  # fmt: skip


def test_delivered_event_says_whether_the_order_is_complete(origin, carrier, monkeypatch):
    published = []
    monkeypatch.setattr(
        "atelier.shipping.services.notifying.publish", lambda event: published.append(event)
    )
    order = paid_order([(piece(), 1, "450.00")])
    shipment = _ready(services.shipment_prepare(order_ref=order.number, actor=COORDINATOR))
    shipment = services.shipment_book(shipment=shipment, actor=COORDINATOR)
    for step in ("shipped", "delivered"):
        shipment = services.shipment_mark(
            shipment=shipment, to_status=step, note="Driver called", actor=COORDINATOR
        )

    booked, _, delivered = published
    assert isinstance(booked, ShipmentBooked)
    assert isinstance(delivered, ShipmentDelivered)
    assert (delivered.shipment_number, delivered.order_ref, delivered.line_refs) == (
        shipment.number, order.number, ("L1",),
    )  # fmt: skip
    assert delivered.order_delivered is True


def test_a_manual_step_needs_a_note(origin, carrier):
    order = paid_order([(piece(), 1, "450.00")], method="white_glove")
    shipment = services.shipment_book(
        shipment=_ready(services.shipment_prepare(order_ref=order.number, actor=COORDINATOR)),
        actor=COORDINATOR,
    )
    before = counts()

    with pytest.raises(ValidationFailed, match="Add a note"):
        services.shipment_mark(
            shipment=shipment, to_status="out_for_delivery", note=" ", actor=COORDINATOR
        )
    assert counts() == before


def test_cancel_needs_a_reason_and_frees_the_pieces(origin):
    order = paid_order([(piece(), 1, "450.00")])
    shipment = services.shipment_prepare(order_ref=order.number, actor=COORDINATOR)
    with pytest.raises(ValidationFailed):
        services.shipment_cancel(shipment=shipment, reason="", actor=COORDINATOR)

    services.shipment_cancel(shipment=shipment, reason="Customer moves", actor=COORDINATOR)
    again = services.shipment_prepare(order_ref=order.number, actor=COORDINATOR)

    assert again.lines.get().quantity == 1


def test_the_beat_task_moves_every_shipment_on_the_road(origin, carrier):
    order = paid_order([(piece(), 1, "450.00")])
    shipment = _ready(services.shipment_prepare(order_ref=order.number, actor=COORDINATOR))
    shipment = services.shipment_book(shipment=shipment, actor=COORDINATOR)
    fake_advance(shipment.tracking_number)

    assert services.shipments_track_all() == 1
    assert services.shipments_track_all() == 0
    assert Shipment.objects.get().status == ShipmentStatus.SHIPPED
