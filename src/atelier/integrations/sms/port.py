"""The one interface every SMS provider implements."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class SmsSender(Protocol):
    name: str

    def send(self, *, to: str, body: str, idempotency_key: str) -> str:
        """Send `body` to the E.164 number `to`; return the provider's message id.

        Raise `core.outbox.PermanentFailure` when retrying cannot help (invalid number);
        any other exception is retried by the outbox."""


class LookupSender(SmsSender, Protocol):
    """A provider without idempotency keys (Twilio) also lets us look a message up."""

    def find_sent(self, *, to: str, body: str, since: datetime) -> str | None:
        """The id of a message to `to` with this `body` created since `since`, if any."""
