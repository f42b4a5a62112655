"""The DHL Express client against a local stub answering with DHL's documented examples."""

import base64
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from atelier.core.money import Money
from atelier.integrations.carriers.bookings import booking_resolve
from atelier.integrations.carriers.dhl import DHLExpressClient
from atelier.integrations.carriers.models import BookingStatus, CarrierBooking
from atelier.integrations.carriers.port import (
    CarrierRejected,
    CarrierUnavailable,
    CustomsInvalid,
    ShipmentOutcomeUnknown,
)
from atelier.integrations.carriers.tests.conftest import (
    MUNICH,
    customs,
    rate_request,
    shipment_request,
)
from atelier.integrations.carriers.tests.stub import EXAMPLES

pytestmark = pytest.mark.django_db

TUESDAY = date(2026, 12, 1)
SATURDAY = date(2026, 12, 5)
MONDAY = date(2026, 12, 7)
PROCESS_FAILURE = EXAMPLES["rates_500"]


# --- rates -------------------------------------------------------------------------------
def test_rates_are_read_from_dhls_answer_in_the_billing_currency(dhl, stub):
    rates = dhl.rates(rate_request(TUESDAY, declared_value=Money("4500", "EUR")))

    first = rates[0]
    assert (first.product_code, first.product_name) == ("P", "EXPRESS WORLDWIDE NONDOC")
    assert first.total == Money("157.95", "GBP")
    assert first.ship_date == first.requested_date == TUESDAY
    assert first.estimated_delivery == datetime(2022, 11, 24, 23, 59, tzinfo=UTC)
    (call,) = stub.calls("POST", "/rates")
    assert call.body["plannedShippingDateAndTime"] == "2026-12-01T10:00:00 GMT+00:00"
    assert call.body["accounts"] == [{"typeCode": "shipper", "number": "123456789"}]
    assert call.body["packages"][0] == {
        "weight": 42.5,
        "dimensions": {"length": 120.0, "width": 80.0, "height": 60.0},
    }
    assert call.body["monetaryAmount"] == [
        {"typeCode": "declaredValue", "value": 4500.0, "currency": "EUR"}
    ]
    assert (
        call.headers["authorization"]
        == "Basic " + base64.b64encode(b"test-key:test-secret").decode()
    )
    assert 28 <= len(call.headers["message-reference"]) <= 36


def test_a_saturday_without_products_is_asked_again_for_monday(dhl, stub):
    stub.closed_days = {SATURDAY, date(2026, 12, 6)}

    rates = dhl.rates(rate_request(SATURDAY))

    assert rates
    assert {r.ship_date for r in rates} == {MONDAY}
    assert {r.requested_date for r in rates} == {SATURDAY}
    assert rates[0].date_moved
    asked = [c.body["plannedShippingDateAndTime"][:10] for c in stub.calls("POST", "/rates")]
    assert asked == ["2026-12-05", "2026-12-07"]


def test_christmas_at_the_origin_moves_to_the_next_business_day_there(dhl, stub):
    stub.closed_days = {date(2026, 12, 25), date(2026, 12, 26), date(2026, 12, 27)}

    rates = dhl.rates(rate_request(date(2026, 12, 25)))  # Friday; 26th is Santo Stefano

    assert {r.ship_date for r in rates} == {date(2026, 12, 28)}
    assert len(stub.calls("POST", "/rates")) == 2


def test_no_products_on_a_business_day_is_an_empty_answer_not_another_date(dhl, stub):
    stub.closed_days = {TUESDAY}

    assert dhl.rates(rate_request(TUESDAY)) == []
    assert len(stub.calls("POST", "/rates")) == 1


def test_an_empty_product_list_on_a_holiday_also_moves_the_date(dhl, stub):
    stub.queue("POST", "/rates", (200, {"products": []}))

    rates = dhl.rates(rate_request(date(2026, 12, 8)))  # Immacolata, a holiday in Italy

    assert {r.ship_date for r in rates} == {date(2026, 12, 9)}


def test_rates_are_retried_after_429_honouring_retry_after(dhl, stub, slept):
    stub.queue("POST", "/rates", (429, {"title": "Too many requests"}, {"Retry-After": "3"}))

    assert dhl.rates(rate_request(TUESDAY))
    assert len(stub.calls("POST", "/rates")) == 2
    assert slept == [3.0]


