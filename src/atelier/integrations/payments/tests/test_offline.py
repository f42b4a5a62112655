"""The offline provider behaves like Stripe: same shapes, same refusals, signed events."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from atelier.core.money import Money
from atelier.integrations.payments import signature
from atelier.integrations.payments.models import OfflineIntent
from atelier.integrations.payments.offline import OfflineProvider
from atelier.integrations.payments.port import ProviderNotFound, ProviderRejected

pytestmark = pytest.mark.django_db
SECRET = "whsec_offline_tests"
DELIVERED: list[tuple[str, dict, str]] = []


def collect(*, provider, payload, signature_header):
    """A webhook receiver for these tests: checks the signature like the real one."""
    signature.verify(payload, signature_header, SECRET)
    DELIVERED.append((provider, json.loads(payload), signature_header))


@pytest.fixture
def fake():
    DELIVERED.clear()
    return OfflineProvider(
        webhook_secret=SECRET,
        site_url="https://shop.example",
        receiver="atelier.integrations.payments.tests.test_offline.collect",
    )


def kinds() -> list[str]:
    return [event["type"] for _, event, _ in DELIVERED]


def open_intent(fake, key="k-1", amount=None, return_url="https://shop.example/done"):
    return fake.create_intent(
        amount=amount or Money("1200.00", "EUR"),
        description="Sofa",
        receipt_email="ada@example.com",
        metadata={"atelier_payment": "PAY-2026-000001"},
        return_url=return_url,
        idempotency_key=key,
    )


def test_an_intent_is_created_once_per_idempotency_key(fake):
    first = open_intent(fake)
    again = open_intent(fake)
    assert first.id == again.id
    assert first.status == "requires_payment_method"
    assert first.amount == Money("1200.00", "EUR")
    assert first.redirect_url == f"https://shop.example/pay/offline/{first.id}/"
    assert OfflineIntent.objects.count() == 1


def test_a_reused_key_with_other_parameters_is_refused_like_stripe(fake):
    open_intent(fake)
    with pytest.raises(ProviderRejected) as caught:
        open_intent(fake, amount=Money("1.00", "EUR"))
    assert caught.value.code == "idempotency_error"


def test_paying_announces_a_signed_payment_intent_succeeded(fake):
    intent = open_intent(fake)

    next_url = fake.act(intent.id, "succeed")

    assert next_url == (
        f"https://shop.example/done?payment_intent={intent.id}&redirect_status=succeeded"
    )
    assert kinds() == ["payment_intent.succeeded"]
    provider, event, header = DELIVERED[0]
    assert provider == "offline"
    assert event["data"]["object"]["amount_received"] == 120000
    assert event["data"]["object"]["metadata"] == {"atelier_payment": "PAY-2026-000001"}
    assert header.startswith("t=")
    assert fake.retrieve_intent(intent.id).status == "succeeded"


def test_a_decline_announces_a_failure_and_can_be_retried(fake):
    intent = open_intent(fake)

    assert fake.act(intent.id, "decline") == fake.page_url(intent.id)
    state = fake.retrieve_intent(intent.id)
    assert (state.status, state.failure_code) == ("requires_payment_method", "generic_decline")
    assert fake.page(intent.id).error_message == "Your card was declined."

    fake.act(intent.id, "succeed")
    assert kinds() == ["payment_intent.payment_failed", "payment_intent.succeeded"]


def test_requires_action_is_a_second_step(fake):
    intent = open_intent(fake)

    fake.act(intent.id, "require_action")
    assert fake.retrieve_intent(intent.id).status == "requires_action"
    with pytest.raises(ProviderRejected):
        fake.act(intent.id, "succeed")  # the payer must confirm first

    fake.act(intent.id, "fail_authentication")
    assert fake.retrieve_intent(intent.id).failure_code == "payment_intent_authentication_failure"
    fake.act(intent.id, "require_action")
    fake.act(intent.id, "authenticate")

    assert fake.retrieve_intent(intent.id).status == "succeeded"
    assert kinds() == [
        "payment_intent.requires_action",
        "payment_intent.payment_failed",
        "payment_intent.requires_action",
        "payment_intent.succeeded",
    ]


def test_a_lost_webhook_changes_the_intent_but_announces_nothing(fake):
    intent = open_intent(fake)
    fake.act(intent.id, "succeed", send_webhook=False)
    assert DELIVERED == []
    assert fake.retrieve_intent(intent.id).status == "succeeded"


def test_a_paid_intent_cannot_be_paid_again_or_cancelled(fake):
    intent = open_intent(fake)
    fake.act(intent.id, "succeed")
    with pytest.raises(ProviderRejected, match="status of succeeded"):
        fake.act(intent.id, "succeed")
    with pytest.raises(ProviderRejected) as caught:
        fake.cancel_intent(intent.id, idempotency_key="c")
    assert caught.value.code == "payment_intent_unexpected_state"


def test_cancelling_an_open_intent(fake):
    intent = open_intent(fake)
    assert fake.cancel_intent(intent.id, idempotency_key="c").status == "canceled"
    assert kinds() == ["payment_intent.canceled"]


def test_refunds_partial_then_full_then_refused(fake):
    intent = open_intent(fake)
    fake.act(intent.id, "succeed")

    def refund(amount, key):
        return fake.create_refund(
            intent_id=intent.id,
            amount=Money(amount, "EUR"),
            reason="requested_by_customer",
            metadata={"atelier_refund": key},
            idempotency_key=key,
        )

    first = refund("200.00", "r-1")
    assert refund("200.00", "r-1").id == first.id  # same key, same refund
    with pytest.raises(ProviderRejected) as too_much:
        refund("1000.01", "r-2")
    assert too_much.value.code == "amount_too_large"
    refund("1000.00", "r-3")
    with pytest.raises(ProviderRejected) as done:
        refund("0.01", "r-4")
    assert done.value.code == "charge_already_refunded"

    assert kinds() == ["payment_intent.succeeded", "charge.refunded", "charge.refunded"]
    charge = DELIVERED[-1][1]["data"]["object"]
    assert (charge["amount_refunded"], charge["refunded"]) == (120000, True)
    assert [r["metadata"]["atelier_refund"] for r in charge["refunds"]["data"]] == ["r-1", "r-3"]
    assert fake.retrieve_refund(first.id).status == "succeeded"


def test_an_unpaid_intent_cannot_be_refunded(fake):
    intent = open_intent(fake)
    with pytest.raises(ProviderRejected):
        fake.create_refund(
            intent_id=intent.id,
            amount=Money("1", "EUR"),
            reason=None,
            metadata={},
            idempotency_key="r",
        )


def test_a_checkout_session_completes_with_both_events(fake):
    session = fake.create_checkout_session(
        amount=Money("480.00", "EUR"),
        description="Balance",
        customer_email="ada@example.com",
        success_url="https://shop.example/thanks?session_id={CHECKOUT_SESSION_ID}",
        cancel_url="https://shop.example/thanks",
        client_reference_id="PAY-2026-000002",
        metadata={"atelier_payment": "PAY-2026-000002"},
        idempotency_key="link-1",
    )
    assert session.url == f"https://shop.example/pay/offline/{session.payment_intent}/"

    next_url = fake.act(session.payment_intent, "succeed")

    assert next_url == f"https://shop.example/thanks?session_id={session.id}"
    assert kinds() == ["payment_intent.succeeded", "checkout.session.completed"]
    completed = DELIVERED[1][1]["data"]["object"]
    assert (completed["status"], completed["payment_status"], completed["amount_total"]) == (
        "complete",
        "paid",
        48000,
    )
    assert fake.retrieve_checkout_session(session.id).status == "complete"


def test_a_checkout_session_expires_after_a_day(fake):
    session = fake.create_checkout_session(
        amount=Money("10.00", "EUR"),
        description="Deposit",
        customer_email="",
        success_url="https://shop.example/thanks",
        cancel_url="https://shop.example/thanks",
        client_reference_id="PAY-2026-000003",
        metadata={},
        idempotency_key="link-2",
    )
    OfflineIntent.objects.filter(session_id=session.id).update(
        session_expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert fake.retrieve_checkout_session(session.id).status == "expired"
    assert fake.page(session.payment_intent).expired
    with pytest.raises(ProviderRejected):
        fake.act(session.payment_intent, "succeed")


def test_unknown_ids_are_not_found(fake):
    with pytest.raises(ProviderNotFound):
        fake.retrieve_intent("pi_off_missing")
    with pytest.raises(ProviderNotFound):
        fake.act("pi_off_missing", "succeed")
    with pytest.raises(ProviderNotFound):
        fake.retrieve_refund("re_off_missing")


def test_an_unknown_action_is_refused(fake):
    intent = open_intent(fake)
    with pytest.raises(ProviderRejected):
        fake.act(intent.id, "steal")
