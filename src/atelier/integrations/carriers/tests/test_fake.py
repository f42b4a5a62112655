"""The offline carrier behaves like DHL: business days, address checks, failures, tracking."""

import re
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from atelier.core.money import Money
from atelier.integrations.carriers.fake import FakeCarrier, chargeable_kg, fake_advance, label_pdf
from atelier.integrations.carriers.models import BookingStatus, CarrierBooking
from atelier.integrations.carriers.port import (
    CarrierRejected,
    CarrierUnavailable,
    CustomsInvalid,
    Parcel,
    ShipmentOutcomeUnknown,
)
from atelier.integrations.carriers.tests.conftest import (
    MILAN,
    MUNICH,
    NEW_YORK,
    SOFA,
    customs,
    rate_request,
    shipment_request,
)

TUESDAY = date(2026, 12, 1)


@pytest.fixture
def fake():
    return FakeCarrier()


# --- rates -------------------------------------------------------------------------------
def test_rates_are_deterministic_by_weight_and_zone(fake):
    rates = fake.rates(rate_request(TUESDAY))  # Milan -> Munich, EU

    assert [(r.product_code, r.total) for r in rates] == [
        ("U", Money("270.55", "EUR")),  # 28.00 + 2.10 x 115.5 kg (volumetric, rounded up)
        ("K", Money("332.20", "EUR")),  # 55.00 + 2.40 x 115.5 kg
    ]
    assert rates == fake.rates(rate_request(TUESDAY))
    assert rates[0].estimated_delivery == datetime(2026, 12, 3, 18, tzinfo=UTC)


def test_chargeable_weight_is_the_larger_of_actual_and_volumetric():
    assert chargeable_kg((SOFA,)) == Decimal("115.5")  # 120 x 80 x 60 / 5000 = 115.2
    small = Parcel(Decimal("3.2"), Decimal("10"), Decimal("10"), Decimal("10"))
    assert chargeable_kg((small,)) == Decimal("3.5")
    assert chargeable_kg((small, small)) == Decimal("6.5")


def test_further_zones_cost_more(fake):
    eu = fake.rates(rate_request(TUESDAY))[0].total
    world = fake.rates(rate_request(TUESDAY, destination=NEW_YORK))[0].total
    domestic = fake.rates(rate_request(TUESDAY, destination=replace(MILAN, city="Roma")))[0]

    assert domestic.product_code == "N"
    assert domestic.total < eu < world


def test_a_saturday_is_quoted_for_monday_and_says_so(fake):
    rates = fake.rates(rate_request(date(2026, 12, 5)))

    assert {r.ship_date for r in rates} == {date(2026, 12, 7)}
    assert {r.requested_date for r in rates} == {date(2026, 12, 5)}


def test_christmas_at_the_origin_is_quoted_for_the_next_business_day(fake):
    rates = fake.rates(rate_request(date(2026, 12, 25)))

    assert {r.ship_date for r in rates} == {date(2026, 12, 28)}


@pytest.mark.parametrize(("postcode", "status"), [("00429", 429), ("00500", 500)])
def test_rates_fail_on_demand_like_dhl(fake, postcode, status):
    with pytest.raises(CarrierUnavailable) as exc:
        fake.rates(rate_request(TUESDAY, destination=replace(MUNICH, postcode=postcode)))
    assert exc.value.status == status
    assert exc.value.retryable


# --- addresses --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("line1", "postcode", "city", "country", "line1_out", "city_out"),
    [
        ("Marienplatz 8", "80331", "München", "DE", "Marienplatz 8", "München"),
        ("marienplatz 8", "80331", "MUNICH", "DE", "Marienplatz 8", "München"),
        ("Kaufingerstr. 12a", "80331", "Muenchen", "DE", "Kaufingerstraße 12a", "München"),
        ("Hohe Str. 41", "50667", "Cologne", "DE", "Hohe Straße 41", "Köln"),
        ("Via Montenapoleone, 8", "20121", "Milan", "IT", "Via Montenapoleone 8", "Milano"),
        ("V. Manzoni 3", "20121", "Milano", "IT", "Via Manzoni 3", "Milano"),
        ("9 R. Simart", "75001", "paris", "FR", "9 Rue Simart", "Paris"),
        ("101 Av. des Champs Elysees", "75008", "Paris", "FR",
         "101 Avenue des Champs-Élysées", "Paris"),
        ("350 W 34th St", "10001", "NYC", "US", "350 West 34th Street", "New York"),
        ("500 Madison Ave", "10022-1234", "Manhattan", "US", "500 Madison Avenue", "New York"),
        ("12 Buckingham Palace Rd", "sw1a 1aa", "Westminster", "GB",
         "12 Buckingham Palace Road", "London"),
    ],
)  # fmt: skip
def test_known_addresses_are_confirmed_despite_the_usual_differences(
    fake, line1, postcode, city, country, line1_out, city_out
):
    party = MUNICH.__class__(name="X", line1=line1, postcode=postcode, city=city, country=country)
    check = fake.validate_address(party)

    assert check.ok, check.message
    assert (check.normalised.line1, check.normalised.city) == (line1_out, city_out)


