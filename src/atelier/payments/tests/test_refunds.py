"""Refunds, full and partial, through the outbox and the provider; over-refunds refused."""

import pytest

from atelier.core.enums import OutboxStatus
from atelier.core.errors import Conflict, NotFound, ValidationFailed
from atelier.core.models import OutboxMessage
from atelier.core.money import Money
from atelier.core.outbox import dispatch_due
from atelier.integrations.payments import registry
from atelier.integrations.payments.tests.stub import error
from atelier.payments import facade
from atelier.payments.enums import PaymentStatus, RefundStatus
from atelier.payments.models import Payment, Refund
from atelier.payments.tests.helpers import charge_obj, deliver, envelope, start

pytestmark = pytest.mark.django_db
EUR = "EUR"


@pytest.fixture
def paid(commit):
    """A paid offline payment of EUR 1,200.00."""
    info = start()
    payment = Payment.objects.get(reference=info.payment_id)
    with commit():
        registry.offline().act(payment.provider_id, "succeed")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    return payment


def refund(payment, amount, key="refund-1", reason="Order cancelled"):
    return facade.refund_create(
        payment_id=payment.reference,
        amount=Money(amount, EUR),
        reason=reason,
        idempotency_key=key,
    )


def kinds(events):
    return [type(e).__name__ for e in events]


def test_a_partial_refund_is_queued_then_sent_and_announced(paid, commit, events):
    events.clear()
    with commit():
        info = refund(paid, "200.00")

    assert info.status == RefundStatus.REQUESTED  # as returned, before the outbox ran
    assert info.amount == Money("200.00", EUR)
    row = Refund.objects.get(reference=info.refund_id)
    assert row.status == RefundStatus.SUCCEEDED
    assert row.provider_refund_id.startswith("re_off_")
    paid.refresh_from_db()
    assert paid.refunded == Money("200.00", EUR)
    assert kinds(events) == ["PaymentRefunded"]
    assert (events[0].refund_id, events[0].amount, events[0].currency) == (
        info.refund_id,
        "200.00",
        EUR,
    )
    assert OutboxMessage.objects.get().status == OutboxStatus.SENT
    [payment_info] = facade.payments_for_order(paid.order_ref)
    assert payment_info.refundable == Money("1000.00", EUR)


def test_a_full_refund_after_a_partial_one(paid, commit, events):
    events.clear()
    with commit():
        refund(paid, "200.00", key="r-1")
        refund(paid, "1000.00", key="r-2")

    paid.refresh_from_db()
    assert paid.refunded == paid.received
    assert kinds(events) == ["PaymentRefunded", "PaymentRefunded"]
    assert facade.payments_for_order(paid.order_ref)[0].refundable == Money(0, EUR)


def test_an_over_refund_is_refused_and_nothing_is_written(paid):
    refund(paid, "1000.00", key="r-1")

    with pytest.raises(ValidationFailed) as caught:
        refund(paid, "200.01", key="r-2")

    assert caught.value.code == "refund_exceeds_payment"
    assert "200.00 EUR" in caught.value.message  # what is left
    assert Refund.objects.count() == 1
    assert OutboxMessage.objects.count() == 1


def test_the_same_idempotency_key_returns_the_same_refund(paid):
    first = refund(paid, "50.00", key="same")
    again = refund(paid, "50.00", key="same")
    assert first.refund_id == again.refund_id
    assert Refund.objects.count() == 1
    with pytest.raises(Conflict):
        refund(paid, "60.00", key="same")


@pytest.mark.parametrize(
    ("amount", "currency", "code"),
    [("0", EUR, "invalid_refund"), ("-5", EUR, "invalid_refund"), ("1.005", EUR, "invalid_refund"),
     ("10", "USD", "currency_mismatch")],
)  # fmt: skip
def test_bad_amounts_are_refused(paid, amount, currency, code):
    with pytest.raises(ValidationFailed) as caught:
        facade.refund_create(
            payment_id=paid.reference,
            amount=Money(amount, currency),
            reason="x",
            idempotency_key="k",
        )
    assert caught.value.code == code
    assert Refund.objects.count() == 0


def test_a_reason_is_required(paid):
    with pytest.raises(ValidationFailed):
        refund(paid, "10.00", reason="  ")


def test_an_unpaid_payment_cannot_be_refunded():
    info = start()
    with pytest.raises(Conflict) as caught:
        facade.refund_create(
            payment_id=info.payment_id, amount=Money("1", EUR), reason="x", idempotency_key="k"
        )
    assert caught.value.code == "not_refundable"


