"""The Twilio client against a local stub answering with Twilio's documented examples."""

from datetime import UTC, datetime, timedelta

import pytest

from atelier.core.outbox import PermanentFailure
from atelier.integrations.sms.tests.stub import ACCOUNT_SID, error
from atelier.integrations.sms.twilio import (
    TwilioAuthError,
    TwilioClient,
    TwilioRejected,
    TwilioUnavailable,
)

TO = "+33612345678"


def test_create_posts_the_documented_form_with_basic_auth(stub, twilio_client):
    message = twilio_client.create_message(
        to=TO, body="Hello", status_callback="https://shop.example/cb"
    )
    assert message["sid"].startswith("SM")
    assert message["status"] == "queued"
    (call,) = stub.calls("POST")
    assert call.path == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    assert call.form == {
        "To": TO,
        "Body": "Hello",
        "From": "+14155552345",
        "StatusCallback": "https://shop.example/cb",
    }
    assert call.headers["content-type"] == "application/x-www-form-urlencoded"


def test_messaging_service_replaces_from(stub):
    client = TwilioClient(
        api_base=stub.url,
        account_sid=ACCOUNT_SID,
        auth_token="twilio_test_token_0000",
        messaging_service_sid="MG" + "a" * 32,
    )
    client.create_message(to=TO, body="Hi")
    form = stub.calls("POST")[0].form
    assert form["MessagingServiceSid"] == "MG" + "a" * 32
    assert "From" not in form


def test_missing_credentials_are_refused_at_construction():
    with pytest.raises(ValueError, match="TWILIO_AUTH_TOKEN"):
        TwilioClient(api_base="http://x", account_sid=ACCOUNT_SID, from_number="+1")
    with pytest.raises(ValueError, match="TWILIO_FROM"):
        TwilioClient(api_base="http://x", account_sid=ACCOUNT_SID, auth_token="t")


def test_invalid_number_400_is_permanent_with_twilios_code(stub, twilio_client):
    stub.queue("POST", error("invalid_number"))
    with pytest.raises(TwilioRejected) as caught:
        twilio_client.create_message(to=TO, body="Hi")
    assert isinstance(caught.value, PermanentFailure)
    assert caught.value.code == 21211
    assert caught.value.status == 400
    assert "21211" in str(caught.value)
    assert "twilio.com/docs/errors/21211" in str(caught.value)
    assert len(stub.calls("POST")) == 1  # never repeated


def test_unsubscribed_400_is_permanent_and_flagged(stub, twilio_client):
    stub.queue("POST", error("unsubscribed"))
    with pytest.raises(TwilioRejected) as caught:
        twilio_client.create_message(to=TO, body="Hi")
    assert caught.value.unsubscribed


def test_422_is_permanent(stub, twilio_client):
    stub.queue("POST", error("unprocessable"))
    with pytest.raises(TwilioRejected) as caught:
        twilio_client.create_message(to=TO, body="Hi")
    assert caught.value.code == 21617
    assert caught.value.status == 422


def test_401_is_an_auth_error_not_a_permanent_failure(stub):
    client = TwilioClient(
        api_base=stub.url, account_sid=ACCOUNT_SID, auth_token="wrong", from_number="+1"
    )
    with pytest.raises(TwilioAuthError) as caught:
        client.create_message(to=TO, body="Hi")
    assert not isinstance(caught.value, PermanentFailure)  # the outbox retries it
    assert caught.value.code == 20003
    assert caught.value.status == 401
    assert len(stub.calls("POST")) == 1
    assert stub.messages == []


def test_429_is_retried_in_the_client_then_succeeds(stub, twilio_client):
    stub.queue("POST", error("too_many_requests"), error("too_many_requests"))
    message = twilio_client.create_message(to=TO, body="Hi")
    assert len(stub.calls("POST")) == 3
    assert [m["sid"] for m in stub.messages] == [message["sid"]]


def test_429_spent_retries_surface_as_unavailable_not_sent(stub, twilio_client):
    stub.queue("POST", *[error("too_many_requests")] * 3)
    with pytest.raises(TwilioUnavailable) as caught:
        twilio_client.create_message(to=TO, body="Hi")
    assert caught.value.code == 20429
    assert not caught.value.maybe_sent


def test_500_on_post_is_not_repeated_blindly(stub, twilio_client):
    stub.queue("POST", error("internal"))
    with pytest.raises(TwilioUnavailable) as caught:
        twilio_client.create_message(to=TO, body="Hi")
    assert caught.value.maybe_sent
    assert caught.value.status == 500
    assert len(stub.calls("POST")) == 1


def test_503_is_retried(stub, twilio_client):
    stub.queue("POST", error("unavailable"))
    twilio_client.create_message(to=TO, body="Hi")
    assert len(stub.calls("POST")) == 2
    assert len(stub.messages) == 1


def test_500_on_get_is_retried(stub, twilio_client):
    twilio_client.create_message(to=TO, body="Hi")
    stub.queue("GET", error("internal"))
    since = datetime.now(UTC) - timedelta(minutes=1)
    assert twilio_client.find_sent(to=TO, body="Hi", since=since)["body"] == "Hi"
    assert len(stub.calls("GET")) == 2


def test_read_timeout_after_sending_is_ambiguous(stub, twilio_client):
    stub.queue("POST", ("sleep", 0.6, (201, {})))
    with pytest.raises(TwilioUnavailable) as caught:
        twilio_client.create_message(to=TO, body="Hi")
    assert caught.value.maybe_sent
    assert len(stub.calls("POST")) == 1  # not repeated: Twilio may have it
    assert len(stub.messages) == 1  # and it has


def test_connection_refused_is_retryable_and_not_sent():
    client = TwilioClient(
        api_base="http://127.0.0.1:9",
        account_sid=ACCOUNT_SID,
        auth_token="t",
        from_number="+1",
        max_retries=1,
        backoff=0,
    )
    with pytest.raises(TwilioUnavailable) as caught:
        client.create_message(to=TO, body="Hi")
    assert not caught.value.maybe_sent


def test_find_sent_matches_body_recipient_and_time(stub, twilio_client):
    twilio_client.create_message(to=TO, body="Your order shipped")
    twilio_client.create_message(to="+33700000000", body="Your order shipped")
    since = datetime.now(UTC) - timedelta(minutes=1)
    found = twilio_client.find_sent(to=TO, body="Your order shipped", since=since)
    assert found["to"] == TO
    assert stub.calls("GET")[0].query == {"To": TO, "PageSize": "50"}
    assert twilio_client.find_sent(to=TO, body="Other text", since=since) is None
    later = datetime.now(UTC) + timedelta(minutes=5)
    assert twilio_client.find_sent(to=TO, body="Your order shipped", since=later) is None
