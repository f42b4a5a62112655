"""Which payment provider to use: `PAYMENTS_PROVIDER` (`offline` by default, or `stripe`).

A stored payment always goes back to the provider it was made with
(`provider(payment.provider)`), even after the setting changes.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from atelier.integrations.payments.offline import OfflineProvider
from atelier.integrations.payments.port import PaymentProvider
from atelier.integrations.payments.stripe import StripeClient

PROVIDERS = ("offline", "stripe")


def provider(name: str | None = None) -> PaymentProvider:
    name = name or settings.PAYMENTS_PROVIDER
    if name == "offline":
        return offline()
    if name == "stripe":
        return _stripe(
            settings.STRIPE_API_BASE, settings.STRIPE_SECRET_KEY, settings.STRIPE_PUBLISHABLE_KEY
        )
    raise ImproperlyConfigured(f"Unknown payments provider {name!r}; use one of {PROVIDERS}.")


def offline() -> OfflineProvider:
    return OfflineProvider(
        webhook_secret=settings.STRIPE_WEBHOOK_SECRET, site_url=settings.SITE_URL
    )


@lru_cache(maxsize=4)
def _stripe(api_base: str, secret_key: str, publishable_key: str) -> StripeClient:
    """One client (one connection pool) per configuration."""
    if not secret_key:
        raise ImproperlyConfigured("PAYMENTS_PROVIDER=stripe needs STRIPE_SECRET_KEY.")
    return StripeClient(api_base=api_base, secret_key=secret_key, publishable_key=publishable_key)
