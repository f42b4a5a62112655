"""POST /api/v1/payments/stripe/webhook: verified, recorded once, applied in order."""

import time

import pytest

from atelier.core.models import StatusChange
from atelier.payments.enums import PaymentStatus
from atelier.payments.errors import WebhookRejected
from atelier.payments.events import (
    PaymentCanceled,
    PaymentFailed,
    PaymentNeedsReview,
    PaymentRefunded,
    PaymentSucceeded,
)
from atelier.payments.models import Payment, Refund, WebhookEvent
from atelier.payments.tests.helpers import (
    SECRET,
    charge_obj,
    declined,
    deliver,
    envelope,
    intent_obj,
    make_payment,
    post,
    refund_obj,
    session_obj,
    signed,
)

pytestmark = pytest.mark.django_db


def status(payment) -> str:
    return Payment.objects.get(pk=payment.pk).status


def kinds(events) -> list[str]:
    return [type(e).__name__ for e in events]


def nothing_written(payment, events):
    assert WebhookEvent.objects.count() == 0
    assert status(payment) == PaymentStatus.REQUIRES_PAYMENT
    assert StatusChange.objects.count() == 0
    assert events == []


# --- Refused before anything is written ---------------------------------------------------
def test_a_missing_signature_is_refused_with_400_and_nothing_written(client, commit, events):
    payment = make_payment()
    payload, _ = signed(envelope("payment_intent.succeeded", intent_obj(payment)))

    with commit():
        response = post(client, payload=payload, header=None)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "signature_missing_header"
    nothing_written(payment, events)


def test_a_forged_signature_is_refused(client, commit, events):
    payment = make_payment()
    evt = envelope("payment_intent.succeeded", intent_obj(payment))
    _, forged = signed(evt, secret="whsec_attacker")

    with commit():
        response = post(client, evt, header=forged)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "signature_mismatch"
    nothing_written(payment, events)


def test_a_stale_timestamp_is_refused(client, commit, events):
    payment = make_payment()
    evt = envelope("payment_intent.succeeded", intent_obj(payment))
    _, stale = signed(evt, timestamp=int(time.time()) - 3600)

    with commit():
        response = post(client, evt, header=stale)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "signature_stale"
    nothing_written(payment, events)


def test_one_valid_v1_among_several_is_accepted(client, commit, events):
    payment = make_payment()
    evt = envelope("payment_intent.succeeded", intent_obj(payment))
    _, good = signed(evt)
    t, v1 = good.split(",")
    header = f"{t},v1={'0' * 64},{v1},v0={'f' * 64}"

    with commit():
        response = post(client, evt, header=header)

    assert response.status_code == 200
    assert status(payment) == PaymentStatus.SUCCEEDED


@pytest.mark.parametrize(("age", "accepted"), [(300, True), (301, False)])
def test_the_tolerance_boundary_is_300_seconds(commit, events, age, accepted):
    payment = make_payment()
    evt = envelope("payment_intent.succeeded", intent_obj(payment))
    now = 1_750_000_000
    payload, header = signed(evt, timestamp=now - age)
    from atelier.payments.services import webhook_receive

    with commit():
        if accepted:
            webhook_receive(provider="stripe", payload=payload, signature_header=header, now=now)
        else:
            with pytest.raises(WebhookRejected):
                webhook_receive(
                    provider="stripe", payload=payload, signature_header=header, now=now
                )

    assert (status(payment) == PaymentStatus.SUCCEEDED) is accepted
    assert WebhookEvent.objects.count() == (1 if accepted else 0)


@pytest.mark.parametrize(
    "body", [b"not json", b"{}", b'{"id": "evt_1", "type": "payment_intent.succeeded"}']
)
def test_a_malformed_body_with_a_valid_signature_is_400(client, body):
    response = post(client, payload=body, header=f"t={int(time.time())},v1=x")
    assert response.status_code == 400  # the signature fails first here...
    from atelier.integrations.payments import signature

    response = post(client, payload=body, header=signature.sign(body, SECRET))
    assert response.status_code == 400  # ...and the body here
    assert response.json()["error"]["code"] == "malformed_event"
    assert WebhookEvent.objects.count() == 0


def test_a_handled_type_whose_object_is_malformed_is_400_and_nothing_written(client):
    payment = make_payment()
    obj = intent_obj(payment) | {"amount_received": "lots"}
    response = post(client, envelope("payment_intent.succeeded", obj))
    assert response.status_code == 400
    assert WebhookEvent.objects.count() == 0
    assert status(payment) == PaymentStatus.REQUIRES_PAYMENT


# --- Processed ------------------------------------------------------------------------------
def test_payment_intent_succeeded_marks_paid_and_announces_once(client, commit, events):
    payment = make_payment()
    evt = envelope("payment_intent.succeeded", intent_obj(payment))

    with commit():
        response = post(client, evt)

    assert response.status_code == 200
    assert response.json() == {"received": True, "outcome": "processed"}
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert payment.received == payment.money
    assert events == [
        PaymentSucceeded(
            payment_id=payment.reference,
            order_ref=payment.order_ref,
            purpose="order",
            amount="1200.00",
            currency="EUR",
            occurred_at=events[0].occurred_at,
        )
    ]
    row = WebhookEvent.objects.get()
    assert (row.event_id, row.type, row.outcome, row.payment) == (
        evt["id"],
        "payment_intent.succeeded",
        "processed",
        payment,
    )
    change = StatusChange.objects.get()
    assert (change.from_status, change.to_status, change.actor_label) == (
        "requires_payment",
        "succeeded",
        "payment provider",
    )


