"""Every text message goes out through `deliver()`, once, and only to numbers that did
not say STOP; Twilio's status callbacks and inbound STOP/START land here too.

At most once, with a provider that has no idempotency key (Twilio):

* One `SmsMessage` row per outbox idempotency key. Once the provider accepted the
  message (we hold its SID) it is never sent again, whatever the outbox does.
* Before the request goes out the row is marked `unknown` (committed: the outbox does
  not wrap senders in a transaction). A definite "not sent" answer (connection refused,
  429, 503, 4xx) puts it back to `pending`; anything else (read timeout, 5xx, a crash)
  leaves it `unknown`.
* Before sending an `unknown` message again we ask the provider for it
  (`find_sent`: the recipient's recent messages, same body, created since the first
  attempt). Found: we adopt its SID and do not send. Not found: we send. If the lookup
  itself fails, the outbox retries later; nothing is sent blind.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from atelier.core.outbox import PermanentFailure
from atelier.integrations.sms.models import SmsMessage, SmsOptOut, SmsStatus
from atelier.integrations.sms.port import SmsSender
from atelier.integrations.sms.twilio import TwilioAuthError, TwilioError, TwilioRejected

logger = logging.getLogger("atelier.sms")

E164 = re.compile(r"^\+[1-9]\d{6,14}$")
LOOKUP_SLACK = timedelta(minutes=2)  # clock skew between us and the provider
STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"}
START_WORDS = {"START", "UNSTOP", "YES"}
DONE = {SmsStatus.OPTED_OUT, SmsStatus.REJECTED}
# Twilio's status order: a callback never moves a message backwards.
RANK = {
    SmsStatus.PENDING: 0,
    SmsStatus.UNKNOWN: 0,
    SmsStatus.ACCEPTED: 1,
    SmsStatus.SCHEDULED: 1,
    SmsStatus.QUEUED: 2,
    SmsStatus.SENDING: 3,
    SmsStatus.SENT: 4,
    SmsStatus.DELIVERED: 5,
    SmsStatus.UNDELIVERED: 5,
    SmsStatus.FAILED: 5,
    SmsStatus.CANCELED: 5,
    SmsStatus.READ: 6,
}


def normalise(phone: str) -> str:
    return re.sub(r"[\s().-]", "", phone or "")


# --- Sending --------------------------------------------------------------------------
def deliver(sender: SmsSender, *, to: str, body: str, idempotency_key: str) -> SmsMessage:
    """Send one message at most once; skip numbers that opted out (recorded, no retry)."""
    to = normalise(to)
    message = _record(sender, to, body, idempotency_key)
    if message.sid or message.status in DONE:
        return message  # already with the provider, or settled: never again
    if is_opted_out(message.to):
        _save(message, status=SmsStatus.OPTED_OUT, error_message="The number replied STOP.")
        logger.info("SMS %s skipped: %s opted out", idempotency_key, message.to)
        return message
    if message.status == SmsStatus.UNKNOWN and _already_sent(sender, message):
        return message
    now = timezone.now()
    _save(
        message,
        status=SmsStatus.UNKNOWN,
        attempts=message.attempts + 1,
        first_attempt_at=message.first_attempt_at or now,
    )
    try:
        sid = sender.send(to=message.to, body=message.body, idempotency_key=idempotency_key)
    except TwilioRejected as exc:
        return _rejected(message, exc)
    except PermanentFailure as exc:
        _save(message, status=SmsStatus.REJECTED, error_message=str(exc))
        raise
    except Exception as exc:
        # Only a provider's own answer says "not sent"; anything else may have gone out.
        maybe_sent = getattr(exc, "maybe_sent", False) if isinstance(exc, TwilioError) else True
        _save(
            message,
            status=SmsStatus.UNKNOWN if maybe_sent else SmsStatus.PENDING,
            error_code=str(getattr(exc, "code", "") or ""),
            error_message=str(exc),
        )
        if isinstance(exc, TwilioAuthError):
            logger.error("SMS %s not sent: %s", idempotency_key, exc)
        raise
    _accepted(message, sid)
    return message


def _record(sender, to: str, body: str, key: str) -> SmsMessage:
    defaults = {"provider": sender.name, "to": to, "body": body}
    try:
        with transaction.atomic():
            message, _ = SmsMessage.objects.get_or_create(idempotency_key=key, defaults=defaults)
    except IntegrityError:  # a concurrent first attempt
        message = SmsMessage.objects.get(idempotency_key=key)
    return message


def _already_sent(sender, message: SmsMessage) -> bool:
    """The previous attempt may have reached the provider: look before sending again."""
    find = getattr(sender, "find_sent", None)
    if find is None:
        return False
    since = (message.first_attempt_at or message.created_at) - LOOKUP_SLACK
    sid = find(to=message.to, body=message.body, since=since)  # failure: retried later
    if sid:
        logger.info("SMS %s was already with the provider (%s)", message.idempotency_key, sid)
        _accepted(message, sid)
        return True
    return False


def _accepted(message: SmsMessage, sid: str) -> None:
    _save(
        message,
        sid=sid,
        status=SmsStatus.QUEUED,
        accepted_at=timezone.now(),
        error_code="",
        error_message="",
    )


def _rejected(message: SmsMessage, exc: TwilioRejected) -> SmsMessage:
    fields = {"error_code": str(exc.code or ""), "error_message": str(exc)}
    if exc.unsubscribed:  # Twilio knows this number said STOP: remember it, do not retry
        opt_out(phone=message.to, keyword="", source="provider")
        _save(message, status=SmsStatus.OPTED_OUT, **fields)
        return message
    _save(message, status=SmsStatus.REJECTED, **fields)
    raise exc


def _save(message: SmsMessage, **fields) -> None:
    for name, value in fields.items():
        setattr(message, name, value)
    message.save(update_fields=[*fields, "updated_at"])


# --- Opt-outs -------------------------------------------------------------------------
def is_opted_out(phone: str) -> bool:
    return SmsOptOut.objects.filter(phone=normalise(phone)).exists()


def opt_out(*, phone: str, keyword: str = "", source: str = "inbound") -> None:
    SmsOptOut.objects.get_or_create(
        phone=normalise(phone), defaults={"keyword": keyword[:20], "source": source}
    )


def opt_in(*, phone: str) -> None:
    SmsOptOut.objects.filter(phone=normalise(phone)).delete()


# --- Webhooks (already verified by the view) ------------------------------------------
def status_callback_apply(params: dict[str, str]) -> str:
    """Twilio's delivery status for one of our messages; out-of-order callbacks are kept
    from moving a message backwards. Returns "updated", "stale" or "unknown"."""
    sid = params.get("MessageSid") or params.get("SmsSid") or ""
    status = params.get("MessageStatus") or params.get("SmsStatus") or ""
    if not sid or status not in RANK:
        return "unknown"
    with transaction.atomic():
        message = SmsMessage.objects.select_for_update().filter(sid=sid).first()
        if message is None:
            return "unknown"
        if RANK[status] <= RANK.get(message.status, 0):
            return "stale"
        fields = {"status": status, "status_at": timezone.now()}
        if params.get("ErrorCode"):
            fields["error_code"] = params["ErrorCode"][:12]
        _save(message, **fields)
    return "updated"


def inbound_apply(params: dict[str, str]) -> str:
    """A text from a customer: STOP words opt the number out, START words back in."""
    phone = normalise(params.get("From", ""))
    word = (params.get("Body") or "").strip().upper().rstrip(".!")
    if not E164.match(phone):
        return "ignored"
    if word in STOP_WORDS:
        opt_out(phone=phone, keyword=word, source="inbound")
        logger.info("SMS opt-out: %s (%s)", phone, word)
        return "opted_out"
    if word in START_WORDS:
        opt_in(phone=phone)
        logger.info("SMS opt-in: %s (%s)", phone, word)
        return "opted_in"
    return "ignored"
