"""DHL Express at checkout: the carrier's rate for stock pieces with a known weight, in the
cart's currency; not offered otherwise (and the sales defaults stay as they were)."""

from __future__ import annotations

import pytest
from django.conf import settings

from atelier.core.money import Money
from atelier.sales.shipping_methods.port import Destination, ParcelLine, ShipmentSnapshot
from atelier.shipping.checkout_methods import DhlExpress
from atelier.shipping.tests.helpers import piece

pytestmark = pytest.mark.django_db
PARIS = Destination(country="FR", postcode="75001", city="Paris")


def _snapshot(*variants, currency="EUR", made_to_order=False):
    return ShipmentSnapshot(
        region_code="eu",
        currency=currency,
        goods=Money("900.00", currency),
        lines=tuple(ParcelLine(v.pk, 1, made_to_order) for v in variants),
    )


def test_registered_next_to_the_sales_methods():
    from atelier.sales.shipping_methods.registry import methods

    classes = [entry["class"] for entry in settings.SALES_EXTRA_SHIPPING_METHODS]
    assert classes == ["atelier.shipping.checkout_methods.DhlExpress"]
    assert {"dhl_express", "white_glove", "standard"} <= set(methods())


def test_quotes_the_carriers_cheapest_rate(origin, carrier):
    quote = DhlExpress().quote(_snapshot(piece(weight="12.50")), PARIS)

    rates = carrier.rates(carrier.calls[0][1])
    assert quote.code == "dhl_express"
    assert quote.price == min((r.total for r in rates), key=lambda m: m.amount)
    assert quote.eta.startswith("Estimated delivery")


def test_asks_the_carrier_once_for_the_same_cart(origin, carrier):
    snapshot = _snapshot(piece())
    DhlExpress().quote(snapshot, PARIS)
    DhlExpress().quote(snapshot, PARIS)

    assert [name for name, _ in carrier.calls] == ["rates"]


@pytest.mark.parametrize(
    ("weight", "currency", "made_to_order"),
    [(None, "EUR", False), ("12.50", "USD", False), ("12.50", "EUR", True)],
)
def test_not_offered_without_weight_in_another_currency_or_for_made_to_order(
    origin, carrier, weight, currency, made_to_order
):
    snapshot = _snapshot(piece(weight=weight), currency=currency, made_to_order=made_to_order)

    assert DhlExpress().quote(snapshot, PARIS) is None


def test_not_offered_when_the_carrier_is_down(origin, carrier):
    down = Destination(country="FR", postcode="00500", city="Paris")

    assert DhlExpress().quote(_snapshot(piece()), down) is None
