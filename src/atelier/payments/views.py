"""The payer's pages: where to pay, and how it went.

`/pay/<token>/` sends the payer where the payment is made: the offline provider's page,
a payment link's Checkout page, or (Stripe checkout payments) a page of ours with
Stripe's Payment Element, which alone loads js.stripe.com. `/pay/<token>/done/` is where
payment links come back to. The token is the payment's unguessable id.
"""

from __future__ import annotations

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_GET

from atelier.integrations.payments import registry
from atelier.payments import selectors
from atelier.payments.enums import PaymentKind, PaymentStatus, Provider


def _payment(token):
    payment = selectors.payment_for_page(token)
    if payment is None:
        raise Http404("No such payment.")
    return payment


@require_GET
def pay(request, token):
    payment = _payment(token)
    if payment.status != PaymentStatus.SUCCEEDED:
        if payment.provider == Provider.OFFLINE or payment.kind == PaymentKind.LINK:
            if payment.hosted_url:
                return HttpResponseRedirect(payment.hosted_url)
        elif payment.client_secret and payment.status != PaymentStatus.CANCELED:
            return render(
                request,
                "payments/pay.html",
                {
                    "payment": payment,
                    "amount": payment.money,
                    "element": {
                        "publishable_key": registry.provider(payment.provider).publishable_key,
                        "client_secret": payment.client_secret,
                        "return_url": payment.return_url,
                    },
                },
            )
    return render(request, "payments/done.html", {"payment": payment, "amount": payment.money})


@require_GET
def done(request, token):
    payment = _payment(token)
    return render(request, "payments/done.html", {"payment": payment, "amount": payment.money})
