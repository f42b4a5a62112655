"""Reconciliation: a lost webhook never leaves a payment open for ever."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from atelier.core.money import Money
from atelier.integrations.payments import registry
from atelier.integrations.payments.models import OfflineIntent
from atelier.integrations.payments.tests.stub import example
from atelier.payments import services, tasks
from atelier.payments.enums import PaymentStatus, RefundStatus
from atelier.payments.models import Payment, Refund, WebhookEvent
from atelier.payments.tests.helpers import deliver, envelope, intent_obj, start

pytestmark = pytest.mark.django_db


def aged(info, minutes=16) -> Payment:
    """The payment behind `info`, created `minutes` ago."""
    Payment.objects.filter(reference=info.payment_id).update(
        created_at=timezone.now() - timedelta(minutes=minutes)
    )
    return Payment.objects.get(reference=info.payment_id)


def reconcile(system, **kwargs):
    return services.payments_reconcile(actor=system, **kwargs)


def test_a_payment_whose_webhook_was_lost_is_paid_by_reconciliation(system, commit, events):
    info = start()
    payment = Payment.objects.get(reference=info.payment_id)
    registry.offline().act(payment.provider_id, "succeed", send_webhook=False)
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.REQUIRES_PAYMENT

    with commit():
        too_early = reconcile(system)
    assert too_early.checked == 0

    aged(info)
    with commit():
        report = reconcile(system)

    assert (report.checked, report.changed) == (1, 1)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert payment.reconciled_at is not None
    assert [type(e).__name__ for e in events] == ["PaymentSucceeded"]
    assert WebhookEvent.objects.count() == 0

    with commit():
        again = reconcile(system)
    assert again.checked == 0  # paid payments are not asked about
    assert len(events) == 1


def test_the_late_webhook_after_reconciliation_changes_nothing(system, commit, events):
    info = start()
    payment = Payment.objects.get(reference=info.payment_id)
    intent = OfflineIntent.objects.get(pk=payment.provider_id)
    registry.offline().act(intent.id, "succeed", send_webhook=False)
    aged(info)
    with commit():
        reconcile(system)
        late = deliver(
            envelope("payment_intent.succeeded", intent_obj(payment)), provider="offline"
        )
    assert late.outcome == "ignored"
    assert len(events) == 1


def test_a_declined_payment_is_found_failed(system, commit, events):
    info = start()
    payment = Payment.objects.get(reference=info.payment_id)
    registry.offline().act(payment.provider_id, "decline", send_webhook=False)
    aged(info)
    with commit():
        report = reconcile(system)
    assert report.changed == 1
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.FAILED
    assert [type(e).__name__ for e in events] == ["PaymentFailed"]


def test_an_untouched_payment_is_asked_again_only_after_the_interval(system, commit, events):
    info = start()
    aged(info)
    assert reconcile(system).checked == 1
    assert reconcile(system).checked == 0  # asked a moment ago
    later = timezone.now() + timedelta(minutes=16)
    assert reconcile(system, now=later).checked == 1
    assert events == []


def test_the_interval_is_a_setting(system, settings):
    settings.PAYMENTS_RECONCILE_AFTER_MINUTES = 60
    aged(start(), minutes=30)
    assert reconcile(system).checked == 0


def test_payments_older_than_the_window_are_left_alone(system):
    aged(start(), minutes=60 * 24 * 8)
    assert reconcile(system).checked == 0


def test_an_expired_payment_link_is_cancelled(system, seller, commit, events):
    from atelier.payments import facade

    facade.payment_link_create(
        order_ref="SO-2026-000009",
        amount="480.00",
        currency="EUR",
        description="Balance",
        customer_email="ada@example.com",
        actor=seller,
    )
    payment = Payment.objects.get(order_ref="SO-2026-000009")
    OfflineIntent.objects.filter(session_id=payment.provider_session_id).update(
        session_expires_at=timezone.now() - timedelta(minutes=1)
    )
    Payment.objects.filter(pk=payment.pk).update(created_at=timezone.now() - timedelta(hours=25))
    with commit():
        reconcile(system)
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.CANCELED
    assert [type(e).__name__ for e in events] == ["PaymentCanceled"]


def test_an_unreachable_provider_is_counted_and_the_payment_stays_open(system, stripe_mode, events):
    info = start()
    aged(info)
    path = f"/v1/payment_intents/{Payment.objects.get(reference=info.payment_id).provider_id}"
    stripe_mode.queue("GET", path, *[(503, {})] * 3)

    report = reconcile(system)

    assert (report.checked, report.unreachable) == (1, 1)
    assert Payment.objects.get(reference=info.payment_id).status == PaymentStatus.REQUIRES_PAYMENT


def test_reconciliation_asks_stripe_and_applies_its_answer(system, stripe_mode, commit, events):
    info = start()
    payment = aged(info)
    stripe_mode.objects[payment.provider_id].update(status="succeeded", amount_received=120000)

    with commit():
        report = reconcile(system)

    assert report.changed == 1
    assert stripe_mode.calls("GET", f"/v1/payment_intents/{payment.provider_id}")
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.SUCCEEDED
    assert [type(e).__name__ for e in events] == ["PaymentSucceeded"]


def test_a_pending_refund_is_settled_by_reconciliation(system, stripe_mode, commit, events):
    info = start()
    payment = Payment.objects.get(reference=info.payment_id)
    with commit():
        deliver(envelope("payment_intent.succeeded", intent_obj(payment)))
    pending = example("refund") | {"id": "re_pending", "status": "pending", "currency": "eur",
                                   "amount": 10000}  # fmt: skip
    stripe_mode.queue("POST", "/v1/refunds", (200, pending))
    with commit():
        services.refund_create(
            payment_id=payment.reference,
            amount=Money("100.00", "EUR"),
            reason="Damaged",
            idempotency_key="r",
            actor=system,
        )
    assert Refund.objects.get().status == RefundStatus.PENDING
    events.clear()
    stripe_mode.put(pending | {"status": "succeeded"})

    with commit():
        report = reconcile(system)

    assert (report.refunds_checked, report.refunds_changed) == (1, 1)
    assert Refund.objects.get().status == RefundStatus.SUCCEEDED
    assert [type(e).__name__ for e in events] == ["PaymentRefunded"]


def test_the_command_and_the_task_run_the_same_job(system):
    aged(start())
    out = StringIO()
    call_command("payments_reconcile", stdout=out)
    assert "Checked 1 payment(s): 0 changed" in out.getvalue()
    assert tasks.payments_reconcile() == {
        "checked": 0,
        "changed": 0,
        "flagged": 0,
        "unreachable": 0,
        "refunds_checked": 0,
        "refunds_changed": 0,
    }
