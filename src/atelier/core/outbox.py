"""Transactional outbox: every call to the outside world leaves through here.

A service calls `enqueue()` inside its business transaction; the row commits (or rolls
back) with the business data. `dispatch_due()` — run by the Celery beat task
`outbox_dispatch` and by `manage.py outbox_dispatch` — claims due rows, hands each to the
sender registered for its channel (`settings.OUTBOX_SENDERS`), and marks it sent, or
schedules a retry with exponential backoff until `OUTBOX_MAX_ATTEMPTS`.

A claimed row is leased for `LEASE` (concurrent dispatchers skip it); a worker that dies
mid-send leaves it to be reclaimed after the lease. Senders receive the row's
idempotency key and pass it to providers that support one, so a reclaimed row is not
delivered twice.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from atelier.core.actor import Actor
from atelier.core.enums import OutboxStatus
from atelier.core.errors import Conflict
from atelier.core.models import OutboxMessage

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
BASE_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(hours=1)
KEY_MAX_LENGTH = 200  # OutboxMessage.idempotency_key


class PermanentFailure(Exception):
    """Raised by a sender when retrying cannot help (e.g. an invalid phone number)."""


def enqueue(*, channel: str, payload: dict, idempotency_key: str) -> OutboxMessage:
    """Record a message to send after commit. The same key twice records it once.

    A repeated key returns the first row unchanged (its payload wins).
    """
    _validate(channel, payload, idempotency_key)
    message, created = OutboxMessage.objects.get_or_create(
        idempotency_key=idempotency_key,
        defaults={"channel": channel, "payload": payload, "next_attempt_at": timezone.now()},
    )
    if created:
        transaction.on_commit(_kick)
    return message


def _validate(channel, payload, idempotency_key) -> None:
    if channel not in senders():
        raise ValueError(f"No sender registered for outbox channel {channel!r}.")
    if not isinstance(idempotency_key, str) or not idempotency_key.strip():
        raise ValueError("An outbox message needs an idempotency key.")
    if len(idempotency_key) > KEY_MAX_LENGTH:
        raise ValueError(f"An idempotency key has at most {KEY_MAX_LENGTH} characters.")
    if not isinstance(payload, dict):
        raise ValueError("An outbox payload is a dict.")
    try:
        json.dumps(payload)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"An outbox payload must be plain JSON: {exc}.") from None


def _kick() -> None:
    """Send soon: in-process when no broker is configured, otherwise through Celery.

    A broker that is down must not fail the request that already committed: the beat
    schedule picks the row up anyway.
    """
    if not getattr(settings, "OUTBOX_DISPATCH_ON_COMMIT", True):
        return
    from atelier.core.tasks import outbox_dispatch

    try:
        outbox_dispatch.delay()
    except Exception:
        logger.exception("Could not request an outbox dispatch; the beat schedule will.")


def senders() -> dict[str, str]:
    return settings.OUTBOX_SENDERS


def backoff(attempts: int) -> timedelta:
    """Delay after the `attempts`-th failure: 30 s, 1 min, 2 min, ... at most 1 h."""
    return min(BASE_DELAY * (2 ** min(max(attempts - 1, 0), 20)), MAX_DELAY)


def dispatch_due(*, limit: int = 100, now: datetime | None = None) -> dict[str, int]:
    """Send every due message once; return counts by outcome."""
    now = now or timezone.now()
    counts = {"sent": 0, "retry": 0, "failed": 0}
    for message_id in _claim(limit, now):
        counts[_send_one(message_id, now)] += 1
    return counts


def _claim(limit: int, now: datetime) -> list[int]:
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


def _send_one(message_id: int, now: datetime) -> str:
    message = OutboxMessage.objects.get(pk=message_id)
    attempts = message.attempts + 1
    try:
        sender = import_string(senders()[message.channel])
        sender(message.payload, idempotency_key=message.idempotency_key)
    except PermanentFailure as exc:
        _finish(message_id, attempts, OutboxStatus.FAILED, error=str(exc))
        return "failed"
    except Exception as exc:
        return _failed_attempt(message, attempts, exc, now)
    _finish(message_id, attempts, OutboxStatus.SENT, sent_at=now)
    return "sent"


def _failed_attempt(message: OutboxMessage, attempts: int, exc: Exception, now) -> str:
    logger.warning(
        "Outbox %s #%s attempt %s failed: %r", message.channel, message.pk, attempts, exc
    )
    if attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        _finish(message.pk, attempts, OutboxStatus.FAILED, error=repr(exc))
        return "failed"
    next_at = now + backoff(attempts)
    _finish(message.pk, attempts, OutboxStatus.PENDING, error=repr(exc), next_at=next_at)
    return "retry"


def _finish(message_id, attempts, status, *, error="", next_at=None, sent_at=None) -> None:
    fields = {"status": status, "attempts": attempts, "last_error": error[:2000]}
    if next_at:
        fields["next_attempt_at"] = next_at
    if sent_at:
        fields["sent_at"] = sent_at
    OutboxMessage.objects.filter(pk=message_id).update(**fields)


def retry_now(*, message: OutboxMessage, actor: Actor | None = None) -> OutboxMessage:
    """Put a failed (or waiting) message first in the queue and request a dispatch.

    It gets one more attempt; a message already sent or being sent is refused with
    `Conflict`, so nothing is ever sent twice.
    """
    retryable = [OutboxStatus.FAILED, OutboxStatus.PENDING]
    with transaction.atomic():
        updated = OutboxMessage.objects.filter(pk=message.pk, status__in=retryable).update(
            status=OutboxStatus.PENDING, next_attempt_at=timezone.now()
        )
        if not updated:
            raise Conflict("Only failed or waiting messages can be retried.", code="not_retryable")
        transaction.on_commit(_kick)
    logger.info("Outbox #%s queued again by %s", message.pk, actor.label if actor else "system")
    message.refresh_from_db()
    return message


# --- Built-in sender ---------------------------------------------------------------
def send_email(payload: dict, *, idempotency_key: str) -> None:
    """Send an e-mail described by `payload` (to, subject, text, html?) via Django's backend."""
    from django.core.mail import EmailMultiAlternatives

    missing = [k for k in ("to", "subject", "text") if not payload.get(k)]
    if missing:
        raise PermanentFailure(f"E-mail payload lacks {', '.join(missing)}.")
    email = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["text"],
        to=payload["to"] if isinstance(payload["to"], list) else [payload["to"]],
        headers={"X-Atelier-Message-Key": idempotency_key},
    )
    if payload.get("html"):
        email.attach_alternative(payload["html"], "text/html")
    email.send()
