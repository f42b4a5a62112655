import pytest
from django.core.exceptions import ImproperlyConfigured

from atelier.integrations.payments import registry
from atelier.integrations.payments.offline import OfflineProvider
from atelier.integrations.payments.stripe import StripeClient


def test_offline_is_the_default(settings):
    assert settings.PAYMENTS_PROVIDER == "offline"
    assert isinstance(registry.provider(), OfflineProvider)


def test_stripe_is_chosen_by_the_setting_and_reused(settings):
    settings.PAYMENTS_PROVIDER = "stripe"
    settings.STRIPE_SECRET_KEY = "sk_test_registry"
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    client = registry.provider()
    assert isinstance(client, StripeClient)
    assert registry.provider() is client
    assert isinstance(registry.provider("offline"), OfflineProvider)


def test_stripe_without_a_secret_key_is_a_configuration_error(settings):
    settings.STRIPE_SECRET_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="STRIPE_SECRET_KEY"):
        registry.provider("stripe")


def test_an_unknown_provider_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured):
        registry.provider("paypal")
