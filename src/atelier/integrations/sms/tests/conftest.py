import pytest

from atelier.integrations.sms.tests.stub import ACCOUNT_SID, AUTH_TOKEN, TwilioStub
from atelier.integrations.sms.twilio import TwilioClient, TwilioSms

FROM = "+14155552345"


@pytest.fixture
def stub():
    server = TwilioStub().start()
    yield server
    server.stop()


@pytest.fixture
def twilio_client(stub):
    client = TwilioClient(
        api_base=stub.url,
        account_sid=ACCOUNT_SID,
        auth_token=AUTH_TOKEN,
        from_number=FROM,
        timeout=0.3,
        connect_timeout=0.3,
        max_retries=2,
        backoff=0,
    )
    yield client
    client.close()


@pytest.fixture
def twilio_sms(twilio_client):
    return TwilioSms(twilio_client, status_callback="https://shop.example/api/v1/sms/twilio/status")


@pytest.fixture
def twilio_settings(settings, stub, twilio_client, monkeypatch):
    """SMS_PROVIDER=twilio pointed at the stub (the outbox's "sms" sender uses it), with
    the test client's short timeouts and no backoff sleeps."""
    from atelier.integrations.sms import registry

    settings.SMS_PROVIDER = "twilio"
    settings.TWILIO_API_BASE = stub.url
    settings.TWILIO_ACCOUNT_SID = ACCOUNT_SID
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    settings.TWILIO_FROM = FROM
    settings.TWILIO_WEBHOOK_BASE_URL = "https://shop.example"
    monkeypatch.setattr(registry, "_twilio_client", lambda *config: twilio_client)
    return settings


@pytest.fixture
def admin_client(client, admin_user):
    """A signed-in superuser with TOTP set up, as the back office requires of admins."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(admin_user, generate_totp_secret())
    client.force_login(admin_user)
    return client