def test_rates_after_repeated_500s_are_unavailable_with_dhls_message(dhl, stub, slept):
    stub.queue("POST", "/rates", *[(500, PROCESS_FAILURE)] * 3)

    with pytest.raises(CarrierUnavailable) as exc:
        dhl.rates(rate_request(TUESDAY))

    assert exc.value.retryable
    assert exc.value.status == 500
    assert "999: Process failure occurred" in exc.value.details[0]
    assert len(stub.calls("POST", "/rates")) == 3
    assert len(slept) == 2  # bounded: two pauses between three attempts


def test_a_timeout_on_rates_is_retried(dhl, stub):
    stub.queue("POST", "/rates", "timeout")

    assert dhl.rates(rate_request(TUESDAY))
    assert len(stub.calls("POST", "/rates")) == 2


def test_a_400_on_rates_is_rejected_at_once_with_dhls_detail(dhl, stub):
    stub.queue("POST", "/rates", (400, EXAMPLES["rates_400"]))

    with pytest.raises(CarrierRejected) as exc:
        dhl.rates(rate_request(TUESDAY))

    assert exc.value.status == 400
    assert not exc.value.retryable
    assert exc.value.details == (
        "The account number is not found or invalid. Please check the account number and retry.",
    )
    assert len(stub.calls("POST", "/rates")) == 1


def test_an_unreachable_dhl_is_unavailable_after_bounded_retries(slept):
    client = DHLExpressClient(
        api_base="http://127.0.0.1:9/mydhlapi",
        api_key="k",
        api_secret="s",
        account_number="1",
        timeout=0.5,
        sleep=slept.append,
    )
    with pytest.raises(CarrierUnavailable, match="could not be reached"):
        client.rates(rate_request(TUESDAY))
    assert len(slept) == 2


# --- address validation -------------------------------------------------------------------
def test_an_address_whose_city_is_one_of_dhls_names_for_the_postcode_is_confirmed(dhl, stub):
    check = dhl.validate_address(MUNICH)  # "München"; DHL says MUNICH / MUENCHEN

    assert check.ok
    assert check.normalised.city == "MUNICH"
    assert check.normalised.line1 == "Marienplatz 8"
    (call,) = stub.calls("GET", "/address-validate")
    assert call.query == {
        "type": "delivery",
        "countryCode": "DE",
        "strictValidation": "false",
        "postalCode": "80331",
    }


def test_a_uk_postcode_is_compared_without_its_space_and_case(dhl, stub):
    party = MUNICH.__class__(
        name="A", line1="1 Buckingham Palace Road", postcode="sw1a 1aa", city="London", country="GB"
    )
    stub.postcodes[("GB", "sw1a 1aa")] = ["LONDON"]

    assert dhl.validate_address(party).ok


def test_a_city_that_does_not_belong_to_the_postcode_is_refused_with_dhls_cities(dhl):
    check = dhl.validate_address(replace(MUNICH, city="Berlin"))

    assert not check.ok
    assert check.normalised is None
    assert "MUNICH, MUENCHEN" in check.message
    assert {c.city for c in check.candidates} == {"MUNICH", "MUENCHEN"}


def test_an_unknown_postcode_is_refused(dhl):
    check = dhl.validate_address(replace(MUNICH, postcode="80339"))

    assert not check.ok
    assert "80339" in check.message


def test_an_address_without_a_house_number_is_refused_without_asking_dhl(dhl, stub):
    check = dhl.validate_address(replace(MUNICH, line1="Marienplatz"))

    assert not check.ok
    assert "house number" in check.message
    assert stub.requests == []


def test_a_400_on_address_validation_is_rejected_with_dhls_detail(dhl, stub):
    stub.queue("GET", "/address-validate", (400, EXAMPLES["address_validate_400"]))

    with pytest.raises(CarrierRejected, match="cityName"):
        dhl.validate_address(MUNICH)


