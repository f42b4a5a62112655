import pytest
from django.core.exceptions import ImproperlyConfigured

from atelier.integrations.carriers.dhl import DHLExpressClient
from atelier.integrations.carriers.fake import FakeCarrier
from atelier.integrations.carriers.registry import carrier


def test_the_fake_is_the_default(settings):
    assert isinstance(carrier(), FakeCarrier)


def test_dhl_is_chosen_by_setting_with_its_credentials(settings):
    settings.CARRIER_PROVIDER = "dhl"
    settings.DHL_API_KEY, settings.DHL_API_SECRET = "key", "secret"
    settings.DHL_ACCOUNT_NUMBER = "123456789"
    settings.DHL_API_BASE = "http://127.0.0.1:1/mydhlapi"

    client = carrier()

    assert isinstance(client, DHLExpressClient)
    assert client.account_number == "123456789"


def test_dhl_without_credentials_refuses_to_start(settings):
    settings.CARRIER_PROVIDER = "dhl"
    settings.DHL_API_KEY = ""

    with pytest.raises(ImproperlyConfigured, match="DHL_API_KEY"):
        carrier()


def test_an_unknown_provider_is_refused():
    with pytest.raises(ImproperlyConfigured):
        carrier("ups")
