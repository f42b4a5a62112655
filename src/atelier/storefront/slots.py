"""Holes in cached HTML that are filled per request (stock labels, the live price).

A cached fragment carries `<!--slot:name-->` (the `{% slot "name" %}` tag); `fill`
replaces each with HTML rendered for this request, or with nothing.
"""

from __future__ import annotations

import re

from django.utils.safestring import SafeString, mark_safe

_SLOT = re.compile(r"<!--slot:([a-z0-9:_-]+)-->")


def marker(name: str) -> SafeString:
    return mark_safe(f"<!--slot:{name}-->")  # noqa: S308 -- name is ours, [a-z0-9:_-]


def fill(html: str, values: dict[str, str]) -> SafeString:
    """`html` with every slot replaced by `values[name]` (already-escaped HTML) or ''."""
    return mark_safe(_SLOT.sub(lambda m: str(values.get(m.group(1), "")), html))  # noqa: S308