def test_a_redelivery_is_a_duplicate_and_changes_nothing(client, commit, events):
    payment = make_payment()
    evt = envelope("payment_intent.succeeded", intent_obj(payment))

    with commit():
        first = post(client, evt)
        second = post(client, evt)
        third = post(client, evt)

    assert [r.status_code for r in (first, second, third)] == [200, 200, 200]
    assert [r.json()["outcome"] for r in (first, second, third)] == [
        "processed",
        "duplicate",
        "duplicate",
    ]
    assert WebhookEvent.objects.count() == 1
    assert StatusChange.objects.count() == 1
    assert kinds(events) == ["PaymentSucceeded"]


def test_an_unknown_event_type_is_200_ignored_and_recorded(client, commit, events):
    evt = envelope("customer.subscription.created", {"id": "sub_1", "object": "subscription"})
    with commit():
        response = post(client, evt)
    assert response.status_code == 200
    assert response.json()["outcome"] == "ignored"
    row = WebhookEvent.objects.get()
    assert (row.outcome, row.payload) == ("ignored", None)
    assert events == []


def test_an_event_about_an_unknown_payment_is_ignored(client, commit, events):
    stranger = make_payment()
    obj = intent_obj(stranger) | {"metadata": {}}
    Payment.objects.filter(pk=stranger.pk).delete()
    with commit():
        response = post(client, envelope("payment_intent.succeeded", obj))
    assert response.json()["outcome"] == "ignored"
    assert events == []


def test_an_offline_event_cannot_touch_a_stripe_payment(commit, events):
    payment = make_payment()
    with commit():
        result = deliver(
            envelope("payment_intent.succeeded", intent_obj(payment)), provider="offline"
        )
    assert result.outcome == "ignored"
    assert status(payment) == PaymentStatus.REQUIRES_PAYMENT


# --- Amounts ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("amount", "currency"), [(119999, "eur"), (120001, "eur"), (120000, "usd"), (12000, "eur")]
)
def test_an_amount_or_currency_mismatch_is_flagged_never_paid(commit, events, amount, currency):
    payment = make_payment()
    evt = envelope(
        "payment_intent.succeeded", intent_obj(payment, amount=amount, currency=currency)
    )

    with commit():
        result = deliver(evt)

    assert result.outcome == "flagged"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REQUIRES_PAYMENT
    assert payment.needs_review
    assert "1,200.00 EUR expected" in payment.review_reason
    assert kinds(events) == ["PaymentNeedsReview"]
    assert isinstance(events[0], PaymentNeedsReview)
    assert WebhookEvent.objects.get().outcome == "flagged"


# --- Out of order -----------------------------------------------------------------------------
def test_a_failure_arriving_after_success_does_not_unpay(commit, events):
    payment = make_payment()
    now = int(time.time())
    failed = envelope(
        "payment_intent.payment_failed",
        intent_obj(payment, status="requires_payment_method", error=declined()),
        created=now - 60,
    )
    succeeded = envelope("payment_intent.succeeded", intent_obj(payment), created=now)

    with commit():
        deliver(succeeded)
        late = deliver(failed)

    assert late.outcome == "ignored"
    assert status(payment) == PaymentStatus.SUCCEEDED
    assert kinds(events) == ["PaymentSucceeded"]


def test_an_older_state_does_not_rewind_a_newer_one(commit, events):
    payment = make_payment()
    now = int(time.time())
    action = envelope(
        "payment_intent.requires_action",
        intent_obj(payment, status="requires_action"),
        created=now - 30,
    )
    failed = envelope(
        "payment_intent.payment_failed",
        intent_obj(payment, status="requires_payment_method", error=declined()),
        created=now,
    )

    with commit():
        deliver(failed)
        stale = deliver(action)

    assert stale.outcome == "ignored"
    assert status(payment) == PaymentStatus.FAILED
    assert kinds(events) == ["PaymentFailed"]


def test_a_retry_after_a_decline_succeeds_and_each_decline_is_announced(commit, events):
    payment = make_payment()
    now = int(time.time())
    fail = intent_obj(payment, status="requires_payment_method", error=declined())

    with commit():
        deliver(envelope("payment_intent.payment_failed", fail, created=now - 20))
        deliver(envelope("payment_intent.payment_failed", fail, created=now - 10))
        deliver(envelope("payment_intent.succeeded", intent_obj(payment), created=now))

    assert status(payment) == PaymentStatus.SUCCEEDED
    assert kinds(events) == ["PaymentFailed", "PaymentFailed", "PaymentSucceeded"]
    assert [e.attempt for e in events[:2]] == [1, 2]
    assert events[0].failure_code == "generic_decline"
    assert isinstance(events[0], PaymentFailed)


