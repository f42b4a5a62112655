"""Builders for promotion and loyalty tests: carts as sales would pass them, promotions
through the services."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from atelier.catalog.tests.factories import MANAGER
from atelier.core.money import Money
from atelier.pricing.dto import CartLineSnapshot, CartSnapshot
from atelier.pricing.promotions import services

D = Decimal
START = datetime(2026, 1, 1, tzinfo=UTC)
NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


def line(
    ref: str,
    amount: str,
    *,
    currency: str = "EUR",
    product: int = 1,
    categories=(),
    collections=(),
    quantity: int = 1,
) -> CartLineSnapshot:
    total = Money(amount, currency)
    return CartLineSnapshot(
        line_ref=ref,
        product_id=product,
        variant_id=product * 10,
        category_ids=frozenset(categories),
        collection_ids=frozenset(collections),
        quantity=quantity,
        unit_gross=(total / quantity).rounded(),
        line_gross=total,
    )


def cart(*lines: CartLineSnapshot, currency: str = "EUR", shipping: str | None = None):
    return CartSnapshot(
        region_code={"EUR": "eu", "GBP": "uk", "USD": "us", "CHF": "ch"}[currency],
        currency=currency,
        lines=tuple(lines),
        shipping=Money(shipping, currency) if shipping is not None else None,
    )


def promotion(name: str = "Ten off", *, kind: str = "percentage", **fields):
    """A running promotion (from 1 Jan 2026, open-ended) made through the service."""
    if kind == "percentage":
        fields.setdefault("percentage", D("10"))
    fields.setdefault("starts_at", START)
    return services.promotion_create(name=name, kind=kind, actor=MANAGER, **fields)


def amounts(mapping) -> dict:
    """{ref: Money} -> {ref: "12.34"} for exact comparisons."""
    return {k: str(v.amount) for k, v in mapping.items()}
