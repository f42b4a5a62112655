"""Messages leave through the outbox once: opt-outs honoured, outages and ambiguous
timeouts survived, nothing sent twice."""

from datetime import timedelta

import pytest
from django.utils import timezone

from atelier.core.enums import OutboxStatus
from atelier.core.models import OutboxMessage
from atelier.core.outbox import dispatch_due, enqueue
from atelier.integrations.sms import delivery
from atelier.integrations.sms.console import ConsoleSms
from atelier.integrations.sms.models import SmsMessage, SmsOptOut, SmsStatus
from atelier.integrations.sms.tests.stub import error
from atelier.integrations.sms.twilio import TwilioRejected, TwilioUnavailable

pytestmark = pytest.mark.django_db
TO = "+33612345678"


@pytest.fixture(autouse=True)
def _manual_dispatch(settings):
    settings.OUTBOX_DISPATCH_ON_COMMIT = False
    settings.OUTBOX_MAX_ATTEMPTS = 12
    ConsoleSms.sent.clear()


def _record(key="k1") -> SmsMessage:
    return SmsMessage.objects.get(idempotency_key=key)


# --- deliver() with the real client -----------------------------------------------------
def test_accepted_message_stores_sid_and_is_never_sent_again(stub, twilio_sms):
    delivery.deliver(twilio_sms, to=TO, body="Hi", idempotency_key="k1")
    delivery.deliver(twilio_sms, to=TO, body="Hi", idempotency_key="k1")
    record = _record()
    assert record.sid == stub.messages[0]["sid"]
    assert record.status == SmsStatus.QUEUED
    assert len(stub.messages) == 1
    assert record.attempts == 1


def test_invalid_number_is_recorded_and_raised_as_permanent(stub, twilio_sms):
    stub.queue("POST", error("invalid_number"))
    with pytest.raises(TwilioRejected):
        delivery.deliver(twilio_sms, to=TO, body="Hi", idempotency_key="k1")
    record = _record()
    assert (record.status, record.error_code) == (SmsStatus.REJECTED, "21211")
    delivery.deliver(twilio_sms, to=TO, body="Hi", idempotency_key="k1")  # settled: no call
    assert len(stub.calls("POST")) == 1


def test_twilio_unsubscribed_answer_records_the_opt_out(stub, twilio_sms):
    stub.queue("POST", error("unsubscribed"))
    delivery.deliver(twilio_sms, to=TO, body="Hi", idempotency_key="k1")
    assert _record().status == SmsStatus.OPTED_OUT
    assert SmsOptOut.objects.filter(phone=TO, source="provider").exists()


def test_opted_out_number_is_skipped_without_calling_twilio(stub, twilio_sms):
    delivery.opt_out(phone=TO, keyword="STOP")
    delivery.deliver(twilio_sms, to=TO, body="Hi", idempotency_key="k1")
    assert _record().status == SmsStatus.OPTED_OUT
    assert stub.requests == []


def test_read_timeout_then_lookup_finds_it_and_does_not_resend(stub, twilio_sms):
    stub.queue("POST", ("sleep", 0.6, (201, {})))
    with pytest.raises(TwilioUnavailable):
        delivery.deliver(twilio_sms, to=TO, body="Hi", idempotency_key="k1")
    assert _record().status == SmsStatus.UNKNOWN
    assert len(stub.messages) == 1
    delivery.deliver(twilio_sms, to=TO, body="Hi", idempotency_key="k1")
    assert len(stub.calls("POST")) == 1  # looked up, not re-sent
    assert _record().sid == stub.messages[0]["sid"]


def test_500_that_created_nothing_is_resent_after_the_lookup(stub, twilio_sms):
    stub.queue("POST", error("internal"))
    with pytest.raises(TwilioUnavailable):
        delivery.deliver(twilio_sms, to=TO, body="Hi", idempotency_key="k1")
    delivery.deliver(twilio_sms, to=TO, body="Hi", idempotency_key="k1")
    assert len(stub.calls("GET")) == 1
    assert len(stub.messages) == 1
    assert _record().sid == stub.messages[0]["sid"]


