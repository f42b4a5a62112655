"""Twilio's webhooks: verified by X-Twilio-Signature; a bad one changes nothing."""

import pytest

from atelier.integrations.sms import delivery, signature
from atelier.integrations.sms.models import SmsMessage, SmsOptOut, SmsStatus
from atelier.integrations.sms.tests.stub import AUTH_TOKEN

pytestmark = pytest.mark.django_db
TO = "+33612345678"
STATUS_PATH = "/api/v1/sms/twilio/status"
INBOUND_PATH = "/api/v1/sms/twilio/inbound"
BASE = "https://shop.example"


@pytest.fixture(autouse=True)
def _twilio(settings):
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    settings.TWILIO_WEBHOOK_BASE_URL = BASE


@pytest.fixture
def message():
    return SmsMessage.objects.create(
        idempotency_key="k1",
        provider="twilio",
        to=TO,
        body="Hi",
        sid="SM" + "1" * 32,
        status=SmsStatus.QUEUED,
    )


def _post(client, path, params, *, sign_url=None, token=AUTH_TOKEN, sig=None):
    if sig is None:
        sig = signature.compute(token, sign_url or BASE + path, params.items())
    headers = {"X-Twilio-Signature": sig} if sig else {}
    return client.post(path, params, headers=headers)


def _status(message, status, **extra):
    return {"MessageSid": message.sid, "MessageStatus": status, "AccountSid": "AC1", **extra}


def test_twilios_documented_signature_examples():
    url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    params = {
        "CallSid": "CA1234567890ABCDE",
        "Caller": "+14158675309",
        "Digits": "1234",
        "From": "+14158675309",
        "To": "+18005551212",
    }
    assert signature.compute("12345", url, params.items()) == "RSOYDt4T1cUTdK1PDd93/VVr8B8="
    assert signature.valid("12345", url, params.items(), "RSOYDt4T1cUTdK1PDd93/VVr8B8=")
    # Twilio may sign https URLs with or without the default port
    with_port = "https://mycompany.com:443/myapp.php?foo=1&bar=2"
    assert signature.valid("12345", with_port, params.items(), "RSOYDt4T1cUTdK1PDd93/VVr8B8=")
    assert not signature.valid("12345", url, params.items(), "")
    assert not signature.valid("", url, params.items(), "RSOYDt4T1cUTdK1PDd93/VVr8B8=")


def test_valid_status_callback_updates_the_message(client, message):
    response = _post(client, STATUS_PATH, _status(message, "delivered"))
    assert response.status_code == 204
    message.refresh_from_db()
    assert message.status == SmsStatus.DELIVERED
    assert message.status_at


def test_undelivered_keeps_twilios_error_code(client, message):
    _post(client, STATUS_PATH, _status(message, "undelivered", ErrorCode="30003"))
    message.refresh_from_db()
    assert (message.status, message.error_code) == (SmsStatus.UNDELIVERED, "30003")


@pytest.mark.parametrize(
    "kind", ["forged", "missing", "tampered", "wrong_url", "wrong_query", "not_behind_proxy"]
)
def test_bad_signature_is_403_and_changes_nothing(client, message, settings, kind):
    params = _status(message, "delivered")
    if kind == "forged":
        response = _post(client, STATUS_PATH, params, token="not-our-token")
    elif kind == "missing":
        response = _post(client, STATUS_PATH, params, sig="")
    elif kind == "tampered":
        sig = signature.compute(AUTH_TOKEN, BASE + STATUS_PATH, _status(message, "sent").items())
        response = _post(client, STATUS_PATH, params, sig=sig)
    elif kind == "wrong_url":
        response = _post(client, STATUS_PATH, params, sign_url="https://evil.example" + STATUS_PATH)
    elif kind == "wrong_query":
        sig = signature.compute(AUTH_TOKEN, BASE + STATUS_PATH + "?a=1", params.items())
        response = _post(client, STATUS_PATH + "?a=2", params, sig=sig)
    else:  # signed for the public URL, but we are told nothing about a proxy
        settings.TWILIO_WEBHOOK_BASE_URL = ""
        response = _post(client, STATUS_PATH, params)
    assert response.status_code == 403
    message.refresh_from_db()
    assert message.status == SmsStatus.QUEUED
    assert not message.status_at


def test_url_with_query_string_is_part_of_the_signature(client, message):
    path = STATUS_PATH + "?ref=k1&x=%20y"
    response = _post(client, path, _status(message, "sent"))
    assert response.status_code == 204
    message.refresh_from_db()
    assert message.status == SmsStatus.SENT


def test_without_a_proxy_setting_the_request_url_is_used(client, message, settings):
    settings.TWILIO_WEBHOOK_BASE_URL = ""
    response = _post(
        client, STATUS_PATH, _status(message, "sent"), sign_url="http://testserver" + STATUS_PATH
    )
    assert response.status_code == 204


def test_no_auth_token_configured_refuses_everything(client, message, settings):
    settings.TWILIO_AUTH_TOKEN = ""
    response = _post(client, STATUS_PATH, _status(message, "delivered"), token="")
    assert response.status_code == 403


def test_out_of_order_callbacks_never_move_backwards(client, message):
    for status in ["delivered", "sent", "queued", "sending"]:
        assert _post(client, STATUS_PATH, _status(message, status)).status_code == 204
    message.refresh_from_db()
    assert message.status == SmsStatus.DELIVERED
    assert _post(client, STATUS_PATH, _status(message, "failed")).status_code == 204
    message.refresh_from_db()
    assert message.status == SmsStatus.DELIVERED  # a final status stays final


def test_unknown_sid_or_status_is_acknowledged_and_ignored(client, message):
    params = {"MessageSid": "SM" + "9" * 32, "MessageStatus": "delivered"}
    assert _post(client, STATUS_PATH, params).status_code == 204
    assert _post(client, STATUS_PATH, _status(message, "bogus")).status_code == 204
    message.refresh_from_db()
    assert message.status == SmsStatus.QUEUED


def test_get_is_not_allowed(client):
    assert client.get(STATUS_PATH).status_code == 405


@pytest.mark.parametrize(
    "word", ["STOP", "stop", "StopAll", "UNSUBSCRIBE", "cancel", "END", "quit"]
)
def test_inbound_stop_words_opt_the_number_out(client, word):
    params = {"From": TO, "To": "+14155552345", "Body": word, "MessageSid": "SM" + "2" * 32}
    response = _post(client, INBOUND_PATH, params)
    assert response.status_code == 200
    assert b"<Response>" in response.content
    assert delivery.is_opted_out(TO)


def test_inbound_start_opts_back_in(client):
    delivery.opt_out(phone=TO, keyword="STOP")
    for word in ["START", "unstop"]:
        delivery.opt_out(phone=TO, keyword="STOP")
        _post(client, INBOUND_PATH, {"From": TO, "Body": word})
        assert not delivery.is_opted_out(TO)


def test_inbound_with_bad_signature_changes_nothing(client):
    response = _post(client, INBOUND_PATH, {"From": TO, "Body": "STOP"}, token="forged")
    assert response.status_code == 403
    assert not SmsOptOut.objects.exists()
