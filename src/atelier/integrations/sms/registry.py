"""Picks the SMS provider from `settings.SMS_PROVIDER` (`console` by default, or `twilio`)
and is the outbox's "sms" sender."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from atelier.core.outbox import PermanentFailure
from atelier.integrations.sms import delivery
from atelier.integrations.sms.console import ConsoleSms
from atelier.integrations.sms.port import SmsSender
from atelier.integrations.sms.twilio import TwilioClient, TwilioSms

PROVIDERS = ("console", "twilio")
STATUS_CALLBACK_PATH = "/api/v1/sms/twilio/status"


def sender() -> SmsSender:
    name = settings.SMS_PROVIDER
    if name == "console":
        return ConsoleSms()
    if name == "twilio":
        return TwilioSms(
            _twilio_client(
                settings.TWILIO_API_BASE,
                settings.TWILIO_ACCOUNT_SID,
                settings.TWILIO_AUTH_TOKEN,
                settings.TWILIO_API_KEY_SID,
                settings.TWILIO_API_KEY_SECRET,
                settings.TWILIO_FROM,
                settings.TWILIO_MESSAGING_SERVICE_SID,
            ),
            status_callback=webhook_base_url() + STATUS_CALLBACK_PATH,
        )
    raise ImproperlyConfigured(f"Unknown SMS_PROVIDER {name!r} (known: {', '.join(PROVIDERS)}).")


def webhook_base_url() -> str:
    """Where Twilio reaches us (the public URL, in front of any proxy)."""
    return (settings.TWILIO_WEBHOOK_BASE_URL or settings.SITE_URL).rstrip("/")


@lru_cache(maxsize=4)
def _twilio_client(api_base, account_sid, auth_token, key_sid, key_secret, from_, service):
    """One client (one connection pool) per configuration."""
    try:
        return TwilioClient(
            api_base=api_base,
            account_sid=account_sid,
            auth_token=auth_token,
            api_key_sid=key_sid,
            api_key_secret=key_secret,
            from_number=from_,
            messaging_service_sid=service,
        )
    except ValueError as exc:
        raise ImproperlyConfigured(f"SMS_PROVIDER=twilio: {exc}") from None


def send_sms(payload: dict, *, idempotency_key: str) -> None:
    """Outbox sender for channel "sms": payload {"to": "+44…", "body": "…"}."""
    missing = [k for k in ("to", "body") if not payload.get(k)]
    if missing:
        raise PermanentFailure(f"SMS payload lacks {', '.join(missing)}.")
    delivery.deliver(
        sender(), to=payload["to"], body=payload["body"], idempotency_key=idempotency_key
    )
