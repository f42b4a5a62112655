"""The real Stripe client against a local stub answering Stripe's documented examples.

Each test asserts what the client sent (path, form fields, Idempotency-Key,
Authorization) as well as what it made of the answer.
"""

from decimal import Decimal

import httpx
import pytest

from atelier.core.money import Money
from atelier.integrations.payments.port import (
    ProviderAuthenticationError,
    ProviderNotFound,
    ProviderRejected,
    ProviderUnavailable,
)
from atelier.integrations.payments.stripe import StripeClient, encode_form
from atelier.integrations.payments.stripe_objects import STRIPE_API_VERSION
from atelier.integrations.payments.tests.conftest import SECRET_KEY
from atelier.integrations.payments.tests.stub import error, example

EUR = "EUR"


def create_intent(client, key="key-1", amount=None):
    return client.create_intent(
        amount=amount or Money("1234.56", EUR),
        description="Atelier order SO-2026-000001",
        receipt_email="ada@example.com",
        metadata={"atelier_payment": "PAY-2026-000001", "order_ref": "SO-2026-000001"},
        return_url="https://shop.example/checkout/done",
        idempotency_key=key,
    )


# --- Requests ----------------------------------------------------------------------------
def test_creating_a_payment_intent_posts_stripes_form_with_key_and_bearer(stub, stripe_client):
    intent = create_intent(stripe_client)

    [sent] = stub.requests
    assert (sent.method, sent.path) == ("POST", "/v1/payment_intents")
    assert sent.headers["authorization"] == f"Bearer {SECRET_KEY}"
    assert sent.headers["idempotency-key"] == "key-1"
    assert sent.headers["stripe-version"] == STRIPE_API_VERSION
    assert sent.headers["content-type"] == "application/x-www-form-urlencoded"
    assert sent.data == {
        "amount": "123456",
        "currency": "eur",
        "automatic_payment_methods[enabled]": "true",
        "description": "Atelier order SO-2026-000001",
        "receipt_email": "ada@example.com",
        "metadata[atelier_payment]": "PAY-2026-000001",
        "metadata[order_ref]": "SO-2026-000001",
    }
    assert intent.id.startswith("pi_")
    assert intent.client_secret.startswith(f"{intent.id}_secret_")
    assert intent.status == "requires_payment_method"
    assert intent.amount == Money("1234.56", EUR)
    assert intent.amount_received == Money(0, EUR)
    assert intent.metadata["order_ref"] == "SO-2026-000001"


def test_zero_decimal_currencies_are_sent_in_whole_units(stub, stripe_client):
    create_intent(stripe_client, amount=Money("150000", "JPY"))
    assert stub.requests[0].data["amount"] == "150000"
    assert stub.requests[0].data["currency"] == "jpy"


def test_retrieving_an_intent_is_a_get_without_idempotency_key(stub, stripe_client):
    obj = stub.put(example("payment_intent") | {"id": "pi_known", "status": "succeeded"})
    obj["amount_received"] = obj["amount"]

    intent = stripe_client.retrieve_intent("pi_known")

    [sent] = stub.requests
    assert (sent.method, sent.path) == ("GET", "/v1/payment_intents/pi_known")
    assert "idempotency-key" not in sent.headers
    assert sent.headers["authorization"] == f"Bearer {SECRET_KEY}"
    assert (intent.status, intent.amount_received) == ("succeeded", Money("10.99", "USD"))


def test_cancelling_an_intent_posts_to_its_cancel_path(stub, stripe_client):
    stub.put(example("payment_intent") | {"id": "pi_open"})

    intent = stripe_client.cancel_intent("pi_open", idempotency_key="cancel-1")

    [sent] = stub.requests
    assert (sent.method, sent.path) == ("POST", "/v1/payment_intents/pi_open/cancel")
    assert sent.data == {"cancellation_reason": "abandoned"}
    assert sent.headers["idempotency-key"] == "cancel-1"
    assert intent.status == "canceled"


def test_creating_a_refund_posts_intent_amount_reason_and_metadata(stub, stripe_client):
    stub.put(example("payment_intent") | {"id": "pi_paid", "currency": "eur"})

    refund = stripe_client.create_refund(
        intent_id="pi_paid",
        amount=Money("250.00", EUR),
        reason="requested_by_customer",
        metadata={"atelier_refund": "RFD-2026-000001"},
        idempotency_key="refund-key",
    )

    [sent] = stub.requests
    assert (sent.method, sent.path) == ("POST", "/v1/refunds")
    assert sent.headers["idempotency-key"] == "refund-key"
    assert sent.data == {
        "payment_intent": "pi_paid",
        "amount": "25000",
        "reason": "requested_by_customer",
        "metadata[atelier_refund]": "RFD-2026-000001",
    }
    assert refund.id.startswith("re_")
    assert (refund.status, refund.amount) == ("succeeded", Money("250.00", EUR))


