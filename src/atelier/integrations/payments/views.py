"""The offline provider's hosted payment page (the fake's stand-in for Stripe's pages).

Thin: the provider decides what each choice does and announces it through the webhook
path. Served only while the offline provider is in use (or in DEBUG), and never in
production: a shop running for real has no page where a payment can be faked.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from atelier.integrations.payments import registry
from atelier.integrations.payments.offline import ACTIONS
from atelier.integrations.payments.port import ProviderNotFound, ProviderRejected

TEMPLATE = "integrations/payments/offline_page.html"


@require_http_methods(["GET", "POST"])
def offline_page(request, intent_id: str):
    in_use = settings.PAYMENTS_PROVIDER == "offline" or settings.DEBUG
    if settings.PRODUCTION or not in_use:
        raise Http404("The offline payment page is not in use.")
    provider = registry.offline()
    error = ""
    if request.method == "POST":
        try:
            next_url = provider.act(
                intent_id,
                request.POST.get("action", ""),
                send_webhook=not request.POST.get("lose_webhook"),
            )
            return HttpResponseRedirect(next_url)
        except ProviderNotFound:
            raise Http404("No such payment.") from None
        except ProviderRejected as exc:
            error = exc.message
    try:
        page = provider.page(intent_id)
    except ProviderNotFound:
        raise Http404("No such payment.") from None
    context = {"page": page, "actions": ACTIONS, "error": error}
    return render(request, TEMPLATE, context, status=409 if error else 200)
