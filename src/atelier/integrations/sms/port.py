"""The one interface every SMS provider implements."""

from __future__ import annotations

from typing import Protocol


class SmsSender(Protocol):
    def send(self, *, to: str, body: str, idempotency_key: str) -> str:
        """Send `body` to the E.164 number `to`; return the provider's message id.

        Raise `core.outbox.PermanentFailure` when retrying cannot help (invalid number)."""
