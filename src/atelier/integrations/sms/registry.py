"""Picks the SMS provider from `settings.SMS_PROVIDER` and is the outbox's "sms" sender."""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from atelier.core.outbox import PermanentFailure
from atelier.integrations.sms.port import SmsSender

PROVIDERS = {
    "console": "atelier.integrations.sms.console.ConsoleSms",
}


def sender() -> SmsSender:
    name = settings.SMS_PROVIDER
    if name not in PROVIDERS:
        raise RuntimeError(f"Unknown SMS_PROVIDER {name!r} (known: {', '.join(PROVIDERS)}).")
    return import_string(PROVIDERS[name])()


def send_sms(payload: dict, *, idempotency_key: str) -> None:
    """Outbox sender for channel "sms": payload {"to": "+44…", "body": "…"}."""
    missing = [k for k in ("to", "body") if not payload.get(k)]
    if missing:
        raise PermanentFailure(f"SMS payload lacks {', '.join(missing)}.")
    sender().send(to=payload["to"], body=payload["body"], idempotency_key=idempotency_key)
