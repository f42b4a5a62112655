"""payment_cancel: an abandoned order's payment can no longer be paid."""

import pytest

from atelier.core.errors import Conflict, ValidationFailed
from atelier.integrations.payments import registry
from atelier.payments import facade
from atelier.payments.enums import PaymentStatus
from atelier.payments.errors import PaymentProviderUnavailable
from atelier.payments.models import Payment
from atelier.payments.tests.helpers import SITE, start

pytestmark = pytest.mark.django_db


def kinds(events):
    return [type(e).__name__ for e in events]


def payment_of(info) -> Payment:
    return Payment.objects.get(reference=info.payment_id)


def test_an_open_payment_is_cancelled_at_the_provider(client, commit, events):
    info = start()

    with commit():
        facade.payment_cancel(payment_id=info.payment_id, reason="Order expired unpaid")

    payment = payment_of(info)
    assert payment.status == PaymentStatus.CANCELED
    assert kinds(events) == ["PaymentCanceled"]
    page = client.post(info.redirect_url.removeprefix(SITE), {"action": "succeed"})
    assert page.status_code == 409  # the payer can no longer pay it
    assert payment_of(info).status == PaymentStatus.CANCELED


def test_a_payer_quicker_than_the_cancellation_is_recorded_as_paid(commit, events):
    info = start()
    payment = payment_of(info)
    registry.offline().act(payment.provider_id, "succeed", send_webhook=False)

    with commit():
        facade.payment_cancel(payment_id=info.payment_id, reason="Order expired unpaid")

    assert payment_of(info).status == PaymentStatus.SUCCEEDED
    assert kinds(events) == ["PaymentSucceeded"]  # the order's owner refunds it


def test_a_paid_payment_is_refused(commit):
    info = start()
    with commit():
        registry.offline().act(payment_of(info).provider_id, "succeed")
    with pytest.raises(Conflict) as caught:
        facade.payment_cancel(payment_id=info.payment_id, reason="Too late")
    assert caught.value.code == "payment_succeeded"


def test_a_payment_never_created_at_the_provider_is_cancelled_at_once(stripe_mode, events):
    stripe_mode.queue("POST", "/v1/payment_intents", *[(503, {})] * 3)
    with pytest.raises(PaymentProviderUnavailable):
        start(key="k")
    payment = Payment.objects.get()

    info = facade.payment_cancel(payment_id=payment.reference, reason="Checkout abandoned")

    assert info.status == PaymentStatus.CANCELED
    assert not [r for r in stripe_mode.requests if r.path.endswith("/cancel")]


def test_a_reason_is_required():
    info = start()
    with pytest.raises(ValidationFailed):
        facade.payment_cancel(payment_id=info.payment_id, reason=" ")


def test_cancelling_twice_is_harmless(commit, events):
    info = start()
    with commit():
        facade.payment_cancel(payment_id=info.payment_id, reason="Expired")
        facade.payment_cancel(payment_id=info.payment_id, reason="Expired")
    assert kinds(events) == ["PaymentCanceled"]


def test_an_offline_payment_link_is_expired(seller, commit, events):
    facade.payment_link_create(
        order_ref="SO-2026-000005",
        amount="90.00",
        currency="EUR",
        description="Deposit",
        customer_email="",
        actor=seller,
    )
    payment = Payment.objects.get()
    with commit():
        facade.payment_cancel(payment_id=payment.reference, reason="Quotation withdrawn")
    assert Payment.objects.get().status == PaymentStatus.CANCELED
    assert kinds(events) == ["PaymentCanceled"]


def test_stripe_is_asked_to_cancel_the_intent(stripe_mode, commit, events):
    info = start()
    payment = payment_of(info)

    with commit():
        facade.payment_cancel(payment_id=info.payment_id, reason="Order expired unpaid")

    [sent] = stripe_mode.calls("POST", f"/v1/payment_intents/{payment.provider_id}/cancel")
    assert sent.headers["idempotency-key"] == f"atelier-cancel-{payment.token}"
    assert payment_of(info).status == PaymentStatus.CANCELED
    assert kinds(events) == ["PaymentCanceled"]


def test_a_stripe_link_is_cancelled_by_expiring_its_session(stripe_mode, seller, commit):
    facade.payment_link_create(
        order_ref="SO-2026-000006",
        amount="90.00",
        currency="EUR",
        description="Deposit",
        customer_email="",
        actor=seller,
    )
    payment = Payment.objects.get()
    with commit():
        facade.payment_cancel(payment_id=payment.reference, reason="Quotation withdrawn")
    assert stripe_mode.calls("POST", f"/v1/checkout/sessions/{payment.provider_session_id}/expire")
    assert Payment.objects.get().status == PaymentStatus.CANCELED