# --- shipments -----------------------------------------------------------------------------
def test_a_shipment_is_booked_with_its_label_and_customs_invoice(dhl, stub):
    booked = dhl.create_shipment(shipment_request())

    assert booked.tracking_number == "1103733901"
    assert booked.carrier == "dhl"
    assert booked.label_pdf.startswith(b"%PDF")
    assert [name for name, _ in booked.documents] == ["label-2", "invoice"]
    assert booked.documents[1][1].startswith(b"%PDF")
    (call,) = stub.calls("POST", "/shipments")
    content = call.body["content"]
    assert content["isCustomsDeclarable"] is True
    assert (content["declaredValue"], content["declaredValueCurrency"]) == (4500.0, "EUR")
    assert content["incoterm"] == "DAP"
    first = content["exportDeclaration"]["lineItems"][0]
    assert first == {
        "number": 1,
        "description": "Upholstered sofa, walnut frame",
        "price": 4200.0,
        "quantity": {"value": 1, "unitOfMeasurement": "PCS"},
        "commodityCodes": [{"typeCode": "outbound", "value": "940161"}],
        "exportReasonType": "permanent",
        "manufacturerCountry": "IT",
        "weight": {"netValue": 40.0, "grossValue": 40.0},
    }
    assert content["exportDeclaration"]["invoice"]["number"] == "INV-2026-000042"
    assert call.body["customerReferences"] == [{"value": "SHP-2026-000001", "typeCode": "CU"}]
    assert call.body["customerDetails"]["receiverDetails"]["postalAddress"]["postalCode"] == "10001"
    row = CarrierBooking.objects.get(reference="SHP-2026-000001")
    assert (row.status, row.tracking_number) == (BookingStatus.BOOKED, "1103733901")


def test_a_domestic_shipment_sends_no_customs(dhl, stub):
    rome = replace(MUNICH, country="IT", postcode="00186", city="Roma", line1="Via del Corso 3")
    dhl.create_shipment(shipment_request(destination=rome))

    content = stub.calls("POST", "/shipments")[0].body["content"]
    assert content["isCustomsDeclarable"] is False
    assert "exportDeclaration" not in content


def test_the_same_reference_is_never_booked_twice(dhl, stub):
    first = dhl.create_shipment(shipment_request())
    second = dhl.create_shipment(shipment_request())

    assert second == first
    assert len(stub.calls("POST", "/shipments")) == 1


def test_a_reference_already_booked_for_other_parcels_is_refused(dhl, stub):
    dhl.create_shipment(shipment_request())

    with pytest.raises(CarrierRejected, match="already booked"):
        dhl.create_shipment(shipment_request(product_code="K"))
    assert len(stub.calls("POST", "/shipments")) == 1


def test_a_500_while_booking_is_an_unknown_outcome_and_is_never_resent(dhl, stub):
    stub.queue("POST", "/shipments", (500, EXAMPLES["shipments_500"]))

    with pytest.raises(ShipmentOutcomeUnknown) as exc:
        dhl.create_shipment(shipment_request())
    assert "999: Process failure" in exc.value.details[0]
    with pytest.raises(ShipmentOutcomeUnknown, match="check with the carrier"):
        dhl.create_shipment(shipment_request())

    assert len(stub.calls("POST", "/shipments")) == 1
    assert CarrierBooking.objects.get().status == BookingStatus.UNKNOWN


def test_a_timeout_while_booking_is_an_unknown_outcome_and_is_never_resent(dhl, stub):
    stub.queue("POST", "/shipments", "timeout")

    with pytest.raises(ShipmentOutcomeUnknown, match="may have been booked"):
        dhl.create_shipment(shipment_request())
    with pytest.raises(ShipmentOutcomeUnknown):
        dhl.create_shipment(shipment_request())

    assert len(stub.calls("POST", "/shipments")) == 1


def test_once_a_person_confirms_nothing_was_booked_it_can_be_booked_again(dhl, stub):
    stub.queue("POST", "/shipments", "timeout")
    with pytest.raises(ShipmentOutcomeUnknown):
        dhl.create_shipment(shipment_request())

    booking_resolve(reference="SHP-2026-000001")
    booked = dhl.create_shipment(shipment_request())

    assert booked.tracking_number == "1103733901"
    assert len(stub.calls("POST", "/shipments")) == 2


def test_a_429_while_booking_is_retried_since_dhl_booked_nothing(dhl, stub, slept):
    stub.queue("POST", "/shipments", (429, {"title": "Too many requests"}, {"Retry-After": "1"}))

    booked = dhl.create_shipment(shipment_request())

    assert booked.tracking_number == "1103733901"
    assert len(stub.calls("POST", "/shipments")) == 2
    assert slept == [1.0]


