"""Texts (and e-mails) to customers as their order moves: only with consent and a
phone, in their language, once per order and kind, never to a number that said STOP."""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model

from atelier.core.actor import system_actor
from atelier.core.errors import ValidationFailed
from atelier.core.models import OutboxMessage
from atelier.core.outbox import dispatch_due
from atelier.customers.services import contact_preference_set
from atelier.integrations.sms import delivery
from atelier.integrations.sms.console import ConsoleSms
from atelier.sales import services, sms, sms_handlers
from atelier.sales.models import Address, SalesOrder
from atelier.sales.tests.helpers import ADDRESS_FR, GUEST, order_row

pytestmark = pytest.mark.django_db
PHONE = "+33612345678"
# GSM 03.38 basic character set (what fits one 160-character SMS without UCS-2)
GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)


@pytest.fixture(autouse=True)
def _outbox(settings):
    settings.OUTBOX_DISPATCH_ON_COMMIT = False
    settings.SMS_PROVIDER = "console"
    ConsoleSms.sent.clear()


@dataclass(frozen=True)
class Shipment:  # shipping's events, by their fields (pipeline.md)
    shipment_number: str
    order_ref: str
    line_refs: tuple = ("L1",)
    carrier: str = "DHL Express"
    tracking_number: str = "1234567890"
    tracking_url: str = "https://dhl.example/track/1234567890"


@dataclass(frozen=True)
class ProductionStarted:
    number: str
    order_ref: str
    line_refs: tuple = ("L1",)


@dataclass(frozen=True)
class Confirmed:
    object_id: str


def _order(country="FR", **fields) -> SalesOrder:
    address = Address.objects.create(name="Camille", line1="1 rue X", city="Paris", country=country)
    fields = {"phone": PHONE, "sms_opt_in": True, **fields}
    return order_row("confirmed", shipping_address=address, **fields)


def _texts() -> list[dict]:
    return [m.payload for m in OutboxMessage.objects.filter(channel="sms").order_by("id")]


def test_every_step_texts_an_opted_in_customer_once():
    order = _order(language="en")
    sms_handlers.on_order_confirmed(Confirmed(object_id=str(order.pk)))
    sms_handlers.on_production_started(ProductionStarted(number="PO-1", order_ref=order.number))
    sms_handlers.on_production_started(ProductionStarted(number="PO-2", order_ref=order.number))
    shipment = Shipment(shipment_number="SH-1", order_ref=order.number)
    for handler in (
        sms_handlers.on_shipment_shipped,
        sms_handlers.on_shipment_out_for_delivery,
        sms_handlers.on_shipment_delivered,
    ):
        handler(shipment)
        handler(shipment)  # a handler run twice sends once
    bodies = [t["body"] for t in _texts()]
    assert bodies == [
        f"Atelier: your order {order.number} is confirmed. We will text you as it progresses. "
        "Reply STOP to opt out.",
        f"Atelier: our workshop has started making your order {order.number}.",
        f"Atelier: your order {order.number} has shipped. Track it: "
        "https://dhl.example/track/1234567890",
        f"Atelier: your order {order.number} is out for delivery today.",
        f"Atelier: your order {order.number} has been delivered. Thank you!",
    ]
    assert {t["to"] for t in _texts()} == {PHONE}
    emails = OutboxMessage.objects.filter(channel="email").order_by("id")
    assert [e.payload["subject"] for e in emails] == [
        f"Your Atelier order {order.number} is on its way",
        f"Your Atelier order {order.number} has been delivered",
    ]
    shipped = emails[0].payload
    assert "https://dhl.example/track/1234567890" in shipped["text"]
    assert 'href="https://dhl.example/track/1234567890"' in shipped["html"]


def test_a_second_shipment_gets_its_own_texts():
    order = _order()
    sms_handlers.on_shipment_shipped(Shipment(shipment_number="SH-1", order_ref=order.number))
    sms_handlers.on_shipment_shipped(Shipment(shipment_number="SH-2", order_ref=order.number))
    assert len(_texts()) == 2


def test_not_opted_in_or_no_phone_enqueues_nothing():
    for order in (_order(sms_opt_in=False), _order(phone="")):
        sms_handlers.on_order_confirmed(Confirmed(object_id=str(order.pk)))
        sms_handlers.on_shipment_out_for_delivery(
            Shipment(shipment_number="SH-1", order_ref=order.number)
        )
    assert _texts() == []


def test_unknown_order_or_no_order_ref_is_ignored():
    sms_handlers.on_production_started(ProductionStarted(number="PO-1", order_ref=""))
    assert sms.sms_for_order("SO-1999-000001", "delivered") is None
    assert _texts() == []
    with pytest.raises(ValueError, match="Unknown order text"):
        sms.sms_for_order("SO-1999-000001", "birthday")