@pytest.mark.parametrize(
    ("line1", "postcode", "city", "country", "reason"),
    [
        ("Marienplatz 31", "80331", "München", "DE", "House number 31 does not exist"),
        ("Marienplatz", "80331", "München", "DE", "No house number"),
        ("Leopoldstraße 8", "80331", "München", "DE", "No street like"),
        ("Marienplatz 8", "80331", "Hamburg", "DE", "'Hamburg' is not a city for postcode 80331"),
        ("Marienplatz 8", "00000", "München", "DE", "Postcode '00000' does not exist"),
        ("Marienplatz 8", "8033", "München", "DE", "Postcode '8033' does not exist"),
        ("Via Montenapoleone 31", "20121", "Milano", "IT", "House number 31"),
        ("12 Buckingham Palace Road", "SW1A 1AB", "London", "GB", None),  # unknown, valid format
        ("12 Buckingham Palace Road", "SW1A", "London", "GB", "Postcode 'SW1A' does not exist"),
        ("5 Madison Avenue", "10022", "New York", "US", "House number 5"),
    ],
)
def test_a_wrong_house_number_or_postcode_is_never_confirmed(
    fake, line1, postcode, city, country, reason
):
    party = MUNICH.__class__(name="X", line1=line1, postcode=postcode, city=city, country=country)
    check = fake.validate_address(party)

    if reason is None:
        assert check.ok
        assert check.message == "Postcode and city accepted."
    else:
        assert not check.ok
        assert check.normalised is None
        assert reason in check.message


def test_a_wrong_city_offers_the_postcodes_cities_as_candidates(fake):
    check = fake.validate_address(replace(MUNICH, city="Augsburg"))

    assert [c.city for c in check.candidates] == ["München", "Munich"]


# --- shipments ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_shipment_gets_a_valid_pdf_label_and_a_customs_invoice(fake):
    booked = fake.create_shipment(shipment_request())

    assert re.fullmatch(r"\d{10}", booked.tracking_number)
    assert booked.carrier == "fake"
    assert booked.label_pdf.startswith(b"%PDF-1.4")
    assert booked.label_pdf.endswith(b"%%EOF\n")
    assert b"John Smith" in booked.label_pdf
    assert booked.tracking_number.encode() in booked.label_pdf
    assert [name for name, _ in booked.documents] == ["invoice"]
    assert booked.tracking_url.endswith(booked.tracking_number)


def test_the_label_pdfs_cross_reference_table_points_at_its_objects():
    pdf = label_pdf(["Hello (world)", "Grüße"])
    xref_at = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert pdf[xref_at:].startswith(b"xref")
    offsets = [int(x.split()[0]) for x in pdf[xref_at:].split(b"\n")[3:8]]
    assert [pdf[o:].split(b" ")[0] for o in offsets] == [b"1", b"2", b"3", b"4", b"5"]


@pytest.mark.django_db
def test_the_same_reference_is_booked_once(fake):
    first = fake.create_shipment(shipment_request())
    second = fake.create_shipment(shipment_request())

    assert first == second
    assert CarrierBooking.objects.count() == 1


@pytest.mark.django_db
def test_invalid_customs_are_refused_and_nothing_is_recorded(fake):
    with pytest.raises(CustomsInvalid) as exc:
        fake.create_shipment(shipment_request(customs=customs(currency="EURO")))

    assert exc.value.problems == ["Currency 'EURO' is not an ISO 4217 code."]
    assert CarrierBooking.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("reference", "error", "status", "then"),
    [
        ("FAIL-429-1", CarrierUnavailable, BookingStatus.FAILED, "books"),
        ("FAIL-500-1", CarrierUnavailable, BookingStatus.FAILED, "books"),
        ("FAIL-REJECT-1", CarrierRejected, BookingStatus.FAILED, "books"),
        ("FAIL-TIMEOUT-1", ShipmentOutcomeUnknown, BookingStatus.UNKNOWN, "refuses"),
    ],
)
def test_failures_on_demand_and_what_a_second_attempt_does(fake, reference, error, status, then):
    with pytest.raises(error):
        fake.create_shipment(shipment_request(reference))
    assert CarrierBooking.objects.get().status == status

    if then == "refuses":
        with pytest.raises(ShipmentOutcomeUnknown):
            fake.create_shipment(shipment_request(reference))
    else:  # still fails the same way: the guard let it through again
        with pytest.raises(error):
            fake.create_shipment(shipment_request(reference))
        assert CarrierBooking.objects.get().attempts == 2


# --- tracking -----------------------------------------------------------------------------
@pytest.mark.django_db
def test_tracking_moves_shipped_out_for_delivery_delivered(fake):
    number = fake.create_shipment(shipment_request()).tracking_number
    assert fake.track(number) == []

    fake_advance(number)
    fake_advance(number, location="New York")
    fake_advance(number, "delivered", at=datetime(2026, 12, 4, 14, tzinfo=UTC))

    events = fake.track(number)
    assert [e.status for e in events] == ["shipped", "out_for_delivery", "delivered"]
    assert events[1].location == "New York"
    assert events[2].at == datetime(2026, 12, 4, 14, tzinfo=UTC)
    with pytest.raises(CarrierRejected, match="already delivered"):
        fake_advance(number)


@pytest.mark.django_db
def test_an_unknown_tracking_number_is_rejected(fake):
    with pytest.raises(CarrierRejected) as exc:
        fake.track("0000000000")
    assert exc.value.status == 404


def test_an_address_without_a_postcode_is_refused(fake):
    check = fake.validate_address(replace(MUNICH, postcode=""))

    assert not check.ok
    assert check.message == "The address has no postcode."
