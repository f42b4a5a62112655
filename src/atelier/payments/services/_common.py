"""Helpers shared by the payments services."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from atelier.core.actor import system_actor
from atelier.core.events import publish
from atelier.payments.enums import WebhookOutcome
from atelier.payments.events import PaymentNeedsReview
from atelier.payments.models import Payment

logger = logging.getLogger("atelier.payments")

# The provider, speaking through webhooks or answering reconciliation, moves payments.
PROVIDER_ACTOR = system_actor("payment provider")


@dataclass(frozen=True)
class Applied:
    """What applying a provider's state did: processed, ignored or flagged, and why."""

    outcome: str
    detail: str

    @classmethod
    def processed(cls, detail: str) -> Applied:
        return cls(WebhookOutcome.PROCESSED, detail)

    @classmethod
    def ignored(cls, detail: str) -> Applied:
        return cls(WebhookOutcome.IGNORED, detail)


def lock_payment(pk: int) -> Payment:
    """The payment row, locked until the transaction ends (call inside one)."""
    return Payment.objects.select_for_update().get(pk=pk)


def flag(payment: Payment, reason: str) -> Applied:
    """Mark a (locked) payment for a person to look at; announce it once per reason."""
    logger.error("Payment %s needs review: %s", payment.reference, reason)
    if not (payment.needs_review and payment.review_reason == reason):
        payment.needs_review = True
        payment.review_reason = reason
        payment.save(update_fields=["needs_review", "review_reason", "updated_at"])
        publish(
            PaymentNeedsReview(
                payment_id=payment.reference, order_ref=payment.order_ref, reason=reason
            )
        )
    return Applied(WebhookOutcome.FLAGGED, reason)


def absolute(path_or_url: str) -> str:
    if path_or_url.startswith(("http://", "https://")):
        return path_or_url
    return settings.SITE_URL.rstrip("/") + path_or_url


def page_url(payment: Payment) -> str:
    return absolute(reverse("payments:pay", args=[payment.token]))


def done_url(payment: Payment) -> str:
    return absolute(reverse("payments:done", args=[payment.token]))
