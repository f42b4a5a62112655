"""The shipping methods on offer, built from `settings.SALES_SHIPPING_METHODS`.

Each entry is {"class": dotted path, **keyword arguments}; the defaults below serve the
demo regions. A carrier integration (DHL Express) adds itself through
`settings.SALES_EXTRA_SHIPPING_METHODS` (entries appended to either list), with a class
that implements `port.ShippingMethod`.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

from atelier.core.errors import ValidationFailed
from atelier.core.money import Money
from atelier.sales.shipping_methods.port import (
    Destination,
    ShipmentSnapshot,
    ShippingMethod,
    ShippingQuote,
)

DEFAULT_METHODS: list[dict] = [
    {
        "class": "atelier.sales.shipping_methods.flat_rate.FreeOverThreshold",
        "code": "standard",
        "name": "Standard delivery",
        "rates": {"EUR": "95.00", "GBP": "85.00", "USD": "110.00", "CHF": "100.00"},
        "thresholds": {"EUR": "5000", "GBP": "4500", "USD": "5500", "CHF": "5000"},
        "eta": "2-4 weeks for pieces in stock",
    },
    {
        "class": "atelier.sales.shipping_methods.white_glove.WhiteGlove",
        "prices": {
            "eu": ("350.00", "EUR"),
            "uk": ("300.00", "GBP"),
            "us": ("450.00", "USD"),
            "ch": ("380.00", "CHF"),
        },
    },
    {"class": "atelier.sales.shipping_methods.collect.CollectInBoutique", "code": "collect"},
]


@lru_cache(maxsize=1)
def methods() -> dict[str, ShippingMethod]:
    configured = getattr(settings, "SALES_SHIPPING_METHODS", None) or DEFAULT_METHODS
    extra = getattr(settings, "SALES_EXTRA_SHIPPING_METHODS", None) or []
    built = {}
    for entry in [*configured, *extra]:
        options = dict(entry)
        method = import_string(options.pop("class"))(**options)
        built[method.code] = method
    return built


def _reset(*, setting, **kwargs) -> None:
    if setting in ("SALES_SHIPPING_METHODS", "SALES_EXTRA_SHIPPING_METHODS"):
        methods.cache_clear()


setting_changed.connect(_reset)


def available_quotes(
    snapshot: ShipmentSnapshot, destination: Destination, *, free_shipping: bool = False
) -> list[ShippingQuote]:
    """Every method offered for this cart and destination, cheapest first."""
    found = [m.quote(snapshot, destination) for m in methods().values()]
    quotes = [_free(q) if free_shipping else q for q in found if q is not None]
    return sorted(quotes, key=lambda q: (q.price.amount, q.code))


def quote_for(
    code: str,
    snapshot: ShipmentSnapshot,
    destination: Destination,
    *,
    free_shipping: bool = False,
) -> ShippingQuote:
    """The quote of method `code`, or ValidationFailed when unknown or not offered."""
    method = methods().get((code or "").strip())
    found = method.quote(snapshot, destination) if method else None
    if found is None:
        offered = ", ".join(q.code for q in available_quotes(snapshot, destination)) or "none"
        raise ValidationFailed(
            f"Shipping method {code!r} is not offered here (offered: {offered}).",
            code="shipping_method",
            field="shipping_method",
        )
    return _free(found) if free_shipping else found


def _free(found: ShippingQuote) -> ShippingQuote:
    """A promotion's free-shipping flag: same method, price zero."""
    return ShippingQuote(found.code, found.name, Money.zero(found.price.currency), found.eta)
