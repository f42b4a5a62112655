"""The offline hosted page, end to end: payment_start, the payer's choices on
/pay/offline/<id>/, and the outcome arriving through the signed webhook path."""

import pytest

from atelier.payments.enums import PaymentStatus
from atelier.payments.models import Payment, WebhookEvent
from atelier.payments.tests.helpers import SITE, start

pytestmark = pytest.mark.django_db


def page_path(start_info) -> str:
    return start_info.redirect_url.removeprefix(SITE)


def payment_of(start_info) -> Payment:
    return Payment.objects.get(reference=start_info.payment_id)


def choose(client, start_info, action, **extra):
    return client.post(page_path(start_info), {"action": action, **extra})


def test_payment_start_in_offline_mode_points_at_the_hosted_page():
    info = start()

    payment = payment_of(info)
    assert info.provider == "offline"
    assert info.redirect_url == f"{SITE}/pay/offline/{payment.provider_id}/"
    assert (info.client_secret, info.publishable_key) == (None, None)
    assert info.status == PaymentStatus.REQUIRES_PAYMENT


def test_the_page_shows_the_amount_in_the_storefront_shell(client):
    info = start()

    response = client.get(page_path(info))

    assert response.status_code == 200
    html = response.content.decode()
    assert "1,200.00 EUR" in html
    assert "Atelier order SO-2026-000001" in html
    assert 'value="succeed"' in html
    assert 'value="decline"' in html
    assert "site-header" in html  # storefront/base.html
    assert "js.stripe.com" not in html
    assert [t.name for t in response.templates][:2] == [
        "integrations/payments/offline_page.html",
        "storefront/base.html",
    ]


def test_success_goes_through_the_webhook_and_returns_to_the_shop(client, commit, events):
    info = start()
    payment = payment_of(info)

    with commit():
        response = choose(client, info, "succeed")

    assert response.status_code == 302
    assert response["Location"] == (
        f"{SITE}/checkout/SO-2026-000001/done/"
        f"?payment_intent={payment.provider_id}&redirect_status=succeeded"
    )
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    webhook = WebhookEvent.objects.get()
    assert (webhook.provider, webhook.type, webhook.outcome) == (
        "offline",
        "payment_intent.succeeded",
        "processed",
    )
    assert [type(e).__name__ for e in events] == ["PaymentSucceeded"]
    assert (events[0].payment_id, events[0].amount, events[0].currency) == (
        info.payment_id,
        "1200.00",
        "EUR",
    )


def test_a_decline_fails_the_payment_and_the_payer_can_try_again(client, commit, events):
    info = start()

    with commit():
        declined = choose(client, info, "decline")
    assert declined.status_code == 302
    assert declined["Location"] == info.redirect_url
    assert payment_of(info).status == PaymentStatus.FAILED
    page = client.get(page_path(info)).content.decode()
    assert "Your card was declined." in page

    with commit():
        choose(client, info, "succeed")

    assert payment_of(info).status == PaymentStatus.SUCCEEDED
    assert [type(e).__name__ for e in events] == ["PaymentFailed", "PaymentSucceeded"]


def test_requires_action_then_confirmation(client, commit, events):
    info = start()

    with commit():
        choose(client, info, "require_action")
    assert payment_of(info).status == PaymentStatus.REQUIRES_ACTION
    page = client.get(page_path(info)).content.decode()
    assert 'value="authenticate"' in page
    assert 'value="succeed"' not in page

    with commit():
        response = choose(client, info, "authenticate")

    assert "redirect_status=succeeded" in response["Location"]
    assert payment_of(info).status == PaymentStatus.SUCCEEDED
    assert [type(e).__name__ for e in events] == ["PaymentSucceeded"]
    assert [w.type for w in WebhookEvent.objects.order_by("id")] == [
        "payment_intent.requires_action",
        "payment_intent.succeeded",
    ]


def test_requires_action_then_a_failed_confirmation(client, commit, events):
    info = start()
    with commit():
        choose(client, info, "require_action")
        choose(client, info, "fail_authentication")
    payment = payment_of(info)
    assert payment.status == PaymentStatus.FAILED
    assert payment.failure_code == "payment_intent_authentication_failure"
    assert [type(e).__name__ for e in events] == ["PaymentFailed"]


def test_a_paid_payment_cannot_be_paid_twice_on_the_page(client, commit, events):
    info = start()
    with commit():
        choose(client, info, "succeed")
        again = choose(client, info, "succeed")
    assert again.status_code == 409
    assert "status of succeeded" in again.content.decode()
    assert len(events) == 1


def test_our_pay_link_sends_the_payer_to_the_offline_page(client):
    info = start()
    payment = payment_of(info)
    response = client.get(f"/pay/{payment.token}/")
    assert response.status_code == 302
    assert response["Location"] == info.redirect_url


def test_an_unknown_page_is_404(client):
    assert client.get("/pay/offline/pi_off_nothing/").status_code == 404
    assert client.post("/pay/offline/pi_off_nothing/", {"action": "succeed"}).status_code == 404
    assert client.get("/pay/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_the_offline_page_is_not_served_when_stripe_is_in_use(client, settings):
    info = start()
    settings.PAYMENTS_PROVIDER = "stripe"
    settings.DEBUG = False
    assert client.get(page_path(info)).status_code == 404


def test_the_offline_page_is_never_served_in_production(client, settings):
    info = start()
    settings.PRODUCTION = True
    assert client.get(page_path(info)).status_code == 404
    assert client.post(page_path(info), {"action": "succeed"}).status_code == 404
    assert payment_of(info).status == PaymentStatus.REQUIRES_PAYMENT
