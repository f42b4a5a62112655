"""Paying in tests through the offline provider's hosted page: the real webhook path
(signature, idempotency, amounts) and then the PaymentSucceeded event."""

from __future__ import annotations

from urllib.parse import urlparse


def pay_offline(client, payment, action: str = "succeed") -> None:
    """What the payer does on the offline page (`payment`: the checkout's PaymentStart)."""
    response = client.post(urlparse(payment.redirect_url).path, {"action": action})
    assert response.status_code == 302, response.content[:500]
