"""The payment-link message says what it pays: a quotation, a change's increase or the
balance of a made-to-order order (their own subject, text and HTML)."""

import pytest

from atelier.core.models import OutboxMessage
from atelier.core.money import Money
from atelier.core.roles import Role
from atelier.sales.enums import PaymentPurpose
from atelier.sales.services.made_to_order import line_finalise
from atelier.sales.services.notifications import payment_link_enqueue
from atelier.sales.tests.helpers import actor
from atelier.sales.tests.mto import committed, paid_sofa

pytestmark = pytest.mark.django_db
DESIGNER = actor(Role.DESIGNER)
URL = "https://pay.example/link/1"


def test_the_balance_link_after_finalisation_asks_for_the_balance(world):
    order = paid_sofa()
    with committed():
        _, settled = line_finalise(
            order=order, line_id=order.lines.get().pk, dimensions={"width": "260"},
            actor=DESIGNER,
        )  # fmt: skip

    message = OutboxMessage.objects.get(idempotency_key__startswith="sales:balance-link")
    payload = message.payload
    assert payload["subject"] == f"Balance of order {order.number}: 80.00 EUR to pay"
    for body in (payload["text"], payload["html"]):
        assert "quotation" not in body.lower()
        assert "finalised" in body
        assert "80.00" in body
    assert settled.payment_url in payload["text"]
    assert f'href="{settled.payment_url}"' in payload["html"]


def test_a_change_link_by_sms_names_the_change(world):
    order = paid_sofa()
    order.phone = "+33612345678"
    amount = Money("350.00", "EUR")
    with committed():
        payment_link_enqueue(
            order=order, url=URL, amount=amount, via="sms", key="t:sms",
            purpose=PaymentPurpose.CHANGE, change_ref="CR-2026-000001",
        )  # fmt: skip
    body = OutboxMessage.objects.get(idempotency_key="t:sms").payload["body"]
    assert body.startswith(f"Atelier: your change to order {order.number} costs 350.00 EUR")
    assert URL in body


def test_a_quotation_link_keeps_the_quotation_wording(world):
    order = paid_sofa()
    with committed():
        payment_link_enqueue(
            order=order, url=URL, amount=Money("10.00", "EUR"), via="email", key="t:quote"
        )
    payload = OutboxMessage.objects.get(idempotency_key="t:quote").payload
    assert payload["subject"] == f"Your Atelier quotation {order.number}"
    assert "quotation" in payload["text"]
