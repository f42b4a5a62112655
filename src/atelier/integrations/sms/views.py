"""Twilio's webhooks: message status callbacks and inbound messages (STOP / START).

Authenticated by `X-Twilio-Signature` only (no session, no CSRF): a missing or bad
signature answers 403 and changes nothing. The URL checked is the one Twilio called:
`TWILIO_WEBHOOK_BASE_URL` + path and query when set (behind a proxy), else the
request's own absolute URL. Thin: `delivery` decides what each message means.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from atelier.integrations.sms import delivery, signature

logger = logging.getLogger("atelier.sms")
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


def webhook_url(request) -> str:
    base = settings.TWILIO_WEBHOOK_BASE_URL
    if base:
        return base.rstrip("/") + request.get_full_path()
    return request.build_absolute_uri()


def _verified(request) -> bool:
    ok = signature.valid(
        settings.TWILIO_AUTH_TOKEN,
        webhook_url(request),
        request.POST.lists(),
        request.headers.get("X-Twilio-Signature", ""),
    )
    if not ok:
        logger.warning("Twilio webhook %s refused: bad or missing signature", request.path)
    return ok


@csrf_exempt
@require_POST
def twilio_status(request):
    if not _verified(request):
        return HttpResponseForbidden("Invalid signature.")
    delivery.status_callback_apply(request.POST.dict())
    return HttpResponse(status=204)


@csrf_exempt
@require_POST
def twilio_inbound(request):
    if not _verified(request):
        return HttpResponseForbidden("Invalid signature.")
    delivery.inbound_apply(request.POST.dict())
    return HttpResponse(EMPTY_TWIML, content_type="text/xml")
