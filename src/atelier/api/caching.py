"""The public cache of catalog answers: built once, shared by every guest-like caller.

Only answers for callers who see exactly what a guest sees are shared
(`catalog.selectors.sees_public_catalog`: not catalog staff, no private collection
granted); everybody else gets a fresh answer that is never stored. Keys come from
`core.cache.key("catalog", ...)`, so every catalog or price write (services call
`core.cache.bump("catalog")` after commit) makes all of them unreachable at once. The
day is part of the key because prices have validity dates; live stock is never cached
(callers add it to the answer after the look-up).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache as django_cache
from django.utils import timezone

from atelier.catalog import selectors
from atelier.core import cache
from atelier.core.actor import Actor

T = TypeVar("T")
PUBLIC = "public"  # the visibility token of shared answers
FORMAT = 1  # bump when the shape of a cached answer changes (old entries become unreachable)
log = logging.getLogger(__name__)


def timeout() -> int:
    return getattr(settings, "API_CACHE_SECONDS", 300)


def public_key(actor: Actor, *parts: Hashable) -> str | None:
    """The shared cache key for this answer, or None when the actor sees more than a guest."""
    if not selectors.sees_public_catalog(actor):
        return None
    return _key(parts)


def _key(parts: tuple) -> str:
    day = timezone.localdate().isoformat()  # prices have validity dates
    return cache.key("catalog", "api", FORMAT, PUBLIC, day, *parts)


def cached(actor: Actor, parts: tuple, build: Callable[..., T], *args, shareable: bool = True) -> T:
    """`build(*args)`'s answer, from the public cache when the actor may share it.

    The key (and with it the namespace version) is taken *before* building, so an answer
    built while a write commits lands under the old version and is never served.
    Exceptions (404, 400) are not cached. A cache that is down (or an entry that cannot
    be read) means a slower answer, never an error.
    """
    if not shareable or not selectors.sees_public_catalog(actor):
        return build(*args)
    try:
        key = _key(parts)
        hit = django_cache.get(key)
    except Exception:  # the cache is down or holds an unreadable entry: answer uncached
        log.warning("API cache unavailable; answering without it", exc_info=True)
        return build(*args)
    if hit is not None:
        return hit
    value = build(*args)
    try:
        django_cache.set(key, value, timeout())
    except Exception:
        log.warning("API cache unavailable; answer not stored", exc_info=True)
    return value
