"""Concurrent deliveries on PostgreSQL: each thread on its own connection, all at once.

PostgreSQL only (row locks, unique index waits); skipped, visibly, on SQLite.
"""

import threading
from datetime import timedelta

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from atelier.core.actor import system_actor
from atelier.core.errors import ValidationFailed
from atelier.core.models import StatusChange
from atelier.core.money import Money
from atelier.integrations.payments import registry
from atelier.payments import facade, services
from atelier.payments.enums import PaymentStatus
from atelier.payments.events import PaymentSucceeded
from atelier.payments.models import Payment, Refund, WebhookEvent
from atelier.payments.tests.helpers import envelope, intent_obj, make_payment, signed, start

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS = 12


def together(work, n: int = THREADS) -> list:
    """Run work(i) in n threads released at the same moment; results or exceptions."""
    barrier = threading.Barrier(n)
    results, lock = [], threading.Lock()

    def run(i: int) -> None:
        try:
            barrier.wait()
            outcome = work(i)
        except Exception as exc:  # collected and asserted by the test
            outcome = exc
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    close_old_connections()
    return results


def receive(payload, header):
    return services.webhook_receive(provider="stripe", payload=payload, signature_header=header)


def test_a_concurrent_redelivery_has_exactly_one_effect(on_postgres, events):
    assert on_postgres
    payment = make_payment()
    payload, header = signed(envelope("payment_intent.succeeded", intent_obj(payment)))

    results = together(lambda i: receive(payload, header))

    assert sorted(r.outcome for r in results) == ["duplicate"] * (THREADS - 1) + ["processed"]
    assert WebhookEvent.objects.count() == 1
    assert StatusChange.objects.count() == 1
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.SUCCEEDED
    assert [type(e) for e in events] == [PaymentSucceeded]


def test_different_messages_with_the_same_effect_apply_once(on_postgres, events):
    """Distinct events (new ids) and the reconciliation job, all at once: one success."""
    assert on_postgres
    info = start()
    payment = Payment.objects.get(reference=info.payment_id)
    registry.offline().act(payment.provider_id, "succeed", send_webhook=False)
    Payment.objects.filter(pk=payment.pk).update(created_at=timezone.now() - timedelta(minutes=20))
    deliveries = [
        signed(envelope("payment_intent.succeeded", intent_obj(payment))) for _ in range(THREADS)
    ]

    def work(i):
        if i % 3 == 0:
            return services.payments_reconcile(actor=system_actor("job"))
        payload, header = deliveries[i]
        return services.webhook_receive(
            provider="offline", payload=payload, signature_header=header
        )

    results = together(work)

    assert not [r for r in results if isinstance(r, Exception)]
    webhook_outcomes = [r.outcome for r in results if hasattr(r, "outcome")]
    jobs = [r for r in results if hasattr(r, "changed")]
    assert webhook_outcomes.count("processed") + sum(j.changed for j in jobs) == 1
    assert StatusChange.objects.filter(to_status="succeeded").count() == 1
    assert [type(e) for e in events] == [PaymentSucceeded]


def test_concurrent_refunds_never_exceed_the_payment(on_postgres, settings):
    assert on_postgres
    settings.OUTBOX_DISPATCH_ON_COMMIT = False
    payment = make_payment(status=PaymentStatus.SUCCEEDED, amount_received=1200)

    results = together(
        lambda i: facade.refund_create(
            payment_id=payment.reference,
            amount=Money("500.00", "EUR"),
            reason="Cancelled",
            idempotency_key=f"refund-{i}",
        )
    )

    refused = [r for r in results if isinstance(r, ValidationFailed)]
    assert len(refused) == THREADS - 2
    assert {r.code for r in refused} == {"refund_exceeds_payment"}
    assert Refund.objects.count() == 2


def test_concurrent_starts_with_one_key_make_one_payment(on_postgres):
    assert on_postgres
    results = together(lambda i: start(key="SO-2026-000001:pay:1"))

    assert not [r for r in results if isinstance(r, Exception)]
    assert len({r.payment_id for r in results}) == 1
    assert Payment.objects.count() == 1