@pytest.mark.parametrize(
    ("language", "country", "expected"),
    [
        ("fr", "GB", "Atelier : votre commande {n} a été livrée. Merci !"),
        ("it", "FR", "Atelier: il tuo ordine {n} è stato consegnato. Grazie!"),
        ("", "DE", "Atelier: Ihre Bestellung {n} wurde zugestellt. Vielen Dank!"),
        ("", "BE", "Atelier : votre commande {n} a été livrée. Merci !"),
        ("", "US", "Atelier: your order {n} has been delivered. Thank you!"),
    ],
)
def test_texts_are_in_the_customers_language(language, country, expected):
    order = _order(country=country, language=language)
    sms.sms_for_order(order.number, "delivered")
    assert _texts()[0]["body"] == expected.format(n=order.number)


def test_the_customers_own_preference_wins_and_counts_as_consent():
    user = get_user_model().objects.create_user(email="c@example.com", password="x-y-z-1234")
    contact_preference_set(
        user_id=user.pk,
        actor=system_actor(),
        sms_opt_in=True,
        phone="+39 312 345 6789",
        language="it",
    )
    order = _order(language="fr", sms_opt_in=False, phone="", customer=user)
    sms.sms_for_order(order.number, "out_for_delivery")
    assert _texts() == [
        {
            "to": "+393123456789",
            "body": f"Atelier: il tuo ordine {order.number} è in consegna oggi.",
        }
    ]


@pytest.mark.parametrize("language", sms.LANGUAGES)
def test_every_text_is_gsm7_and_fits_one_or_two_sms(language):
    for kind in sms.KINDS:
        body = sms.render(
            kind,
            language,
            number="SO-2026-000123",
            tracking_url="https://www.dhl.com/track?AWB=1234567890",
            when="12 May 10:00",
            place="Atelier Paris",
        )
        assert set(body) <= GSM7, (kind, language, set(body) - GSM7)
        assert len(body) <= 153 * 2


def test_shipped_without_a_tracking_link_points_to_the_order_page():
    order = _order(language="en")
    sms.sms_for_order(order.number, "shipped", shipment_number="SH-1")
    assert f"/orders/{order.number}/?token=" in _texts()[0]["body"]


def test_stop_then_a_message_is_not_sent_and_start_sends_again():
    order = _order()
    delivery.inbound_apply({"From": PHONE, "Body": "STOP"})
    sms.sms_for_order(order.number, "out_for_delivery", shipment_number="SH-1")
    dispatch_due()
    assert ConsoleSms.sent == []
    delivery.inbound_apply({"From": PHONE, "Body": "START"})
    sms.sms_for_order(order.number, "delivered", shipment_number="SH-1")
    dispatch_due()
    assert [m["to"] for m in ConsoleSms.sent] == [PHONE]


# --- consent at checkout ----------------------------------------------------------------
def _cart():
    cart = services.cart_create(actor=GUEST, region_code="eu")
    services.cart_line_add(cart=cart, sku="LUMEN-1", quantity=1, actor=GUEST)
    return cart


def _checkout(cart, **kwargs):
    fields = {
        "email": "camille@example.com",
        "phone": "+33 6 12 34 56 78",
        "shipping_address": ADDRESS_FR,
        "shipping_method": "standard",
        "actor": GUEST,
    }
    return services.cart_checkout(cart=cart, **{**fields, **kwargs})


def test_checkout_records_consent_and_language(world):
    order = _checkout(_cart(), sms_opt_in=True, language="fr-CH").order
    order.refresh_from_db()
    assert (order.sms_opt_in, order.language, str(order.phone)) == (True, "fr", PHONE)
    default = _checkout(_cart(), language="xx").order
    assert (default.sms_opt_in, default.language) == (False, "")


def test_consent_without_a_phone_is_refused_and_writes_nothing(world):
    before = SalesOrder.objects.count()
    with pytest.raises(ValidationFailed) as caught:
        _checkout(_cart(), phone="", sms_opt_in=True)
    assert caught.value.details["field"] == "phone"
    assert SalesOrder.objects.count() == before


def test_api_checkout_takes_sms_opt_in(world, client):
    import json

    token = client.post("/api/v1/carts", {"region": "eu"}, content_type="application/json")
    token = token.json()["token"]
    client.post(
        f"/api/v1/carts/{token}/lines",
        json.dumps({"sku": "LUMEN-1", "quantity": 1}),
        content_type="application/json",
    )
    payload = {
        "email": "camille@example.com",
        "phone": "+33 6 12 34 56 78",
        "sms_opt_in": True,
        "shipping_address": ADDRESS_FR,
        "shipping_method": "standard",
    }
    placed = client.post(
        f"/api/v1/carts/{token}/checkout",
        json.dumps(payload),
        content_type="application/json",
        headers={"Accept-Language": "fr"},
    )
    assert placed.status_code == 201, placed.content
    order = SalesOrder.objects.get(number=placed.json()["order_number"])
    assert (order.sms_opt_in, order.language) == (True, "fr")
