"""Domain events: published inside a transaction, delivered after it commits.

Handlers are wired in one file (`settings.EVENT_WIRING`, default
`atelier.config.event_wiring.HANDLERS`), receive the event as their only argument and
must be idempotent (see `once()` and `idempotent()`), so that they can move to Celery
unchanged.

An event's `key` names the occurrence, not the delivery: give events that can really
happen twice a field that tells them apart (the id of the row they are about).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import lru_cache, wraps

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

DEFAULT_WIRING = "atelier.config.event_wiring.HANDLERS"
KEY_MAX_LENGTH = 200  # HandledEvent.event_key


@dataclass(frozen=True, kw_only=True)
class Event:
    occurred_at: str = field(default_factory=lambda: timezone.now().isoformat())

    @property
    def key(self) -> str:
        """Stable identity of this occurrence, used by handlers to react only once."""
        data = {k: v for k, v in asdict(self).items() if k != "occurred_at"}
        return f"{type(self).__name__}:" + ":".join(f"{k}={data[k]}" for k in sorted(data))


@dataclass(frozen=True, kw_only=True)
class TransitionEvent(Event):
    """Base for events announced by a state-machine transition."""

    model: str
    object_id: str
    from_status: str
    to_status: str
    actor_id: int | None = None
    reason: str = ""
    change_id: int | None = None

    @property
    def key(self) -> str:
        return f"{type(self).__name__}:{self.model}:{self.object_id}:{self.change_id}"


@lru_cache(maxsize=8)
def _wiring(path: str) -> dict:
    return import_string(path)


def handlers_for(event: Event) -> list[Callable[[Event], None]]:
    """Handlers wired to the event's class or any of its base classes, most specific first."""
    wiring = _wiring(getattr(settings, "EVENT_WIRING", DEFAULT_WIRING))
    found: list = []
    for cls in type(event).__mro__:
        found.extend(wiring.get(cls, []))
    return found


def publish(event: Event) -> None:
    """Deliver `event` to its handlers once the current transaction commits.

    Outside a transaction it is delivered at once; on rollback, never. A failing handler
    is logged and does not stop the others: the business transaction has committed.
    """
    transaction.on_commit(lambda: _deliver(event), robust=False)


def _deliver(event: Event) -> None:
    for handler in handlers_for(event):
        try:
            handler(event)
        except Exception:
            logger.exception("Handler %s failed for %s", handler, event.key)
            if getattr(settings, "EVENTS_RAISE", False):
                raise


def marker_key(event: Event) -> str:
    """`event.key`, hashed when too long to store, so that distinct keys never collide."""
    key = event.key
    if len(key) <= KEY_MAX_LENGTH:
        return key
    return f"{key[: KEY_MAX_LENGTH - 65]}#{hashlib.sha256(key.encode()).hexdigest()}"


@contextmanager
def once(handler_name: str, event: Event):
    """Run the body only if `handler_name` has not yet handled `event`.

    Usage::

        with once("purchasing.create_pos", event) as first_time:
            if first_time:
                ...

    The marker is written in the same transaction as the body's effects, so a crash
    rolls both back and a concurrent redelivery blocks on the unique constraint.
    """
    from atelier.core.models import HandledEvent

    with transaction.atomic():
        try:
            with transaction.atomic():
                HandledEvent.objects.create(handler=handler_name, event_key=marker_key(event))
            first = True
        except IntegrityError:
            first = False
        yield first


def idempotent(handler_name: str):
    """Decorator: the handler's body runs at most once per event (see `once()`)."""

    def decorate(func: Callable[[Event], None]) -> Callable[[Event], None]:
        @wraps(func)
        def handler(event: Event) -> None:
            with once(handler_name, event) as first_time:
                if first_time:
                    func(event)

        return handler

    return decorate
