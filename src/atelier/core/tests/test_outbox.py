"""The transactional outbox: written with the business, sent once, retried, inspectable."""

import io
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from atelier.core import outbox, tasks
from atelier.core.enums import OutboxStatus
from atelier.core.errors import Conflict
from atelier.core.models import OutboxMessage
from atelier.core.outbox import LEASE, backoff, dispatch_due, enqueue, retry_now
from atelier.core.testing.fakes import PROVIDER
from atelier.core.tests.helpers import in_rolled_back_transaction

NOTHING = {"sent": 0, "retry": 0, "failed": 0}


@pytest.fixture(autouse=True)
def _no_dispatch_on_commit(settings):
    settings.OUTBOX_DISPATCH_ON_COMMIT = False
    settings.OUTBOX_MAX_ATTEMPTS = 12


def _message(key="order-1-confirmation", **payload) -> OutboxMessage:
    return enqueue(
        channel="fake", payload={"to": "+44 7700 900123", **payload}, idempotency_key=key
    )


def _row(key="order-1-confirmation") -> OutboxMessage:
    return OutboxMessage.objects.get(idempotency_key=key)


# --- enqueue ------------------------------------------------------------------------------
@pytest.mark.django_db
def test_enqueue_records_a_pending_message():
    before = timezone.now()
    message = _message(text="Your order is confirmed.")
    row = _row()
    assert row == message
    assert (row.channel, row.payload, row.status, row.attempts) == (
        "fake",
        {"to": "+44 7700 900123", "text": "Your order is confirmed."},
        OutboxStatus.PENDING,
        0,
    )
    assert before <= row.next_attempt_at <= timezone.now()
    assert (row.sent_at, row.last_error) == (None, "")
    assert PROVIDER.calls == 0  # nothing leaves before a dispatcher runs


@pytest.mark.django_db
def test_the_same_key_twice_gives_one_row_and_the_first_payload_wins():
    first = _message(text="first")
    second = _message(text="second")
    assert second.pk == first.pk
    assert OutboxMessage.objects.count() == 1
    assert _row().payload["text"] == "first"


@pytest.mark.django_db
def test_the_message_rolls_back_with_the_business_transaction():
    in_rolled_back_transaction(_message)
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"channel": "pigeon"}, "No sender registered for outbox channel 'pigeon'"),
        ({"idempotency_key": ""}, "needs an idempotency key"),
        ({"idempotency_key": "   "}, "needs an idempotency key"),
        ({"idempotency_key": None}, "needs an idempotency key"),
        ({"idempotency_key": "k" * 201}, "at most 200 characters"),
        ({"payload": ["not", "a", "dict"]}, "payload is a dict"),
        ({"payload": {"amount": Decimal("1.50")}}, "must be plain JSON"),
    ],
)
def test_bad_messages_are_refused_and_write_nothing(kwargs, error):
    good = {"channel": "fake", "payload": {"to": "x"}, "idempotency_key": "k"}
    with pytest.raises(ValueError, match=error):
        enqueue(**{**good, **kwargs})
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_a_key_of_exactly_200_characters_is_fine():
    assert enqueue(channel="fake", payload={}, idempotency_key="k" * 200).pk


# --- dispatching ----------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_due_message_is_sent_once():
    _message()
    now = timezone.now()
    assert dispatch_due(now=now) == {"sent": 1, "retry": 0, "failed": 0}
    assert dispatch_due(now=now + timedelta(days=1)) == NOTHING
    row = _row()
    assert (row.status, row.attempts, row.sent_at, row.last_error) == (
        OutboxStatus.SENT,
        1,
        now,
        "",
    )
    assert PROVIDER.delivered == ["order-1-confirmation"]


@pytest.mark.django_db
def test_the_sender_gets_payload_and_idempotency_key(settings):
    received = []
    settings.OUTBOX_SENDERS = {"fake": "atelier.core.testing.fakes.send"}
    PROVIDER.send = lambda payload, *, idempotency_key: received.append((payload, idempotency_key))
    try:
        _message(text="Hello")
        dispatch_due()
    finally:
        del PROVIDER.send
    assert received == [({"to": "+44 7700 900123", "text": "Hello"}, "order-1-confirmation")]


@pytest.mark.django_db
def test_messages_are_sent_oldest_first_up_to_the_limit():
    for i in range(5):
        _message(key=f"m{i}")
    now = timezone.now()
    assert dispatch_due(limit=2, now=now) == {"sent": 2, "retry": 0, "failed": 0}
    assert dispatch_due(limit=10, now=now) == {"sent": 3, "retry": 0, "failed": 0}
    assert PROVIDER.delivered == ["m0", "m1", "m2", "m3", "m4"]


@pytest.mark.django_db
def test_a_message_not_yet_due_waits():
    _message()
    OutboxMessage.objects.update(next_attempt_at=timezone.now() + timedelta(minutes=1))
    assert dispatch_due() == NOTHING
    assert PROVIDER.calls == 0


