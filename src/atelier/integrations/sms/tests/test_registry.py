import pytest
from django.core.exceptions import ImproperlyConfigured

from atelier.core.outbox import PermanentFailure
from atelier.integrations.sms import registry
from atelier.integrations.sms.console import ConsoleSms
from atelier.integrations.sms.twilio import TwilioSms


def test_console_is_the_default(settings):
    settings.SMS_PROVIDER = "console"
    assert isinstance(registry.sender(), ConsoleSms)


def test_twilio_is_built_from_settings_with_its_status_callback(twilio_settings):
    sender = registry.sender()
    assert isinstance(sender, TwilioSms)
    assert sender.status_callback == "https://shop.example/api/v1/sms/twilio/status"


def test_twilio_without_credentials_is_a_configuration_error(settings):
    registry._twilio_client.cache_clear()
    settings.SMS_PROVIDER = "twilio"
    settings.TWILIO_ACCOUNT_SID = "AC" + "0" * 32
    settings.TWILIO_AUTH_TOKEN = ""
    settings.TWILIO_API_KEY_SID = ""
    with pytest.raises(ImproperlyConfigured, match="TWILIO_AUTH_TOKEN"):
        registry.sender()


def test_unknown_provider_is_a_configuration_error(settings):
    settings.SMS_PROVIDER = "pigeon"
    with pytest.raises(ImproperlyConfigured, match="pigeon"):
        registry.sender()


@pytest.mark.django_db
def test_a_payload_without_number_or_text_fails_permanently():
    with pytest.raises(PermanentFailure, match="to, body"):
        registry.send_sms({}, idempotency_key="x")
