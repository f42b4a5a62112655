import pytest

from atelier.integrations.payments.stripe import StripeClient
from atelier.integrations.payments.tests.stub import StripeStub

SECRET_KEY = "sk_test_atelier_0000"


@pytest.fixture
def stub():
    server = StripeStub().start()
    yield server
    server.stop()


@pytest.fixture
def stripe_client(stub):
    client = StripeClient(
        api_base=stub.url,
        secret_key=SECRET_KEY,
        publishable_key="pk_test_atelier_0000",
        timeout=0.5,
        connect_timeout=0.5,
        max_retries=2,
        backoff=0,
    )
    yield client
    client.close()
