"""Caching catalog fragments and page data for visitors who see the public catalog.

Keys come from `core.cache.key("catalog", ...)`, so every catalog or price write
(`core.cache.bump("catalog")`) makes all of them unreachable at once. A key holds the
fragment's name, a visibility token, today's date (dated prices and promotions change
at midnight) and whatever the caller passes (region, page parameters...).

Only visitors who see exactly what a guest sees share entries (`sees_public_catalog`):
staff and customers granted a private collection always get a fresh render. What is
cached is rendered without the request, so it can never hold a CSRF token or anything
personal; live parts (stock, the region form) are filled in per request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from atelier.catalog.selectors import sees_public_catalog
from atelier.core import cache as versioned
from atelier.core.actor import ANONYMOUS, Actor

T = TypeVar("T")
PUBLIC = "public"


def actor_of(request) -> Actor:
    """The request's Actor (ActorMiddleware); a guest for bare requests (error pages)."""
    return getattr(request, "actor", ANONYMOUS)


def visibility_token(request) -> str | None:
    """ "public" when the visitor's catalog is the guests' one, else None (no sharing)."""
    if not hasattr(request, "_storefront_visibility"):
        public = sees_public_catalog(actor_of(request))
        request._storefront_visibility = PUBLIC if public else None
    return request._storefront_visibility


def cached(request, name: str, parts: tuple, build: Callable[[], T], *, shared=False) -> T:
    """`build()`'s result, from the cache when this visitor may share it.

    `shared=True` is for data that is the same for every visitor (the region list)."""
    timeout = settings.STOREFRONT_CACHE_SECONDS
    token = "all" if shared else visibility_token(request)
    if timeout <= 0 or token is None:
        return build()
    key = versioned.key("catalog", "storefront", name, token, timezone.localdate(), *parts)
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout)
    return value
