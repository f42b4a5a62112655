"""Twilio's webhook signature (`X-Twilio-Signature`), exactly as Twilio documents it.

The signature is base64(HMAC-SHA1(auth token, URL + each POST parameter's name and
value, sorted by name)), where URL is the full URL Twilio called, query string included.
Like Twilio's own validators, the URL is also tried with the default port added or
removed (Twilio may sign either form for https/443). Compared in constant time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

Params = Iterable[tuple[str, str | list[str]]]


def compute(auth_token: str, url: str, params: Params = ()) -> str:
    data = url
    grouped: dict[str, list[str]] = {}
    for name, value in params:
        values = value if isinstance(value, list | tuple) else [value]
        grouped.setdefault(name, []).extend(values)
    for name in sorted(grouped):
        for value in sorted(grouped[name]):
            data += name + value
    digest = hmac.new(auth_token.encode(), data.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def valid(auth_token: str, url: str, params: Params, signature: str) -> bool:
    if not auth_token or not signature:
        return False
    params = list(params)
    return any(
        hmac.compare_digest(compute(auth_token, candidate, params), signature)
        for candidate in _url_variants(url)
    )


def _url_variants(url: str) -> list[str]:
    parts = urlsplit(url)
    default = {"https": 443, "http": 80}.get(parts.scheme)
    host = parts.hostname or ""
    variants = [url]
    if parts.port is None and default:
        variants.append(urlunsplit(parts._replace(netloc=f"{_userinfo(parts)}{host}:{default}")))
    elif parts.port == default:
        variants.append(urlunsplit(parts._replace(netloc=f"{_userinfo(parts)}{host}")))
    return variants


def _userinfo(parts) -> str:
    if not parts.username:
        return ""
    return f"{parts.username}:{parts.password}@" if parts.password else f"{parts.username}@"
