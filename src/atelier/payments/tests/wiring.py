"""Event wiring for the payments tests: record every event delivered after commit."""

import threading

from atelier.core.events import Event

RECEIVED: list[Event] = []
_lock = threading.Lock()


def record(event: Event) -> None:
    with _lock:
        RECEIVED.append(event)


HANDLERS = {Event: [record]}