def test_failed_lookup_sends_nothing_blind(stub, twilio_sms):
    stub.queue("POST", ("sleep", 0.6, (201, {})))
    with pytest.raises(TwilioUnavailable):
        delivery.deliver(twilio_sms, to=TO, body="Hi", idempotency_key="k1")
    stub.down = True
    with pytest.raises(TwilioUnavailable):
        delivery.deliver(twilio_sms, to=TO, body="Hi", idempotency_key="k1")
    assert len(stub.calls("POST")) == 1
    assert _record().status == SmsStatus.UNKNOWN


# --- through the outbox ---------------------------------------------------------------------
def test_an_hour_long_outage_delivers_every_message_once(stub, twilio_settings):
    recipients = [f"+3361234567{i}" for i in range(5)]
    for i, to in enumerate(recipients):
        enqueue(channel="sms", payload={"to": to, "body": f"Order {i}"}, idempotency_key=f"o{i}")
    start = timezone.now()
    stub.down = True
    # Twilio is down for an hour; the dispatcher runs every 10 seconds meanwhile.
    clock = start
    while clock < start + timedelta(hours=1):
        dispatch_due(now=clock)
        clock += timedelta(seconds=10)
    assert stub.messages == []
    assert not OutboxMessage.objects.filter(status=OutboxStatus.FAILED).exists()
    stub.down = False
    while OutboxMessage.objects.exclude(status=OutboxStatus.SENT).exists():
        assert clock < start + timedelta(hours=3), "not delivered in time"
        dispatch_due(now=clock)
        clock += timedelta(seconds=10)
    assert sorted(m["to"] for m in stub.messages) == recipients
    assert all(r.sid for r in SmsMessage.objects.all())


def test_ambiguous_failures_during_an_outage_are_not_duplicated(stub, twilio_settings):
    enqueue(channel="sms", payload={"to": TO, "body": "Shipped"}, idempotency_key="o1")
    clock = timezone.now()
    # Twilio takes the message but answers too late, then fails with 500s for a while.
    stub.queue("POST", ("sleep", 0.6, (201, {})))
    assert dispatch_due(now=clock) == {"sent": 0, "retry": 1, "failed": 0}
    stub.queue("GET", *[error("internal")] * 9)  # lookups fail three times (3 tries each)
    for _ in range(4):
        clock += timedelta(hours=1)
        dispatch_due(now=clock)
    assert len(stub.messages) == 1
    assert len(stub.calls("POST")) == 1
    assert OutboxMessage.objects.get().status == OutboxStatus.SENT
    assert _record("o1").sid == stub.messages[0]["sid"]


def test_console_provider_goes_through_the_same_record(settings):
    settings.SMS_PROVIDER = "console"
    enqueue(channel="sms", payload={"to": TO, "body": "Hi"}, idempotency_key="c1")
    delivery.opt_out(phone="+33700000000")
    enqueue(channel="sms", payload={"to": "+33700000000", "body": "Hi"}, idempotency_key="c2")
    assert dispatch_due() == {"sent": 2, "retry": 0, "failed": 0}
    assert [m["to"] for m in ConsoleSms.sent] == [TO]
    assert _record("c1").status == SmsStatus.QUEUED
    assert _record("c2").status == SmsStatus.OPTED_OUT


def test_stop_then_start_through_inbound(settings):
    settings.SMS_PROVIDER = "console"
    assert delivery.inbound_apply({"From": TO, "Body": " stop "}) == "opted_out"
    enqueue(channel="sms", payload={"to": TO, "body": "A"}, idempotency_key="a")
    dispatch_due()
    assert ConsoleSms.sent == []
    assert delivery.inbound_apply({"From": TO, "Body": "START"}) == "opted_in"
    enqueue(channel="sms", payload={"to": TO, "body": "B"}, idempotency_key="b")
    dispatch_due()
    assert [m["body"] for m in ConsoleSms.sent] == ["B"]
    assert delivery.inbound_apply({"From": TO, "Body": "please stop sending"}) == "ignored"
    assert not SmsOptOut.objects.exists()
