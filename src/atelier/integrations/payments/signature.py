"""Stripe's webhook signature scheme, used to verify (real and fake) and to sign (fake).

The `Stripe-Signature` header looks like `t=1492774577,v1=5257a8...,v1=...,v0=...`: a
timestamp and one or more HMAC-SHA256 signatures of `"{t}.{raw body}"` with the
endpoint's secret (several `v1` while a secret is being rolled). An event is accepted
when one `v1` matches and `t` is within the tolerance of now (either way).
"""

from __future__ import annotations

import hashlib
import hmac
import time

DEFAULT_TOLERANCE = 300  # seconds


class SignatureError(ValueError):
    """Why a webhook was refused; `reason` is a short code for logs and answers."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


def compute(payload: bytes, secret: str, timestamp: int) -> str:
    signed = f"{timestamp}.".encode() + payload
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def sign(payload: bytes, secret: str, *, timestamp: int | None = None) -> str:
    """The `Stripe-Signature` header Stripe would send for `payload`."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    return f"t={timestamp},v1={compute(payload, secret, timestamp)}"


def verify(
    payload: bytes,
    header: str | None,
    secret: str,
    *,
    tolerance: int = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> int:
    """Return the signed timestamp, or raise `SignatureError`."""
    if not secret:
        raise SignatureError("not_configured", "No webhook secret is configured.")
    if not header:
        raise SignatureError("missing_header", "The Stripe-Signature header is missing.")
    timestamp, signatures = _parse(header)
    expected = compute(payload, secret, timestamp)
    if not any(hmac.compare_digest(expected, candidate) for candidate in signatures):
        raise SignatureError("mismatch", "No signature matches the payload.")
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        raise SignatureError("stale", "The signature's timestamp is outside the tolerance.")
    return timestamp


def _parse(header: str) -> tuple[int, list[str]]:
    timestamp, signatures = None, []
    for item in header.split(","):
        key, sep, value = item.strip().partition("=")
        if not sep:
            continue
        if key == "t":
            timestamp = value
        elif key == "v1" and value:
            signatures.append(value)
    if timestamp is None or not timestamp.isdigit() or len(timestamp) > 12:
        raise SignatureError("malformed_header", "The Stripe-Signature header has no timestamp.")
    if not signatures:
        raise SignatureError("no_signature", "The Stripe-Signature header has no v1 signature.")
    return int(timestamp), signatures
