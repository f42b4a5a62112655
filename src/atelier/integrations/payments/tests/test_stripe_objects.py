"""Stripe's shapes: minor units and the parsing of its objects and events."""

import json
from decimal import Decimal

import pytest

from atelier.core.money import Money
from atelier.integrations.payments.port import MalformedObject
from atelier.integrations.payments.stripe_objects import (
    from_minor,
    parse_charge,
    parse_event,
    parse_intent,
    parse_refund,
    parse_session,
    to_minor,
)
from atelier.integrations.payments.tests.stub import example


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [
        ("1234.56", "EUR", 123456),
        ("0.01", "GBP", 1),
        ("150000", "JPY", 150000),
        ("12.345", "BHD", 12345),
        ("5000", "ISK", 500000),  # Stripe sends ISK with two decimals
    ],
)
def test_amounts_go_to_the_smallest_unit_and_back(amount, currency, minor):
    money = Money(amount, currency)
    assert to_minor(money) == minor
    assert from_minor(minor, currency.lower()) == money


def test_an_amount_below_the_smallest_unit_is_refused():
    with pytest.raises(ValueError, match="decimals"):
        to_minor(Money("10.005", "EUR"))


def test_stripes_example_payment_intent_parses():
    intent = parse_intent(example("payment_intent"))
    assert intent.id == "pi_1PgafyB7WZ01zgkWSjxsAJo3"
    assert intent.amount == Money(Decimal("10.99"), "USD")
    assert intent.status == "requires_payment_method"
    assert intent.failure_code == ""


def test_a_payment_error_is_read_from_last_payment_error():
    obj = example("payment_intent") | {
        "last_payment_error": {"code": "card_declined", "decline_code": "insufficient_funds",
                               "message": "Your card has insufficient funds."},
    }  # fmt: skip
    intent = parse_intent(obj)
    assert (intent.failure_code, intent.failure_message) == (
        "insufficient_funds",
        "Your card has insufficient funds.",
    )


def test_stripes_example_objects_parse():
    assert parse_refund(example("refund")).amount == Money("1.00", "USD")
    charge = parse_charge(example("charge"))
    assert charge.refunds == ()
    assert charge.amount_refunded == Money(0, "USD")
    session = parse_session(example("checkout.session"))
    assert (session.status, session.payment_intent, session.amount_total) == (
        "open",
        "pi_1PgafyB7WZ01zgkWSjxsAJo3",
        None,
    )


def test_a_charge_without_its_refund_list_says_so():
    obj = example("charge")
    del obj["refunds"]
    assert parse_charge(obj).refunds is None


def test_an_event_parses_with_its_object():
    envelope = example("event") | {
        "type": "payment_intent.succeeded",
        "data": {"object": example("payment_intent")},
    }
    event = parse_event(json.dumps(envelope).encode())
    assert (event.id, event.type, event.created) == (
        "evt_1Pgc76B7WZ01zgkWwyRHS12y",
        "payment_intent.succeeded",
        1234567890,
    )
    assert event.object["id"] == "pi_1PgafyB7WZ01zgkWSjxsAJo3"


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'{"id": "evt_1", "type": "x", "created": 1}',
        b'{"id": "evt_1", "type": "x", "created": "yesterday", "data": {"object": {}}}',
        b'{"id": "", "type": "x", "created": 1, "data": {"object": {}}}',
        b'{"id": "evt_1", "object": "charge", "type": "x", "created": 1, "data": {"object": {}}}',
        "\xff".encode("latin-1"),
    ],
)
def test_malformed_events_are_refused(body):
    with pytest.raises(MalformedObject):
        parse_event(body)


@pytest.mark.parametrize(
    "change",
    [
        {"object": "charge"},
        {"amount": "1099"},
        {"amount": -1},
        {"amount": True},
        {"currency": "xyz"},
        {"currency": None},
        {"id": None},
        {"metadata": ["a"]},
    ],
)
def test_malformed_intents_are_refused(change):
    with pytest.raises(MalformedObject):
        parse_intent(example("payment_intent") | change)
