"""Transactional outbox: every call to the outside world leaves through here.

A service calls `enqueue()` inside its business transaction; the row commits (or rolls
back) with the business data. `dispatch_due()` — run by the Celery beat task
`outbox_dispatch` and by `manage.py outbox_dispatch` — claims due rows, hands each to the
sender registered for its channel (`settings.OUTBOX_SENDERS`), and marks it sent, or
schedules a retry with exponential backoff until `OUTBOX_MAX_ATTEMPTS`.

A claimed row is leased for `LEASE`; a worker that dies mid-send leaves it to be
reclaimed after the lease. Senders receive the row's idempotency key and pass it to
providers that support one, so a reclaimed row is not delivered twice.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from atelier.core.enums import OutboxStatus
from atelier.core.models import OutboxMessage

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
BASE_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(hours=1)


class PermanentFailure(Exception):
    """Raised by a sender when retrying cannot help (e.g. an invalid phone number)."""


def enqueue(*, channel: str, payload: dict, idempotency_key: str) -> OutboxMessage:
    """Record a message to send after commit. The same key twice records it once."""
    if channel not in senders():
        raise ValueError(f"No sender registered for outbox channel {channel!r}.")
    if not idempotency_key:
        raise ValueError("An outbox message needs an idempotency key.")
    message, created = OutboxMessage.objects.get_or_create(
        idempotency_key=idempotency_key[:200],
        defaults={"channel": channel, "payload": payload, "next_attempt_at": timezone.now()},
    )
    if created:
        transaction.on_commit(_kick)
    return message


def _kick() -> None:
    """Send soon: in-process when no broker is configured, otherwise through Celery."""
    if getattr(settings, "OUTBOX_DISPATCH_ON_COMMIT", True):
        from atelier.core.tasks import outbox_dispatch

        outbox_dispatch.delay()


def senders() -> dict[str, str]:
    return settings.OUTBOX_SENDERS


def backoff(attempts: int) -> timedelta:
    return min(BASE_DELAY * (2 ** max(attempts - 1, 0)), MAX_DELAY)


def dispatch_due(*, limit: int = 100) -> dict[str, int]:
    """Send every due message once; return counts by outcome."""
    counts = {"sent": 0, "retry": 0, "failed": 0}
    for message_id in _claim(limit):
        outcome = _send_one(message_id)
        counts[outcome] += 1
    return counts


def _claim(limit: int) -> list[int]:
    now = timezone.now()
    with transaction.atomic():
        qs = OutboxMessage.objects.filter(
            status__in=[OutboxStatus.PENDING, OutboxStatus.SENDING], next_attempt_at__lte=now
        ).order_by("next_attempt_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        ids = list(qs.values_list("id", flat=True)[:limit])
        OutboxMessage.objects.filter(id__in=ids).update(
            status=OutboxStatus.SENDING, next_attempt_at=now + LEASE
        )
    return ids


def _send_one(message_id: int) -> str:
    message = OutboxMessage.objects.get(pk=message_id)
    sender = import_string(senders()[message.channel])
    attempts = message.attempts + 1
    try:
        sender(message.payload, idempotency_key=message.idempotency_key)
    except PermanentFailure as exc:
        _finish(message_id, attempts, OutboxStatus.FAILED, error=str(exc))
        return "failed"
    except Exception as exc:
        logger.warning(
            "Outbox %s #%s attempt %s failed: %s", message.channel, message_id, attempts, exc
        )
        if attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            _finish(message_id, attempts, OutboxStatus.FAILED, error=repr(exc))
            return "failed"
        _finish(
            message_id,
            attempts,
            OutboxStatus.PENDING,
            error=repr(exc),
            next_at=timezone.now() + backoff(attempts),
        )
        return "retry"
    _finish(message_id, attempts, OutboxStatus.SENT, sent_at=timezone.now())
    return "sent"


def _finish(message_id, attempts, status, *, error="", next_at=None, sent_at=None) -> None:
    fields = {"status": status, "attempts": attempts, "last_error": error[:2000]}
    if next_at:
        fields["next_attempt_at"] = next_at
    if sent_at:
        fields["sent_at"] = sent_at
    OutboxMessage.objects.filter(pk=message_id).update(**fields)


def retry_now(*, message: OutboxMessage) -> None:
    """Admin action: put a failed message back in the queue."""
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.PENDING, next_attempt_at=timezone.now()
    )


# --- Built-in sender ---------------------------------------------------------------
def send_email(payload: dict, *, idempotency_key: str) -> None:
    """Send an e-mail described by `payload` (to, subject, text, html?) via Django's backend."""
    from django.core.mail import EmailMultiAlternatives

    email = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["text"],
        to=payload["to"] if isinstance(payload["to"], list) else [payload["to"]],
        headers={"X-Atelier-Message-Key": idempotency_key},
    )
    if payload.get("html"):
        email.attach_alternative(payload["html"], "text/html")
    email.send()