def test_an_unknown_payment_is_not_found():
    with pytest.raises(NotFound):
        facade.refund_create(
            payment_id="PAY-1999-000001", amount=Money("1", EUR), reason="x", idempotency_key="k"
        )


def test_a_refund_leaves_only_if_the_callers_transaction_commits(paid, settings):
    settings.OUTBOX_DISPATCH_ON_COMMIT = False
    info = refund(paid, "100.00")
    assert Refund.objects.get(reference=info.refund_id).status == RefundStatus.REQUESTED
    assert dispatch_due() == {"sent": 1, "retry": 0, "failed": 0}
    assert Refund.objects.get(reference=info.refund_id).status == RefundStatus.SUCCEEDED
    assert dispatch_due() == {"sent": 0, "retry": 0, "failed": 0}


def test_the_providers_webhook_and_our_sender_count_the_refund_once(paid, commit, events):
    """The offline provider announces charge.refunded while our sender is still waiting
    for its answer: both paths meet on the refund's status."""
    events.clear()
    with commit():
        refund(paid, "300.00")
    paid.refresh_from_db()
    assert paid.refunded == Money("300.00", EUR)
    assert kinds(events) == ["PaymentRefunded"]


def test_a_refund_made_in_the_providers_dashboard_is_recorded(paid, commit, events):
    events.clear()
    with commit():
        deliver(envelope("charge.refunded", charge_obj(paid, refunded=15000)), provider="offline")
    refund_row = Refund.objects.get()
    assert (refund_row.origin, refund_row.amount) == ("provider", 150)
    assert kinds(events) == ["PaymentRefunded"]


# --- Stripe mode: refusals and outages --------------------------------------------------------
@pytest.fixture
def paid_on_stripe(stripe_mode, commit):
    from atelier.payments.tests.helpers import intent_obj

    info = start()
    payment = Payment.objects.get(reference=info.payment_id)
    with commit():
        deliver(envelope("payment_intent.succeeded", intent_obj(payment)))
    payment.refresh_from_db()
    return payment


def test_a_refund_sent_to_stripe_uses_its_own_idempotency_key(paid_on_stripe, stripe_mode, commit):
    with commit():
        info = refund(paid_on_stripe, "250.00")

    [sent] = stripe_mode.calls("POST", "/v1/refunds")
    row = Refund.objects.get(reference=info.refund_id)
    assert sent.headers["idempotency-key"] == f"atelier-refund-{row.token}"
    assert sent.data["payment_intent"] == paid_on_stripe.provider_id
    assert sent.data["amount"] == "25000"
    assert sent.data["metadata[atelier_refund]"] == info.refund_id
    assert row.status == RefundStatus.SUCCEEDED


def test_a_refund_refused_by_stripe_is_failed_and_not_retried(
    paid_on_stripe, stripe_mode, commit, events
):
    events.clear()
    stripe_mode.queue("POST", "/v1/refunds", (400, error("amount_too_large")))
    with commit():
        info = refund(paid_on_stripe, "250.00")

    row = Refund.objects.get(reference=info.refund_id)
    assert row.status == RefundStatus.FAILED
    assert "greater than unrefunded" in row.failure_message
    assert OutboxMessage.objects.get().status == OutboxStatus.FAILED
    assert events == []
    assert facade.payments_for_order(paid_on_stripe.order_ref)[0].refundable == Money(
        "1200.00", EUR
    )


def test_a_refund_during_a_stripe_outage_is_retried_by_the_outbox(
    paid_on_stripe, stripe_mode, commit, settings
):
    settings.OUTBOX_DISPATCH_ON_COMMIT = False
    stripe_mode.queue("POST", "/v1/refunds", *[(503, {})] * 3)
    info = refund(paid_on_stripe, "250.00")

    assert dispatch_due() == {"sent": 0, "retry": 1, "failed": 0}
    assert Refund.objects.get(reference=info.refund_id).status == RefundStatus.REQUESTED
    message = OutboxMessage.objects.get()
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=message.created_at)
    assert dispatch_due() == {"sent": 1, "retry": 0, "failed": 0}

    keys = {r.headers["idempotency-key"] for r in stripe_mode.calls("POST", "/v1/refunds")}
    assert len(keys) == 1
    assert Refund.objects.get(reference=info.refund_id).status == RefundStatus.SUCCEEDED
