"""Versioned cache namespaces: cache freely, invalidate by bumping a version.

Pages and API answers that depend on the catalog are cached under
`key("catalog", ...)`; any write to catalog or prices calls `bump("catalog")` after
commit, which makes every older entry unreachable at once (it then expires by TTL).
Works with any Django cache backend (local memory by default, Redis in production).
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db import transaction


def _version_key(namespace: str) -> str:
    return f"atelier:v:{namespace}"


def version(namespace: str) -> int:
    return cache.get_or_set(_version_key(namespace), 1, timeout=None)


def key(namespace: str, *parts) -> str:
    """A cache key that changes whenever `namespace` is bumped."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"atelier:{namespace}:{version(namespace)}:{digest}"


def bump(*namespaces: str) -> None:
    """Invalidate everything cached under `namespaces` once the transaction commits."""

    def _do() -> None:
        for namespace in namespaces:
            try:
                cache.incr(_version_key(namespace))
            except ValueError:
                cache.set(_version_key(namespace), 2, timeout=None)

    transaction.on_commit(_do)
