"""payment_start and payment_link_create: input, idempotency, both providers, outages."""

from datetime import timedelta

import pytest

from atelier.core.actor import Actor
from atelier.core.errors import Conflict, PermissionDenied, ValidationFailed
from atelier.core.money import Money
from atelier.integrations.payments import registry
from atelier.integrations.payments.models import OfflineIntent
from atelier.integrations.payments.tests.stub import error
from atelier.payments import facade, services
from atelier.payments.enums import PaymentStatus
from atelier.payments.errors import PaymentProviderUnavailable, PaymentRefused
from atelier.payments.models import Payment
from atelier.payments.tests.helpers import EUR_1200, SITE, start

pytestmark = pytest.mark.django_db


# --- payment_start -------------------------------------------------------------------------
def test_payment_start_records_what_is_expected():
    info = start(order_ref="SO-2026-000123", purpose="deposit")

    payment = Payment.objects.get(reference=info.payment_id)
    assert info.payment_id.startswith("PAY-")
    assert (payment.order_ref, payment.purpose, payment.money) == (
        "SO-2026-000123",
        "deposit",
        EUR_1200,
    )
    assert (payment.provider, payment.kind, payment.status) == (
        "offline",
        "intent",
        "requires_payment",
    )
    intent = OfflineIntent.objects.get(pk=payment.provider_id)
    assert (intent.amount, intent.currency) == (120000, "eur")
    assert intent.metadata == {
        "atelier_payment": payment.reference,
        "order_ref": "SO-2026-000123",
        "purpose": "deposit",
    }


def test_the_same_idempotency_key_returns_the_same_payment():
    first = start(key="SO-2026-000001:pay:1")
    again = start(key="SO-2026-000001:pay:1")
    assert first == again
    assert Payment.objects.count() == 1
    assert OfflineIntent.objects.count() == 1


