"""Fixtures for the payments tests: offline provider, a known webhook secret, recorded
events, and (for Stripe mode) the local Stripe stub."""

import pytest

from atelier.accounts.roles import Cap
from atelier.core.actor import Actor, system_actor
from atelier.integrations.payments import registry
from atelier.integrations.payments.stripe import StripeClient
from atelier.integrations.payments.tests.stub import StripeStub
from atelier.payments.tests import wiring
from atelier.payments.tests.helpers import SECRET, SITE


@pytest.fixture(autouse=True)
def _payments_settings(settings):
    settings.PAYMENTS_PROVIDER = "offline"
    settings.STRIPE_WEBHOOK_SECRET = SECRET
    settings.SITE_URL = SITE
    settings.EVENT_WIRING = "atelier.payments.tests.wiring.HANDLERS"
    wiring.RECEIVED.clear()
    yield
    wiring.RECEIVED.clear()


@pytest.fixture
def events():
    """Events delivered so far (after commit), in order."""
    return wiring.RECEIVED


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit(): ...` runs the after-commit work (events, outbox) of the block."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def system():
    return system_actor("tests")


@pytest.fixture
def seller():
    return Actor(
        user_id=None, label="Sales rep", permissions=frozenset({Cap.SEND_PAYMENT_LINKS.perm})
    )


@pytest.fixture
def stripe_mode(settings, monkeypatch):
    """PAYMENTS_PROVIDER=stripe against the local stub; retries without waiting."""
    stub = StripeStub().start()
    settings.PAYMENTS_PROVIDER = "stripe"
    settings.STRIPE_API_BASE = stub.url
    settings.STRIPE_SECRET_KEY = "sk_test_payments"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_payments"
    monkeypatch.setattr(StripeClient, "_delay", lambda self, attempt: 0)
    registry._stripe.cache_clear()
    yield stub
    registry._stripe.cache_clear()
    stub.stop()
