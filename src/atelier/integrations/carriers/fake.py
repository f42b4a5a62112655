"""The offline carrier: behaves like DHL Express, failures included, without a network.

- rates: deterministic, by chargeable weight (actual or volumetric, 5000 cm3/kg) and
  zone (domestic, EU, rest of Europe, world); no products on days that are not business
  days at the origin, so the next-business-day logic runs as it does with DHL;
- addresses: the same matcher as DHL's check, against a small built-in table of real
  streets (house-number ranges, city aliases); other postcodes are accepted when their
  format is right for the country;
- shipments: booked once per reference (`CarrierBooking`), with a small valid PDF label
  and, for customs shipments, a commercial invoice;
- tracking: nothing until `fake_advance()` moves a shipment shipped -> out_for_delivery
  -> delivered (the demo and the end-to-end tests drive it).

Failures on demand: a destination postcode `00429` answers 429, `00500` answers 500; a
shipment reference starting `FAIL-429`, `FAIL-500`, `FAIL-REJECT` or `FAIL-TIMEOUT`
fails that way (a timeout leaves the outcome unknown, like DHL's).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from datetime import UTC, date, datetime, time
from decimal import ROUND_CEILING, Decimal

from django.db import transaction
from django.utils import timezone
from rapidfuzz import fuzz

from atelier.core.money import Money
from atelier.integrations.carriers import addresses
from atelier.integrations.carriers.bookings import book_once
from atelier.integrations.carriers.business_days import is_business_day, next_business_day
from atelier.integrations.carriers.customs import validate_declaration
from atelier.integrations.carriers.models import BookingStatus, CarrierBooking
from atelier.integrations.carriers.port import (
    TRACKING_STATUSES,
    AddressCheck,
    BookedShipment,
    CarrierRejected,
    CarrierUnavailable,
    Party,
    Rate,
    RateRequest,
    ShipmentOutcomeUnknown,
    ShipmentRequest,
    TrackingEvent,
)
from atelier.integrations.carriers.rating import rates_from_next_business_day

EU = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)
EUROPE = frozenset(["GB", "CH", "NO", "IS", "LI", "MC", "SM", "VA", "AD"])
# zone -> [(product code, name, base EUR, EUR per kg, transit business days, hour)]
PRODUCTS = {
    0: [
        ("N", "EXPRESS DOMESTIC", "12.00", "0.80", 1, 18),
        ("I", "DOMESTIC EXPRESS 9:00", "24.00", "0.90", 1, 9),
    ],
    1: [
        ("U", "EXPRESS WORLDWIDE EU", "28.00", "2.10", 2, 18),
        ("K", "EXPRESS 9:00", "55.00", "2.40", 1, 9),
    ],
    2: [
        ("P", "EXPRESS WORLDWIDE NONDOC", "45.00", "3.60", 2, 18),
        ("K", "EXPRESS 9:00", "80.00", "4.00", 1, 9),
    ],
    3: [("P", "EXPRESS WORLDWIDE NONDOC", "75.00", "6.50", 3, 18)],
}
# (country, postcode) -> (city names for the postcode, {street: (lowest, highest number)})
KNOWN = {
    ("DE", "80331"): (("München", "Munich"), {"Marienplatz": (1, 30), "Kaufingerstraße": (1, 40)}),
    ("DE", "10117"): (
        ("Berlin", "Berlin-Mitte"),
        {"Friedrichstraße": (50, 200), "Unter den Linden": (1, 80)},
    ),
    ("DE", "50667"): (("Köln", "Cologne"), {"Hohe Straße": (1, 160), "Domkloster": (1, 4)}),
    ("IT", "20121"): (("Milano", "Milan"), {"Via Montenapoleone": (1, 30), "Via Manzoni": (1, 45)}),
    ("IT", "50123"): (("Firenze", "Florence"), {"Via de' Tornabuoni": (1, 90)}),
    ("FR", "75001"): (("Paris",), {"Rue de Rivoli": (1, 250), "Rue Simart": (1, 40)}),
    ("FR", "75008"): (
        ("Paris",),
        {"Avenue des Champs-Élysées": (1, 150), "Rue du Faubourg Saint-Honoré": (1, 280)},
    ),
    ("US", "10001"): (
        ("New York", "NYC", "Manhattan"),
        {"West 34th Street": (1, 500), "7th Avenue": (300, 500)},
    ),
    ("US", "10022"): (
        ("New York", "NYC", "Manhattan"),
        {"Madison Avenue": (400, 700), "Park Avenue": (300, 600)},
    ),
    ("GB", "SW1A1AA"): (("London", "Westminster"), {"Buckingham Palace Road": (1, 20)}),
    ("GB", "W1J9BR"): (("London", "Mayfair"), {"Piccadilly": (1, 220)}),
    ("CH", "8001"): (("Zürich", "Zurich"), {"Bahnhofstrasse": (1, 110)}),
}
POSTCODE_FORMATS = {
    "DE": r"\d{5}",
    "IT": r"\d{5}",
    "FR": r"\d{5}",
    "ES": r"\d{5}",
    "AT": r"\d{4}",
    "CH": r"\d{4}",
    "BE": r"\d{4}",
    "NL": r"\d{4}[A-Z]{2}",
    "US": r"\d{5}",
    "GB": r"[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}",
    "DK": r"\d{4}",
    "SE": r"\d{5}",
    "PT": r"\d{7}",
}
UNKNOWN_POSTCODES = {"00000", "99999"}
TRACKING_URL = "https://carrier.fake.invalid/track/{}"


def zone(origin: str, destination: str) -> int:
    if origin == destination:
        return 0
    if origin in EU and destination in EU:
        return 1
    if {origin, destination} <= EU | EUROPE:
        return 2
    return 3


def chargeable_kg(parcels) -> Decimal:
    total = Decimal(0)
    for p in parcels:
        volumetric = p.length_cm * p.width_cm * p.height_cm / Decimal(5000)
        total += max(p.weight_kg, volumetric)
    # Rounded up to the next half kilo, like DHL's chargeable weight.
    return max((total * 2).to_integral_value(rounding=ROUND_CEILING) / 2, Decimal("0.5"))


def _business_days_after(day: date, n: int, country: str) -> date:
    for _ in range(n):
        day = next_business_day(day, country)
    return day


def _failure_for(code: str, what: str):
    if code.startswith("00429") or code.startswith("FAIL-429"):
        return CarrierUnavailable(
            f"The carrier is busy (429) for {what}; try again later.", status=429
        )
    if code.startswith("00500") or code.startswith("FAIL-500"):
        return CarrierUnavailable(
            f"The carrier failed (500) for {what}; try again later.",
            status=500,
            details=("999: Process failure occurred.",),
        )
    return None


def label_pdf(lines: list[str]) -> bytes:
    """A one-page PDF (A6) with `lines` of text, with a correct cross-reference table."""
    safe = [re.sub(r"[()\\]", "", strip) for strip in (addresses.strip_accents(x) for x in lines)]
    text = "BT /F1 11 Tf 20 390 Td 14 TL " + " ".join(f"({s}) '" for s in safe) + " ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 298 420] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text.encode("latin-1") + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


class FakeCarrier:
    name = "fake"

    # --- rates -----------------------------------------------------------------------
    def rates(self, req: RateRequest) -> list[Rate]:
        failure = _failure_for(req.destination.postcode, "rates")
        if failure:
            raise failure
        if not req.parcels:
            raise CarrierRejected("At least one parcel is needed for a rate.", status=400)
        return rates_from_next_business_day(req, lambda day: self._products(req, day))

    def _products(self, req: RateRequest, day: date) -> list[Rate]:
        origin = req.origin.country.upper()
        if not is_business_day(day, origin, req.origin.state):
            return []  # like DHL: no pickup that day, so no products
        z = zone(origin, req.destination.country.upper())
        kg = chargeable_kg(req.parcels)
        rates = []
        for code, name, base, per_kg, transit, hour in PRODUCTS[z]:
            total = Money(Decimal(base) + Decimal(per_kg) * kg, "EUR").rounded()
            arrives = _business_days_after(day, transit, req.destination.country.upper())
            rates.append(
                Rate(
                    product_code=code,
                    product_name=name,
                    total=total,
                    ship_date=day,
                    requested_date=req.ship_date,
                    estimated_delivery=datetime.combine(arrives, time(hour), tzinfo=UTC),
                )
            )
        return rates

    # --- addresses -------------------------------------------------------------------
    def validate_address(self, party: Party) -> AddressCheck:
        failure = _failure_for(party.postcode, "the address check")
        if failure:
            raise failure
        problem = addresses.missing(party)
        if problem:
            return AddressCheck(False, None, problem)
        country = party.country.upper()
        postcode = addresses.normalise_postcode(party.postcode, country)
        if not postcode:
            return AddressCheck(False, None, "The address has no postcode.")
        known = KNOWN.get((country, postcode))
        if known is None:
            return self._by_format(party, country, postcode)
        cities, streets = known
        city = addresses.city_in(party.city, cities)
        if city is None:
            return AddressCheck(
                False,
                None,
                f"{party.city!r} is not a city for postcode {party.postcode}; "
                f"expected {' / '.join(cities)}.",
                tuple(replace(party, city=c) for c in cities),
            )
        given = addresses.split_street(party.line1)
        if not given.number:
            return AddressCheck(False, None, f"No house number in {party.line1!r}.")
        best = max(
            streets, key=lambda s: fuzz.token_sort_ratio(given.street, addresses.normalise(s))
        )
        score = fuzz.token_sort_ratio(given.street, addresses.normalise(best))
        if score < addresses.STREET_THRESHOLD:
            return AddressCheck(
                False,
                None,
                f"No street like {party.line1!r} at postcode {party.postcode}.",
                tuple(replace(party, line1=f"{s} {given.number}") for s in streets),
            )
        low, high = streets[best]
        digits = re.match(r"\d+", given.number)
        if not digits or not low <= int(digits.group()) <= high:
            return AddressCheck(
                False,
                None,
                f"House number {given.number} does not exist in {best} (numbers {low} to {high}).",
            )
        line1 = (
            f"{given.number} {best}" if country in {"US", "GB", "FR"} else f"{best} {given.number}"
        )
        normalised = replace(
            party,
            line1=line1,
            city=cities[0],
            postcode=party.postcode.upper().strip(),
            country=country,
        )
        return AddressCheck(True, normalised, "Address confirmed.")

    def _by_format(self, party: Party, country: str, postcode: str) -> AddressCheck:
        pattern = POSTCODE_FORMATS.get(country)
        if postcode in UNKNOWN_POSTCODES or (pattern and not re.fullmatch(pattern, postcode)):
            return AddressCheck(
                False, None, f"Postcode {party.postcode!r} does not exist in {country}."
            )
        if not addresses.split_street(party.line1).number:
            return AddressCheck(False, None, f"No house number in {party.line1!r}.")
        if not party.city.strip():
            return AddressCheck(False, None, "The city is missing.")
        return AddressCheck(True, replace(party, country=country), "Postcode and city accepted.")

    # --- shipments -------------------------------------------------------------------
    def create_shipment(self, req: ShipmentRequest) -> BookedShipment:
        if req.customs is not None:
            validate_declaration(
                req.customs,
                destination_country=req.destination.country,
                origin_country=req.origin.country,
            )
        return book_once(self.name, req, lambda: self._book(req))

    def _book(self, req: ShipmentRequest) -> BookedShipment:
        ref = req.reference
        failure = _failure_for(ref, f"shipment {ref}")
        if failure:
            raise failure
        if ref.startswith("FAIL-REJECT"):
            raise CarrierRejected(
                "The carrier refused the shipment.",
                status=400,
                details=("7008: The requested product is not available on this route.",),
            )
        if ref.startswith("FAIL-TIMEOUT"):
            raise ShipmentOutcomeUnknown(
                f"No answer from the carrier for shipment {ref}; it may have been booked."
            )
        number = str(int(hashlib.sha256(ref.encode()).hexdigest(), 16) % 10**10).zfill(10)
        dest = req.destination
        label = label_pdf(
            [
                "FAKE EXPRESS",
                f"Waybill {number}",
                f"Product {req.product_code}",
                f"Ship date {req.ship_date.isoformat()}",
                f"Ref {ref}",
                "",
                dest.name,
                dest.company,
                dest.line1,
                dest.line2,
                f"{dest.postcode} {dest.city}",
                dest.country,
            ]
        )
        documents = ()
        if req.customs is not None:
            lines = [f"Commercial invoice {req.customs.invoice_number}"] + [
                f"{ln.quantity} x {ln.description} HS {ln.hs_code} {ln.country_of_manufacture} "
                f"{ln.unit_value} {req.customs.currency}"
                for ln in req.customs.lines
            ]
            documents = (("invoice", label_pdf(lines)),)
        return BookedShipment(
            reference=ref,
            tracking_number=number,
            label_pdf=label,
            carrier=self.name,
            tracking_url=TRACKING_URL.format(number),
            documents=documents,
        )

    # --- tracking --------------------------------------------------------------------
    def track(self, tracking_number: str) -> list[TrackingEvent]:
        row = _booking(tracking_number)
        return [
            TrackingEvent(
                status=e["status"],
                at=datetime.fromisoformat(e["at"]),
                description=e["description"],
                location=e["location"],
            )
            for e in row.tracking_events
        ]


def _booking(tracking_number: str) -> CarrierBooking:
    row = CarrierBooking.objects.filter(
        carrier=FakeCarrier.name, tracking_number=tracking_number, status=BookingStatus.BOOKED
    ).first()
    if row is None:
        raise CarrierRejected(f"No shipment {tracking_number} at the carrier.", status=404)
    return row


DESCRIPTIONS = {
    "shipped": "Shipment picked up",
    "out_for_delivery": "Shipment is out with courier for delivery",
    "delivered": "Delivered",
    "exception": "Delivery attempted; recipient not at home",
}


def fake_advance(
    tracking_number: str,
    status: str | None = None,
    *,
    at: datetime | None = None,
    location: str = "",
) -> TrackingEvent:
    """Move a fake shipment on: to `status`, or to the next of shipped ->
    out_for_delivery -> delivered. Returns the new event."""
    with transaction.atomic():
        row = _booking(tracking_number)
        row = CarrierBooking.objects.select_for_update().get(pk=row.pk)
        done = [e["status"] for e in row.tracking_events]
        if status is None:
            order = ["shipped", "out_for_delivery", "delivered"]
            remaining = [s for s in order if s not in done]
            if not remaining:
                raise CarrierRejected(f"Shipment {tracking_number} is already delivered.")
            status = remaining[0]
        if status not in TRACKING_STATUSES:
            raise CarrierRejected(f"Unknown tracking status {status!r}.")
        event = TrackingEvent(
            status=status,
            at=at or timezone.now(),
            description=DESCRIPTIONS[status],
            location=location or "Fake hub",
        )
        row.tracking_events = [
            *row.tracking_events,
            {
                "status": event.status,
                "at": event.at.isoformat(),
                "description": event.description,
                "location": event.location,
            },
        ]
        row.save(update_fields=["tracking_events", "updated"])
    return event
