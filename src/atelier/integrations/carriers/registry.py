"""Which carrier to use: `CARRIER_PROVIDER` (`fake` by default, or `dhl`)."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from atelier.integrations.carriers.fake import FakeCarrier
from atelier.integrations.carriers.port import Carrier

PROVIDERS = ("fake", "dhl")


def carrier(name: str | None = None) -> Carrier:
    name = name or settings.CARRIER_PROVIDER
    if name == "fake":
        return FakeCarrier()
    if name == "dhl":
        return _dhl(
            settings.DHL_API_BASE,
            settings.DHL_API_KEY,
            settings.DHL_API_SECRET,
            settings.DHL_ACCOUNT_NUMBER,
            float(settings.DHL_TIMEOUT_SECONDS),
        )
    raise ImproperlyConfigured(f"Unknown carrier {name!r}; use one of {PROVIDERS}.")


@lru_cache(maxsize=4)
def _dhl(api_base: str, key: str, secret: str, account: str, timeout: float):
    """One client (one connection pool) per configuration."""
    from atelier.integrations.carriers.dhl import DHLExpressClient

    if not (key and secret and account):
        raise ImproperlyConfigured(
            "CARRIER_PROVIDER=dhl needs DHL_API_KEY, DHL_API_SECRET and DHL_ACCOUNT_NUMBER."
        )
    return DHLExpressClient(
        api_base=api_base, api_key=key, api_secret=secret, account_number=account, timeout=timeout
    )
