"""The offline SMS provider: writes each message to the log instead of sending it."""

from __future__ import annotations

import hashlib
import logging

from atelier.core.outbox import PermanentFailure

logger = logging.getLogger("atelier.sms")


class ConsoleSms:
    name = "console"
    sent: list[dict] = []  # what tests read, like django.core.mail.outbox

    def send(self, *, to: str, body: str, idempotency_key: str) -> str:
        if not to or not to.startswith("+") or not to[1:].isdigit():
            raise PermanentFailure(f"Not an E.164 phone number: {to!r}.")
        message_id = "console-" + hashlib.sha256(idempotency_key.encode()).hexdigest()[:16]
        logger.info("SMS to %s (%s): %s", to, message_id, body)
        type(self).sent.append({"to": to, "body": body, "id": message_id})
        return message_id
