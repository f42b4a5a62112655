"""Price rules as pure functions: which entry applies, derivation, endings, sizes.

- An entry applies on day `on` when valid_from <= on <= valid_until (blank = open) and
  its min_quantity <= the quantity. Of those, the highest quantity break wins; among
  equal breaks, the one whose validity started last (a dated promotion beats the
  open-ended price).
- A list's own applicable entry wins. Otherwise a derived list takes its base list's
  applicable entry x percentage / 100, rounded half-up to the currency's minor unit,
  then up to the next price with the list's ending (step 100 + ending 90: 1 234.56 ->
  1 290; step 1 + ending 0: 1 234.56 -> 1 235).
- Option add-ons and size steps of a derived list are the base amounts x percentage,
  rounded half-up to the minor unit (no ending: they are not shelf prices).
- A custom size adds `amount_per_step` for each started `step_cm` above the standard;
  a smaller size costs the same as the standard.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from atelier.core.money import minor_units

HUNDRED = Decimal(100)


def applies(entry, quantity: int, on: date) -> bool:
    return (
        entry.min_quantity <= quantity
        and (entry.valid_from is None or entry.valid_from <= on)
        and (entry.valid_until is None or on <= entry.valid_until)
    )


def best_entry(entries: Iterable, quantity: int, on: date):
    candidates = [e for e in entries if applies(e, quantity, on)]
    if not candidates:
        return None
    return max(candidates, key=lambda e: (e.min_quantity, e.valid_from or date.min))


def to_minor(amount: Decimal, currency: str) -> Decimal:
    return amount.quantize(Decimal(1).scaleb(-minor_units(currency)), rounding=ROUND_HALF_UP)


def round_to_ending(amount: Decimal, step: Decimal | None, ending: Decimal) -> Decimal:
    """The smallest price >= amount of the form k * step + ending (k >= 0)."""
    if not step:
        return amount
    k = max(0, math.ceil((amount - ending) / step))
    return (k * step + ending).quantize(amount)


def derive_price(amount: Decimal, price_list) -> Decimal:
    value = to_minor(amount * price_list.percentage / HUNDRED, price_list.currency)
    return round_to_ending(value, price_list.rounding_step, price_list.rounding_ending)


def derive_add_on(amount: Decimal, price_list) -> Decimal:
    return to_minor(amount * price_list.percentage / HUNDRED, price_list.currency)


def size_steps(standard: Decimal, requested: Decimal, step: Decimal) -> int:
    if requested <= standard:
        return 0
    return int(((requested - standard) / step).to_integral_value(rounding=ROUND_CEILING))