def test_a_refund_arriving_before_the_success_pays_then_refunds(commit, events):
    payment = make_payment()
    charge = charge_obj(payment, refunded=50000, refunds=[refund_obj("re_early", 50000)])

    with commit():
        first = deliver(envelope("charge.refunded", charge))
        late = deliver(envelope("payment_intent.succeeded", intent_obj(payment)))

    assert (first.outcome, late.outcome) == ("processed", "ignored")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert payment.refunded.amount == 500
    refund = Refund.objects.get()
    assert (refund.provider_refund_id, refund.origin, refund.status) == (
        "re_early",
        "provider",
        "succeeded",
    )
    assert kinds(events) == ["PaymentSucceeded", "PaymentRefunded"]
    assert events[1] == PaymentRefunded(
        payment_id=payment.reference,
        order_ref=payment.order_ref,
        refund_id=refund.reference,
        amount="500.00",
        currency="EUR",
        occurred_at=events[1].occurred_at,
    )


def test_a_refund_for_a_charge_of_another_amount_is_flagged(commit, events):
    payment = make_payment()
    charge = charge_obj(payment, amount=100, refunded=100, refunds=[refund_obj("re_x", 100)])
    with commit():
        result = deliver(envelope("charge.refunded", charge))
    assert result.outcome == "flagged"
    assert status(payment) == PaymentStatus.REQUIRES_PAYMENT
    assert Refund.objects.count() == 0


def test_refunds_without_the_list_are_recorded_by_the_unexplained_amount(commit, events):
    payment = make_payment()
    with commit():
        deliver(envelope("payment_intent.succeeded", intent_obj(payment)))
        deliver(envelope("charge.refunded", charge_obj(payment, refunded=20000)))
        deliver(envelope("charge.refunded", charge_obj(payment, refunded=20000)))  # same state
        deliver(envelope("charge.refunded", charge_obj(payment, refunded=50000)))

    payment.refresh_from_db()
    assert payment.refunded.amount == 500
    assert sorted(r.amount for r in Refund.objects.all()) == [200, 300]
    assert kinds(events) == ["PaymentSucceeded", "PaymentRefunded", "PaymentRefunded"]


# --- Checkout sessions (payment links) -----------------------------------------------------
def link_payment():
    return make_payment(kind="link", provider_id="", provider_session_id="cs_test_link")


def test_checkout_session_completed_pays_a_link_and_learns_its_intent(commit, events):
    payment = link_payment()
    session = session_obj(payment, payment_intent="pi_from_link")

    with commit():
        result = deliver(envelope("checkout.session.completed", session))

    payment.refresh_from_db()
    assert result.outcome == "processed"
    assert (payment.status, payment.provider_id) == ("succeeded", "pi_from_link")
    assert kinds(events) == ["PaymentSucceeded"]


def test_the_links_intent_event_before_the_session_event_pays_once(commit, events):
    payment = link_payment()
    intent = intent_obj(payment, id="pi_from_link")

    with commit():
        first = deliver(envelope("payment_intent.succeeded", intent))
        second = deliver(
            envelope(
                "checkout.session.completed", session_obj(payment, payment_intent="pi_from_link")
            )
        )

    assert (first.outcome, second.outcome) == ("processed", "ignored")
    payment.refresh_from_db()
    assert payment.provider_id == "pi_from_link"
    assert kinds(events) == ["PaymentSucceeded"]


def test_a_completed_session_for_the_wrong_amount_is_flagged(commit, events):
    payment = link_payment()
    with commit():
        result = deliver(envelope("checkout.session.completed", session_obj(payment, amount=1)))
    assert result.outcome == "flagged"
    assert status(payment) == PaymentStatus.REQUIRES_PAYMENT


def test_an_unpaid_completed_session_is_processing_then_async_outcomes(commit, events):
    payment = link_payment()
    now = int(time.time())
    unpaid = session_obj(payment, payment_status="unpaid", payment_intent="pi_async")

    with commit():
        deliver(envelope("checkout.session.completed", unpaid, created=now - 10))
        deliver(envelope("checkout.session.async_payment_failed", unpaid, created=now))

    assert status(payment) == PaymentStatus.FAILED
    assert kinds(events) == ["PaymentFailed"]


def test_an_expired_session_cancels_the_link(commit, events):
    payment = link_payment()
    expired = session_obj(payment, status="expired", payment_status="unpaid", payment_intent=None)
    with commit():
        deliver(envelope("checkout.session.expired", expired))
    assert status(payment) == PaymentStatus.CANCELED
    assert kinds(events) == ["PaymentCanceled"]
    assert isinstance(events[0], PaymentCanceled)
    assert StatusChange.objects.get().reason == "The payment link expired."


def test_money_for_a_cancelled_payment_is_flagged(commit, events):
    payment = make_payment(status=PaymentStatus.CANCELED)
    with commit():
        result = deliver(envelope("payment_intent.succeeded", intent_obj(payment)))
    assert result.outcome == "flagged"
    assert status(payment) == PaymentStatus.CANCELED
    assert kinds(events) == ["PaymentNeedsReview"]
