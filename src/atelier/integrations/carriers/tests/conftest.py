from datetime import date
from decimal import Decimal

import pytest

from atelier.integrations.carriers.dhl import DHLExpressClient
from atelier.integrations.carriers.port import (
    CustomsDeclaration,
    CustomsLine,
    Parcel,
    Party,
    RateRequest,
    ShipmentRequest,
)
from atelier.integrations.carriers.tests.stub import DHLStub

MILAN = Party(
    name="Atelier Milano",
    company="Atelier S.r.l.",
    line1="Via Montenapoleone 8",
    postcode="20121",
    city="Milano",
    country="IT",
    email="shipping@atelier.example",
    phone="+39 02 1234567",
)
MUNICH = Party(
    name="Anna Huber",
    line1="Marienplatz 8",
    postcode="80331",
    city="München",
    country="DE",
    email="anna@example.com",
    phone="+49 89 123456",
)
NEW_YORK = Party(
    name="John Smith",
    line1="350 West 34th Street",
    postcode="10001",
    city="New York",
    state="NY",
    country="US",
    email="john@example.com",
    phone="+1 212 555 0100",
)
SOFA = Parcel(
    weight_kg=Decimal("42.5"),
    length_cm=Decimal("120"),
    width_cm=Decimal("80"),
    height_cm=Decimal("60"),
)


def customs(**changes) -> CustomsDeclaration:
    fields = {
        "lines": (
            CustomsLine(
                description="Upholstered sofa, walnut frame",
                hs_code="940161",
                country_of_manufacture="IT",
                quantity=1,
                weight_kg=Decimal("40"),
                unit_value=Decimal("4200.00"),
            ),
            CustomsLine(
                description="Cushion, linen",
                hs_code="94049090",
                country_of_manufacture="IT",
                quantity=2,
                weight_kg=Decimal("2"),
                unit_value=Decimal("150.00"),
            ),
        ),
        "currency": "EUR",
        "incoterm": "DAP",
        "invoice_number": "INV-2026-000042",
        "invoice_date": date(2026, 12, 1),
    }
    return CustomsDeclaration(**{**fields, **changes})


def rate_request(ship_date: date, *, origin=MILAN, destination=MUNICH, **kw) -> RateRequest:
    return RateRequest(
        origin=origin, destination=destination, parcels=(SOFA,), ship_date=ship_date, **kw
    )


def shipment_request(reference="SHP-2026-000001", *, destination=NEW_YORK, **kw):
    fields = {
        "reference": reference,
        "product_code": "P",
        "ship_date": date(2026, 12, 1),
        "origin": MILAN,
        "destination": destination,
        "parcels": (SOFA,),
        "customs": customs() if destination.country != MILAN.country else None,
        "description": "Furniture",
    }
    return ShipmentRequest(**{**fields, **kw})


@pytest.fixture
def stub():
    server = DHLStub().start()
    yield server
    server.stop()


@pytest.fixture
def slept():
    return []


@pytest.fixture
def dhl(stub, slept):
    client = DHLExpressClient(
        api_base=stub.url,
        api_key="test-key",
        api_secret="test-secret",
        account_number="123456789",
        timeout=0.5,
        sleep=slept.append,
    )
    yield client
    client.close()
