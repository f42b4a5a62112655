"""How the shop writes money and measures."""

from __future__ import annotations

from decimal import Decimal

from atelier.core.money import Money

SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$", "JPY": "¥"}


def money(value: Money | None) -> str:
    """€2,490 · £1,826.67 · CHF 2,690 (rounded half-up to the currency's minor unit)."""
    if value is None or value == "":
        return ""
    rounded = value.rounded()
    amount = rounded.amount
    text = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    symbol = SYMBOLS.get(rounded.currency)
    return f"{symbol}{text}" if symbol else f"{rounded.currency}\N{NO-BREAK SPACE}{text}"


def number(value) -> str:
    """240.0 -> 240, 240.5 -> 240.5, None -> ''."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{value:.0f}"
    return f"{value.normalize():f}"
