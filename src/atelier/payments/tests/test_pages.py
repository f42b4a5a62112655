"""The payer's pages: Stripe's Payment Element only in Stripe mode, and the return page."""

import pytest

from atelier.payments.enums import PaymentStatus
from atelier.payments.models import Payment
from atelier.payments.tests.helpers import SITE, start

pytestmark = pytest.mark.django_db


def test_the_stripe_page_mounts_the_payment_element(stripe_mode, client):
    info = start()

    response = client.get(info.redirect_url.removeprefix(SITE))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<script src="https://js.stripe.com/v3/"></script>' in html
    assert '"pk_test_payments"' in html
    assert f'"{info.client_secret}"' in html
    assert f'data-return-url="{SITE}/checkout/SO-2026-000001/done/"' in html
    assert "1,200.00 EUR" in html
    assert "sk_test" not in html


def test_offline_pages_never_load_stripe(client):
    info = start()
    payment = Payment.objects.get(reference=info.payment_id)
    for path in (f"/pay/{payment.token}/done/", info.redirect_url.removeprefix(SITE)):
        assert "js.stripe.com" not in client.get(path).content.decode()


def test_a_paid_payment_shows_the_thank_you_page(stripe_mode, client):
    info = start()
    payment = Payment.objects.get(reference=info.payment_id)
    Payment.objects.filter(pk=payment.pk).update(status=PaymentStatus.SUCCEEDED)

    response = client.get(f"/pay/{payment.token}/")

    html = response.content.decode()
    assert "payment received" in html
    assert "js.stripe.com" not in html


@pytest.mark.parametrize(
    ("status", "text"),
    [
        (PaymentStatus.REQUIRES_PAYMENT, "Nothing has been taken yet"),
        (PaymentStatus.PROCESSING, "Payment in progress"),
        (PaymentStatus.CANCELED, "This payment is closed"),
    ],
)
def test_the_return_page_says_how_it_went(client, status, text):
    info = start()
    payment = Payment.objects.get(reference=info.payment_id)
    Payment.objects.filter(pk=payment.pk).update(status=status)
    assert text in client.get(f"/pay/{payment.token}/done/").content.decode()


def test_pages_only_answer_get(client):
    info = start()
    token = Payment.objects.get(reference=info.payment_id).token
    assert client.post(f"/pay/{token}/").status_code == 405