def test_a_free_text_refund_reason_stays_out_of_stripes_reason_field(stub, stripe_client):
    stub.put(example("payment_intent") | {"id": "pi_paid"})
    stripe_client.create_refund(
        intent_id="pi_paid",
        amount=Money("1.00", "USD"),
        reason="Order cancelled by the boutique",
        metadata={},
        idempotency_key="refund-2",
    )
    assert "reason" not in stub.requests[0].data


def test_creating_a_checkout_session_sends_one_priced_line(stub, stripe_client):
    session = stripe_client.create_checkout_session(
        amount=Money("4800.00", EUR),
        description="Balance of SO-2026-000042",
        customer_email="ada@example.com",
        success_url="https://shop.example/pay/t/done/?session_id={CHECKOUT_SESSION_ID}",
        cancel_url="https://shop.example/pay/t/done/",
        client_reference_id="PAY-2026-000007",
        metadata={"atelier_payment": "PAY-2026-000007"},
        idempotency_key="link-key",
    )

    [sent] = stub.requests
    assert (sent.method, sent.path) == ("POST", "/v1/checkout/sessions")
    assert sent.headers["idempotency-key"] == "link-key"
    assert sent.data == {
        "mode": "payment",
        "line_items[0][quantity]": "1",
        "line_items[0][price_data][currency]": "eur",
        "line_items[0][price_data][unit_amount]": "480000",
        "line_items[0][price_data][product_data][name]": "Balance of SO-2026-000042",
        "customer_email": "ada@example.com",
        "client_reference_id": "PAY-2026-000007",
        "success_url": "https://shop.example/pay/t/done/?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": "https://shop.example/pay/t/done/",
        "metadata[atelier_payment]": "PAY-2026-000007",
        "payment_intent_data[description]": "Balance of SO-2026-000042",
        "payment_intent_data[metadata][atelier_payment]": "PAY-2026-000007",
    }
    assert session.url.startswith("https://checkout.stripe.com/")
    assert (session.status, session.payment_status) == ("open", "unpaid")
    assert session.amount_total == Money("4800.00", EUR)


def test_retrieving_a_checkout_session(stub, stripe_client):
    stub.put(example("checkout.session") | {"status": "expired", "amount_total": 500})
    session = stripe_client.retrieve_checkout_session(example("checkout.session")["id"])
    assert stub.requests[0].path == f"/v1/checkout/sessions/{session.id}"
    assert session.status == "expired"


def test_expiring_a_checkout_session_posts_to_its_expire_path(stub, stripe_client):
    session_id = stub.put(example("checkout.session"))["id"]

    session = stripe_client.expire_checkout_session(session_id, idempotency_key="exp-1")

    [sent] = stub.requests
    assert (sent.method, sent.path) == ("POST", f"/v1/checkout/sessions/{session_id}/expire")
    assert (sent.data, sent.headers["idempotency-key"]) == ({}, "exp-1")
    assert session.status == "expired"


def test_the_same_idempotency_key_gets_the_same_object(stub, stripe_client):
    first = create_intent(stripe_client, key="same")
    again = create_intent(stripe_client, key="same")
    assert first.id == again.id


# --- Errors ------------------------------------------------------------------------------
def test_a_card_error_is_a_rejection_with_stripes_codes_and_is_not_retried(stub, stripe_client):
    stub.queue("POST", "/v1/payment_intents", (402, error("card_declined")))

    with pytest.raises(ProviderRejected) as caught:
        create_intent(stripe_client)

    assert len(stub.requests) == 1
    exc = caught.value
    assert (exc.code, exc.decline_code, exc.error_type) == (
        "card_declined",
        "generic_decline",
        "card_error",
    )
    assert exc.message == "Your card was declined."
    assert exc.http_status == 402
    assert exc.request_id.startswith("req_")


def test_a_400_invalid_request_is_a_rejection(stub, stripe_client):
    stub.put(example("payment_intent") | {"id": "pi_paid"})
    stub.queue("POST", "/v1/refunds", (400, error("amount_too_large")))

    with pytest.raises(ProviderRejected) as caught:
        stripe_client.create_refund(
            intent_id="pi_paid",
            amount=Money("20.00", "USD"),
            reason=None,
            metadata={},
            idempotency_key="r-1",
        )

    assert (caught.value.code, caught.value.param) == ("amount_too_large", "amount")
    assert len(stub.requests) == 1


def test_401_is_an_authentication_error_and_is_not_retried(stub, stripe_client):
    stub.queue("POST", "/v1/payment_intents", (401, error("invalid_api_key")))

    with pytest.raises(ProviderAuthenticationError) as caught:
        create_intent(stripe_client)

    assert len(stub.requests) == 1
    assert "Invalid API Key" in caught.value.message
    assert SECRET_KEY not in caught.value.message