@pytest.mark.parametrize(
    ("status", "example", "expected"),
    [
        (
            400,
            "shipments_400",
            (
                "998: ShipTimeStamp is not well formatted.(Expected Sample Format : "
                "'2010-02-11T17:10:09 GMT+01:00')",
                "7008: The requested Special Service Code  #/valueAddedServices/0/serviceCode "
                "'xx' is not available between this origin and destination. Please validate the "
                "products and services combination (via the /rates or /products service) or "
                "contact our customer service.",
            ),
        ),
        (
            422,
            "shipments_422",
            (
                "#/content/packages/0/identifiers/0: extraneous key [dataIdentifier] is not permitted",  # noqa: E501
            ),
        ),
    ],
)
def test_a_refused_shipment_says_why_and_may_be_sent_again_once_fixed(
    dhl, stub, status, example, expected
):
    stub.queue("POST", "/shipments", (status, EXAMPLES[example]))

    with pytest.raises(CarrierRejected) as exc:
        dhl.create_shipment(shipment_request())

    assert exc.value.status == status
    assert exc.value.details == expected
    assert CarrierBooking.objects.get().status == BookingStatus.FAILED
    assert dhl.create_shipment(shipment_request()).tracking_number == "1103733901"
    assert len(stub.calls("POST", "/shipments")) == 2


def test_an_invalid_customs_declaration_is_refused_before_any_request(dhl, stub):
    bad = customs(incoterm="XYZ")

    with pytest.raises(CustomsInvalid) as exc:
        dhl.create_shipment(shipment_request(customs=bad))

    assert exc.value.problems == [
        "Incoterm 'XYZ' is not one of EXW, FCA, CPT, CIP, DPU, DAP, DDP, FAS, FOB, CFR, CIF."
    ]
    assert stub.requests == []
    assert CarrierBooking.objects.count() == 0


def test_lines_heavier_than_the_parcels_are_refused_before_any_request(dhl, stub):
    heavy = customs()
    line = replace(heavy.lines[0], weight_kg=Decimal("90"))
    with pytest.raises(CustomsInvalid, match="more than the parcels"):
        dhl.create_shipment(shipment_request(customs=customs(lines=(line,))))
    assert stub.requests == []


# --- tracking ---------------------------------------------------------------------------------
def test_tracking_maps_dhls_checkpoints_to_shipped_out_for_delivery_delivered(dhl, stub):
    events = dhl.track("1103733901")

    statuses = [e.status for e in events]
    assert statuses[0] == "shipped"
    assert events[0].description == "Shipment picked up"
    assert statuses[-2:] == ["out_for_delivery", "delivered"]
    assert set(statuses) == {"shipped", "out_for_delivery", "delivered"}
    assert events[-1].at == datetime(2023, 8, 10, 11, 59, 23, tzinfo=UTC)
    assert events[0].location == "SYDNEY-AU"
    (call,) = stub.calls("GET", "/shipments/1103733901/tracking")
    assert call.query["trackingView"] == "all-checkpoints"


def test_an_unknown_tracking_number_is_rejected_with_404(dhl, stub):
    stub.queue("GET", "/shipments/1251820953/tracking", (404, EXAMPLES["tracking_404"]))

    with pytest.raises(CarrierRejected) as exc:
        dhl.track("1251820953")
    assert exc.value.status == 404
    assert exc.value.details == ("No data found",)


def test_tracking_is_retried_after_a_500(dhl, stub):
    stub.queue("GET", "/shipments/1103733901/tracking", (500, PROCESS_FAILURE))

    assert dhl.track("1103733901")
    assert len(stub.requests) == 2


def test_a_malformed_tracking_number_is_refused_without_a_request(dhl, stub):
    with pytest.raises(CarrierRejected):
        dhl.track("../rates")
    assert stub.requests == []


def test_a_404_from_address_validation_means_no_such_postcode(dhl, stub):
    stub.queue("GET", "/address-validate", (404, {"title": "Not found", "detail": "No data"}))

    check = dhl.validate_address(MUNICH)

    assert not check.ok
    assert "DHL does not know postcode '80331'" in check.message


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"country": ""}, "The address has no country."),
        ({"city": " ", "line1": ""}, "The address has no street, city."),
    ],
)
def test_an_incomplete_address_is_refused_without_asking_dhl(dhl, stub, changes, message):
    check = dhl.validate_address(replace(MUNICH, **changes))

    assert not check.ok
    assert check.message == message
    assert stub.requests == []