@pytest.mark.parametrize(
    ("attempts", "delay"),
    [(0, 30), (1, 30), (2, 60), (3, 120), (4, 240), (7, 1920), (8, 3600), (500, 3600)],
)
def test_backoff_doubles_up_to_an_hour(attempts, delay):
    assert backoff(attempts) == timedelta(seconds=delay)


@pytest.mark.django_db
def test_a_failed_attempt_is_retried_with_exponential_backoff():
    PROVIDER.down = True
    _message()
    t0 = timezone.now()
    assert dispatch_due(now=t0) == {"sent": 0, "retry": 1, "failed": 0}
    row = _row()
    assert (row.status, row.attempts, row.next_attempt_at) == (
        OutboxStatus.PENDING,
        1,
        t0 + timedelta(seconds=30),
    )
    assert row.last_error == "ConnectionError('Provider unavailable.')"
    assert dispatch_due(now=t0 + timedelta(seconds=29)) == NOTHING
    assert dispatch_due(now=t0 + timedelta(seconds=30))["retry"] == 1
    assert _row().next_attempt_at == t0 + timedelta(seconds=30 + 60)
    assert PROVIDER.calls == 2


@pytest.mark.django_db
def test_a_message_is_marked_failed_after_the_last_attempt(settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    PROVIDER.down = True
    _message()
    now, outcomes = timezone.now(), []
    for _ in range(5):
        outcomes.append(dispatch_due(now=now))
        now += timedelta(hours=1)
    assert outcomes == [
        {"sent": 0, "retry": 1, "failed": 0},
        {"sent": 0, "retry": 1, "failed": 0},
        {"sent": 0, "retry": 0, "failed": 1},
        NOTHING,
        NOTHING,
    ]
    row = _row()
    assert (row.status, row.attempts, row.sent_at) == (OutboxStatus.FAILED, 3, None)
    assert row.last_error == "ConnectionError('Provider unavailable.')"
    assert PROVIDER.calls == 3


@pytest.mark.django_db
def test_a_permanent_failure_is_not_retried():
    _message(invalid=True)
    assert dispatch_due() == {"sent": 0, "retry": 0, "failed": 1}
    row = _row()
    assert (row.status, row.attempts, row.last_error) == (
        OutboxStatus.FAILED,
        1,
        "Provider refused the recipient.",
    )
    assert dispatch_due(now=timezone.now() + timedelta(days=1)) == NOTHING


@pytest.mark.django_db
def test_a_channel_without_sender_is_retried_not_crashed(settings):
    _message()
    settings.OUTBOX_SENDERS = {"email": "atelier.core.outbox.send_email"}
    assert dispatch_due() == {"sent": 0, "retry": 1, "failed": 0}
    assert _row().last_error == "KeyError('fake')"


@pytest.mark.django_db
def test_a_message_left_sending_by_a_dead_worker_is_reclaimed_after_the_lease():
    _message()
    t0 = timezone.now()
    OutboxMessage.objects.update(status=OutboxStatus.SENDING, next_attempt_at=t0 + LEASE)
    assert dispatch_due(now=t0 + LEASE - timedelta(seconds=1)) == NOTHING
    assert dispatch_due(now=t0 + LEASE)["sent"] == 1
    assert PROVIDER.delivered == ["order-1-confirmation"]


@pytest.mark.django_db
def test_provider_down_for_a_while_then_back_delivers_everything_once():
    keys = [f"order-{i}-confirmation" for i in range(1, 4)]
    for key in keys:
        _message(key=key)
    t0, back_at = timezone.now(), timezone.now() + timedelta(minutes=10)
    PROVIDER.down = True
    clock, rounds = t0, 0
    while OutboxMessage.objects.exclude(status=OutboxStatus.SENT).exists():
        PROVIDER.down = clock < back_at
        dispatch_due(now=clock)
        clock += timedelta(seconds=15)
        rounds += 1
        assert rounds < 1000
    # attempts at 0 s, 30 s, 1.5 min, 3.5 min, 7.5 min (down), 15.5 min (back): the 6th works
    assert PROVIDER.delivered == keys
    assert PROVIDER.calls == 3 * 6
    assert {(m.attempts, m.status) for m in OutboxMessage.objects.all()} == {(6, "sent")}
    assert dispatch_due(now=clock + timedelta(days=1)) == NOTHING
    assert PROVIDER.delivered == keys


# --- retry now ------------------------------------------------------------------------------
@pytest.mark.django_db
def test_retry_now_gives_a_failed_message_one_more_attempt(settings):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    PROVIDER.down = True
    _message()
    dispatch_due()
    assert _row().status == OutboxStatus.FAILED
    before = timezone.now()
    message = retry_now(message=_row())
    assert (message.status, message.attempts) == (OutboxStatus.PENDING, 1)
    assert before <= message.next_attempt_at <= timezone.now()
    PROVIDER.down = False
    assert dispatch_due() == {"sent": 1, "retry": 0, "failed": 0}
    assert (_row().status, _row().attempts) == (OutboxStatus.SENT, 2)


@pytest.mark.django_db
def test_retry_now_brings_a_waiting_message_forward():
    PROVIDER.down = True
    _message()
    dispatch_due()
    assert _row().next_attempt_at > timezone.now()
    retry_now(message=_row())
    PROVIDER.down = False
    assert dispatch_due()["sent"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize("status", [OutboxStatus.SENT, OutboxStatus.SENDING])
def test_retry_now_refuses_a_message_sent_or_being_sent(status):
    _message()
    OutboxMessage.objects.update(status=status, next_attempt_at=timezone.now() + LEASE)
    before = _row()
    with pytest.raises(Conflict) as exc:
        retry_now(message=before)
    assert exc.value.code == "not_retryable"
    after = _row()
    assert (after.status, after.next_attempt_at) == (status, before.next_attempt_at)
    assert dispatch_due() == NOTHING


# --- entry points: on-commit kick, Celery task, management command ------------------------
@pytest.fixture
def kicks(settings, monkeypatch):
    settings.OUTBOX_DISPATCH_ON_COMMIT = True
    requested = []
    monkeypatch.setattr(tasks.outbox_dispatch, "delay", lambda: requested.append(1))
    return requested


@pytest.mark.django_db
def test_a_dispatch_is_requested_after_commit_only(kicks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _message()
        assert kicks == []
        _message()  # same key: nothing new to send
    assert kicks == [1]
    with django_capture_on_commit_callbacks(execute=True):
        in_rolled_back_transaction(lambda: _message(key="rolled-back"))
    assert kicks == [1]


@pytest.mark.django_db
def test_a_broker_outage_does_not_fail_the_committed_request(
    settings, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    settings.OUTBOX_DISPATCH_ON_COMMIT = True

    def broker_down():
        raise ConnectionError("redis unreachable")

    monkeypatch.setattr(tasks.outbox_dispatch, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        _message()
    assert _row().status == OutboxStatus.PENDING
    assert "the beat schedule will" in caplog.text


@pytest.mark.django_db
def test_the_celery_task_dispatches():
    _message()
    assert tasks.outbox_dispatch.apply().get() == {"sent": 1, "retry": 0, "failed": 0}
    assert PROVIDER.delivered == ["order-1-confirmation"]
    assert tasks.outbox_dispatch.name == "atelier.core.tasks.outbox_dispatch"


@pytest.mark.django_db
def test_the_management_command_dispatches_and_reports():
    _message()
    out = io.StringIO()
    call_command("outbox_dispatch", stdout=out)
    assert out.getvalue() == "sent: 1, retry: 0, failed: 0\n"
    out = io.StringIO()
    call_command("outbox_dispatch", stdout=out)
    assert out.getvalue() == ""


# --- the built-in e-mail sender -------------------------------------------------------------
@pytest.mark.django_db
def test_email_messages_go_through_djangos_mail_backend(mailoutbox):
    enqueue(
        channel="email",
        payload={
            "to": "ada@example.com",
            "subject": "Your order",
            "text": "Hi",
            "html": "<p>Hi</p>",
        },
        idempotency_key="order-1-email",
    )
    dispatch_due()
    dispatch_due(now=timezone.now() + timedelta(days=1))
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert (email.to, email.subject, email.body) == (["ada@example.com"], "Your order", "Hi")
    assert email.alternatives[0][0] == "<p>Hi</p>"
    assert email.extra_headers["X-Atelier-Message-Key"] == "order-1-email"


@pytest.mark.django_db
def test_an_incomplete_email_fails_permanently(mailoutbox):
    enqueue(channel="email", payload={"to": "ada@example.com"}, idempotency_key="bad")
    assert dispatch_due() == {"sent": 0, "retry": 0, "failed": 1}
    assert _row("bad").last_error == "E-mail payload lacks subject, text."
    assert mailoutbox == []


# --- concurrency (PostgreSQL: SKIP LOCKED) ----------------------------------------------------
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_dispatchers_never_send_a_message_twice():
    keys = [f"m{i:03d}" for i in range(60)]
    for key in keys:
        _message(key=key)
    PROVIDER.delay = 0.005
    start = threading.Barrier(6)
    errors = []

    def dispatcher():
        try:
            start.wait()
            while sum(dispatch_due(limit=4).values()):
                pass
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=dispatcher) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(PROVIDER.delivered) == keys
    assert PROVIDER.calls == 60
    assert {(m.status, m.attempts) for m in OutboxMessage.objects.all()} == {("sent", 1)}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_enqueues_of_one_key_give_one_row():
    start = threading.Barrier(8)
    errors = []

    def enqueue_it():
        try:
            start.wait()
            with transaction.atomic():
                _message(key="order-9-confirmation")
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=enqueue_it) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert OutboxMessage.objects.count() == 1
    assert dispatch_due()["sent"] == 1
    assert PROVIDER.delivered == ["order-9-confirmation"]


@pytest.mark.django_db
def test_outbox_module_exposes_the_public_names():
    assert {"enqueue", "dispatch_due", "retry_now", "PermanentFailure", "send_email"} <= set(
        dir(outbox)
    )