def test_404_is_not_found(stub, stripe_client):
    with pytest.raises(ProviderNotFound):
        stripe_client.retrieve_intent("pi_missing")


def test_429_is_retried_with_the_same_key_then_succeeds(stub, stripe_client):
    stub.queue("POST", "/v1/payment_intents", (429, error("rate_limit")))

    intent = create_intent(stripe_client, key="retry-me")

    sent = stub.calls("POST", "/v1/payment_intents")
    assert len(sent) == 2
    assert {s.headers["idempotency-key"] for s in sent} == {"retry-me"}
    assert sent[0].form == sent[1].form
    assert intent.id.startswith("pi_")


def test_500s_are_retried_with_the_same_key(stub, stripe_client):
    stub.queue("POST", "/v1/payment_intents", (500, error("api_error")), (503, {}))

    intent = create_intent(stripe_client, key="five-hundred")

    sent = stub.calls("POST", "/v1/payment_intents")
    assert len(sent) == 3
    assert {s.headers["idempotency-key"] for s in sent} == {"five-hundred"}
    assert intent.status == "requires_payment_method"


def test_500s_that_do_not_stop_end_as_unavailable_after_the_retries(stub, stripe_client):
    stub.queue("POST", "/v1/payment_intents", *[(500, error("api_error"))] * 3)

    with pytest.raises(ProviderUnavailable) as caught:
        create_intent(stripe_client)

    assert len(stub.requests) == 3  # one try and two retries
    assert caught.value.http_status == 500


def test_stripe_should_retry_false_is_obeyed(stub, stripe_client):
    stub.queue(
        "POST", "/v1/payment_intents", (500, error("api_error"), {"Stripe-Should-Retry": "false"})
    )
    with pytest.raises(ProviderUnavailable):
        create_intent(stripe_client)
    assert len(stub.requests) == 1


def test_a_timeout_is_retried_with_the_same_key(stub, stripe_client):
    stub.queue("POST", "/v1/payment_intents", ("sleep", 1.5, (500, error("api_error"))))

    intent = create_intent(stripe_client, key="slow")

    sent = stub.calls("POST", "/v1/payment_intents")
    assert len(sent) == 2
    assert [s.headers["idempotency-key"] for s in sent] == ["slow", "slow"]
    assert intent.id.startswith("pi_")


def test_gets_are_retried_too(stub, stripe_client):
    stub.put(example("payment_intent") | {"id": "pi_known"})
    stub.queue("GET", "/v1/payment_intents/pi_known", (502, {}))
    assert stripe_client.retrieve_intent("pi_known").id == "pi_known"
    assert len(stub.requests) == 2


def test_an_unreachable_api_is_unavailable():
    client = StripeClient(
        api_base="http://127.0.0.1:9", secret_key="sk_test_x", max_retries=1, backoff=0
    )
    with pytest.raises(ProviderUnavailable) as caught:
        client.retrieve_intent("pi_any")
    assert caught.value.code == "network_error"


def test_a_post_without_idempotency_key_is_a_programming_error(stub, stripe_client):
    with pytest.raises(ValueError, match="idempotency key"):
        create_intent(stripe_client, key="")
    assert stub.requests == []


@pytest.mark.parametrize("bad_id", ["../v1/charges", "pi 1", "", "pi_1/refunds"])
def test_ids_that_could_change_the_path_are_refused_before_sending(stub, stripe_client, bad_id):
    with pytest.raises(ProviderRejected):
        stripe_client.retrieve_intent(bad_id)
    assert stub.requests == []


def test_a_client_needs_a_secret_key():
    with pytest.raises(ValueError, match="STRIPE_SECRET_KEY"):
        StripeClient(api_base="http://127.0.0.1:9", secret_key="")


def test_the_transport_can_be_injected():
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=example("payment_intent"))

    client = StripeClient(
        api_base="https://api.stripe.test", secret_key="sk", transport=httpx.MockTransport(answer)
    )
    assert client.retrieve_intent("pi_1PgafyB7WZ01zgkWSjxsAJo3").amount.amount == Decimal("10.99")


# --- Encoding -------------------------------------------------------------------------------
def test_form_encoding_flattens_nested_values_like_stripe():
    pairs = encode_form(
        {
            "a": 1,
            "flag": False,
            "skip": None,
            "metadata": {"k": "v"},
            "items": [{"price": "p_1", "quantity": 2}],
        }
    )
    assert pairs == [
        ("a", "1"),
        ("flag", "false"),
        ("metadata[k]", "v"),
        ("items[0][price]", "p_1"),
        ("items[0][quantity]", "2"),
    ]