def test_the_same_key_for_a_different_payment_is_a_conflict():
    start(key="k")
    with pytest.raises(Conflict) as caught:
        start(key="k", amount=Money("1.00", "EUR"))
    assert caught.value.code == "idempotency_conflict"
    with pytest.raises(Conflict):
        start(key="k", order_ref="SO-2026-000002")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"order_ref": ""}, "order_ref"),
        ({"order_ref": "x" * 41}, "order_ref"),
        ({"amount": Money("0", "EUR")}, "amount"),
        ({"amount": Money("-1", "EUR")}, "amount"),
        ({"amount": Money("10.001", "EUR")}, "amount"),
        ({"amount": Money("10.5", "JPY")}, "amount"),
        ({"amount": "10.00"}, "amount"),
        ({"purpose": "gift"}, "purpose"),
        ({"customer_email": "not-an-email"}, "customer_email"),
        ({"key": " "}, "idempotency_key"),
        ({"key": "k" * 201}, "idempotency_key"),
        ({"return_url": "javascript:alert(1)"}, "return_url"),
        ({"return_url": "//evil.example/x"}, "return_url"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(changes, field):
    with pytest.raises(ValidationFailed) as caught:
        start(**changes)
    assert field in caught.value.details
    assert Payment.objects.count() == 0
    assert OfflineIntent.objects.count() == 0


def test_a_relative_return_url_is_made_absolute():
    info = start(return_url="/checkout/done/")
    assert Payment.objects.get(reference=info.payment_id).return_url == f"{SITE}/checkout/done/"


def test_payment_start_in_stripe_mode_gives_the_payment_element_what_it_needs(stripe_mode):
    info = start()

    payment = Payment.objects.get(reference=info.payment_id)
    [sent] = stripe_mode.requests
    assert (sent.method, sent.path) == ("POST", "/v1/payment_intents")
    assert sent.headers["idempotency-key"] == f"atelier-payment-{payment.token}"
    assert sent.headers["authorization"] == "Bearer sk_test_payments"
    assert sent.data["amount"] == "120000"
    assert sent.data["currency"] == "eur"
    assert sent.data["automatic_payment_methods[enabled]"] == "true"
    assert sent.data["metadata[atelier_payment]"] == payment.reference
    assert info.provider == "stripe"
    assert info.client_secret == payment.client_secret
    assert info.client_secret.startswith(payment.provider_id)
    assert info.publishable_key == "pk_test_payments"
    assert info.redirect_url == f"{SITE}/pay/{payment.token}/"


def test_a_stripe_outage_raises_unavailable_and_the_same_key_later_succeeds(stripe_mode):
    stripe_mode.queue("POST", "/v1/payment_intents", *[(503, {})] * 3)

    with pytest.raises(PaymentProviderUnavailable):
        start(key="checkout-7")
    payment = Payment.objects.get()
    assert (payment.status, payment.provider_id) == (PaymentStatus.REQUIRES_PAYMENT, "")

    info = start(key="checkout-7")

    assert Payment.objects.count() == 1
    assert info.client_secret
    keys = {r.headers["idempotency-key"] for r in stripe_mode.requests}
    assert keys == {f"atelier-payment-{payment.token}"}


def test_a_payment_stripe_refuses_is_failed_and_refused(stripe_mode):
    stripe_mode.queue(
        "POST",
        "/v1/payment_intents",
        (400, {"error": {"code": "amount_too_small", "message": "Amount must be at least €0.50",
                         "type": "invalid_request_error", "param": "amount"}}),
    )  # fmt: skip
    with pytest.raises(PaymentRefused, match="at least"):
        start(amount=Money("0.10", "EUR"), key="tiny")
    payment = Payment.objects.get()
    assert (payment.status, payment.failure_code) == (PaymentStatus.FAILED, "amount_too_small")
    with pytest.raises(PaymentRefused):
        start(amount=Money("0.10", "EUR"), key="tiny")
    assert len(stripe_mode.requests) == 1


def test_wrong_stripe_keys_are_unavailable_not_refused(stripe_mode):
    stripe_mode.queue("POST", "/v1/payment_intents", (401, error("invalid_api_key")))
    with pytest.raises(PaymentProviderUnavailable):
        start()
    assert Payment.objects.get().status == PaymentStatus.REQUIRES_PAYMENT


def test_a_payment_keeps_its_provider_when_the_setting_changes(settings, system, commit):
    info = start(key="before-the-switch")
    payment = Payment.objects.get(reference=info.payment_id)
    settings.PAYMENTS_PROVIDER = "stripe"
    settings.STRIPE_SECRET_KEY = "sk_test_unused"
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens: must not be asked
    registry._stripe.cache_clear()

    assert start(key="before-the-switch") == info
    registry.offline().act(payment.provider_id, "succeed", send_webhook=False)
    Payment.objects.filter(pk=payment.pk).update(created_at=payment.created_at - timedelta(hours=1))
    with commit():
        report = services.payments_reconcile(actor=system)

    assert (report.changed, report.unreachable) == (1, 0)
    registry._stripe.cache_clear()


# --- payment_link_create -------------------------------------------------------------------
def link(actor, **kwargs):
    values = {
        "order_ref": "SO-2026-000042",
        "amount": "4800.00",
        "currency": "EUR",
        "description": "Balance of your order SO-2026-000042",
        "customer_email": "ada@example.com",
        "actor": actor,
    }
    return facade.payment_link_create(**{**values, **kwargs})


def test_an_offline_payment_link_is_our_hosted_page(seller, client, commit, events):
    url = link(seller)

    payment = Payment.objects.get()
    assert url == f"{SITE}/pay/offline/{OfflineIntent.objects.get().id}/"
    assert (payment.kind, payment.money, payment.order_ref) == (
        "link",
        Money("4800.00", "EUR"),
        "SO-2026-000042",
    )
    page = client.get(url.removeprefix(SITE))
    assert "payment link" in page.content.decode()

    with commit():
        done = client.post(url.removeprefix(SITE), {"action": "succeed"})

    assert done["Location"] == (
        f"{SITE}/pay/{payment.token}/done/?session_id={payment.provider_session_id}"
    )
    assert Payment.objects.get().status == PaymentStatus.SUCCEEDED
    assert [type(e).__name__ for e in events] == ["PaymentSucceeded"]
    thanks = client.get(done["Location"].removeprefix(SITE))
    assert "payment received" in thanks.content.decode()


def test_a_stripe_payment_link_is_a_checkout_session(seller, stripe_mode):
    url = link(seller, amount=Money("4800.00", "EUR"))

    payment = Payment.objects.get()
    [sent] = stripe_mode.requests
    assert (sent.method, sent.path) == ("POST", "/v1/checkout/sessions")
    assert sent.headers["idempotency-key"] == f"atelier-link-{payment.token}"
    assert sent.data["line_items[0][price_data][unit_amount]"] == "480000"
    assert sent.data["line_items[0][price_data][currency]"] == "eur"
    assert sent.data["customer_email"] == "ada@example.com"
    assert sent.data["client_reference_id"] == payment.reference
    assert sent.data["payment_intent_data[metadata][atelier_payment]"] == payment.reference
    assert sent.data["success_url"].startswith(f"{SITE}/pay/{payment.token}/done/")
    assert url.startswith("https://checkout.stripe.com/")
    assert payment.provider_session_id.startswith("cs_test_")
    [info] = facade.payments_for_order("SO-2026-000042")
    assert info.link_url == url


def test_each_call_makes_a_new_link_unless_the_key_repeats(seller):
    first = link(seller)
    assert link(seller) != first
    keyed = link(seller, idempotency_key="link-1")
    assert link(seller, idempotency_key="link-1") == keyed
    assert Payment.objects.count() == 3


def test_payment_links_need_the_capability():
    nobody = Actor(user_id=None, label="Designer", permissions=frozenset())
    with pytest.raises(PermissionDenied):
        link(nobody)
    assert Payment.objects.count() == 0


def test_a_payment_link_validates_its_amount(seller):
    with pytest.raises(ValidationFailed):
        link(seller, amount="abc")
    with pytest.raises(ValidationFailed):
        link(seller, currency="XXY")


# --- caller_ref: the caller's own reference, back on PaymentSucceeded ---------------------
def test_a_link_carries_the_callers_reference_to_the_success_event(seller, client, commit, events):
    url = link(seller, purpose="change", caller_ref="CR-2026-000007")

    payment = Payment.objects.get()
    assert payment.caller_ref == "CR-2026-000007"
    [info] = facade.payments_for_order("SO-2026-000042")
    assert info.caller_ref == "CR-2026-000007"
    with commit():
        client.post(url.removeprefix(SITE), {"action": "succeed"})

    [succeeded] = events
    assert (succeeded.purpose, succeeded.caller_ref) == ("change", "CR-2026-000007")


def test_payment_start_keeps_the_callers_reference_and_checks_it_on_the_same_key():
    start(key="k", caller_ref="CR-2026-000001")
    assert Payment.objects.get().caller_ref == "CR-2026-000001"
    with pytest.raises(Conflict) as caught:
        start(key="k", caller_ref="CR-2026-000002")
    assert caught.value.code == "idempotency_conflict"
    with pytest.raises(ValidationFailed) as refused:
        start(key="other", caller_ref="x" * 41)
    assert "caller_ref" in refused.value.details
    assert Payment.objects.count() == 1


def test_without_a_callers_reference_the_event_says_so(client, commit, events):
    started = start()
    with commit():
        client.post(started.redirect_url.removeprefix(SITE), {"action": "succeed"})
    assert [e.caller_ref for e in events] == [""]
