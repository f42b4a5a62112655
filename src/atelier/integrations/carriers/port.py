"""The carriers port: what the shipping context may ask a carrier.

Two implementations: `dhl.DHLExpressClient` (DHL Express MyDHL API) and `fake.FakeCarrier`
(offline, the default). Both answer with these frozen dataclasses; money crosses the port
as `core.money.Money`, weights and sizes as `Decimal` (kg, cm).

Errors: `CarrierRejected` (the carrier refused the request: fix it, do not retry),
`CarrierUnavailable` (429/5xx/timeout before anything was booked: try again later),
`ShipmentOutcomeUnknown` (a shipment request may or may not have been booked: never rebook
automatically; look it up first) and `CustomsInvalid` (refused locally, nothing was sent).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Literal, Protocol

from atelier.core.money import Money

TrackingStatus = Literal["shipped", "out_for_delivery", "delivered", "exception"]
TRACKING_STATUSES: tuple[str, ...] = ("shipped", "out_for_delivery", "delivered", "exception")
INCOTERMS: tuple[str, ...] = (
    "EXW",
    "FCA",
    "CPT",
    "CIP",
    "DPU",
    "DAP",
    "DDP",
    "FAS",
    "FOB",
    "CFR",
    "CIF",
)
EXPORT_REASONS: tuple[str, ...] = (
    "sale",
    "permanent",
    "temporary",
    "return",
    "used_exhibition",
    "gift",
    "personal_belongings",
    "repair",
    "warranty",
)


# --- What we send -------------------------------------------------------------------
@dataclass(frozen=True)
class Party:
    """A shipper or receiver; `country` is ISO 3166 alpha-2. Pass fields by name."""

    name: str
    company: str = ""
    line1: str = ""  # street and house number
    line2: str = ""
    postcode: str = ""
    city: str = ""
    state: str = ""  # region / subdivision code (US state, German Land...), optional
    country: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Parcel:
    weight_kg: Decimal
    length_cm: Decimal
    width_cm: Decimal
    height_cm: Decimal


@dataclass(frozen=True)
class RateRequest:
    origin: Party
    destination: Party
    parcels: tuple[Parcel, ...]
    ship_date: date
    declared_value: Money | None = None
    customs_declarable: bool = False


@dataclass(frozen=True)
class CustomsLine:
    description: str
    hs_code: str
    country_of_manufacture: str
    quantity: int
    weight_kg: Decimal  # net weight of the whole line (all units)
    unit_value: Decimal  # per unit, in the declaration's currency


@dataclass(frozen=True)
class CustomsDeclaration:
    lines: tuple[CustomsLine, ...]
    currency: str
    incoterm: str
    invoice_number: str
    invoice_date: date
    export_reason: str = "sale"

    @property
    def total_value(self) -> Decimal:
        return sum((ln.unit_value * ln.quantity for ln in self.lines), Decimal(0))

    @property
    def total_weight_kg(self) -> Decimal:
        return sum((ln.weight_kg for ln in self.lines), Decimal(0))


@dataclass(frozen=True)
class ShipmentRequest:
    """`reference` is ours and unique per parcel set: the same reference is never booked twice."""

    reference: str
    product_code: str
    ship_date: date
    origin: Party
    destination: Party
    parcels: tuple[Parcel, ...]
    customs: CustomsDeclaration | None = None
    description: str = ""


# --- What carriers answer -----------------------------------------------------------
@dataclass(frozen=True)
class Rate:
    """A product on offer. `ship_date` is the date the rate is FOR (it may be later than
    `requested_date` when that day is not a business day at the origin)."""

    product_code: str
    product_name: str
    total: Money
    ship_date: date
    estimated_delivery: datetime | None
    requested_date: date

    @property
    def date_moved(self) -> bool:
        return self.ship_date != self.requested_date


@dataclass(frozen=True)
class AddressCheck:
    ok: bool
    normalised: Party | None
    message: str
    candidates: tuple[Party, ...] = ()


@dataclass(frozen=True)
class BookedShipment:
    reference: str
    tracking_number: str
    label_pdf: bytes
    documents: tuple[tuple[str, bytes], ...] = ()  # (name, PDF) e.g. commercial invoice
    carrier: str = ""  # "dhl" | "fake"
    tracking_url: str = ""


@dataclass(frozen=True)
class TrackingEvent:
    status: str  # one of TRACKING_STATUSES
    at: datetime
    description: str = ""
    location: str = ""


# --- What can go wrong ----------------------------------------------------------------
class CarrierError(Exception):
    """Base of every carrier failure; `message` is safe to show staff (never a secret)."""

    retryable: bool = False

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        details: tuple[str, ...] | list[str] = (),
        retryable: bool | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.status = status
        self.details = tuple(details)
        if retryable is not None:
            self.retryable = retryable

    def __str__(self) -> str:
        if self.details:
            return f"{self.message} ({'; '.join(self.details)})"
        return self.message


class CarrierRejected(CarrierError):
    """The carrier refused the request (4xx) with its own messages in `details`."""

    retryable = False


class CarrierUnavailable(CarrierError):
    """429, 5xx, timeout or network failure, and nothing was booked: try again later."""

    retryable = True


class ShipmentOutcomeUnknown(CarrierError):
    """A shipment request may or may not have been booked (timeout, 5xx after sending).
    Never book again automatically: look the reference up, or ask a person."""

    retryable = False


class CustomsInvalid(CarrierError):
    """The customs declaration is incomplete or inconsistent; nothing was sent."""

    retryable = False

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("The customs declaration is not valid.", details=self.problems)


class Carrier(Protocol):
    name: str

    def rates(self, req: RateRequest) -> list[Rate]: ...

    def validate_address(self, party: Party) -> AddressCheck: ...

    def create_shipment(self, req: ShipmentRequest) -> BookedShipment: ...

    def track(self, tracking_number: str) -> list[TrackingEvent]: ...
