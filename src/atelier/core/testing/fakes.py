"""A fake outside provider for outbox tests: it can be down, and it remembers what it got."""

import threading
import time

from atelier.core.outbox import PermanentFailure


class FakeProvider:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.down = False
        self.delay = 0.0
        self.calls = 0
        self.delivered: list[str] = []

    def send(self, payload: dict, *, idempotency_key: str) -> None:
        with self.lock:
            self.calls += 1
        if payload.get("invalid"):
            raise PermanentFailure("Provider refused the recipient.")
        if self.down:
            raise ConnectionError("Provider unavailable.")
        time.sleep(self.delay)
        with self.lock:
            self.delivered.append(idempotency_key)


PROVIDER = FakeProvider()


def send(payload: dict, *, idempotency_key: str) -> None:
    PROVIDER.send(payload, idempotency_key=idempotency_key)
