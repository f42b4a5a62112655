"""Money: a Decimal amount with an ISO 4217 currency.

Arithmetic keeps full precision; `rounded()` rounds half-up to the currency's minor unit
(at line level and at the edges: display, documents, payment requests). Mixing
currencies raises `CurrencyMismatch`. Never a float.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from moneyed import CurrencyDoesNotExist, get_currency

# ISO 4217 minor units for currencies whose exponent is not 2 (py-moneyed knows codes,
# not exponents).
_MINOR_UNITS = {
    "BHD": 3, "CLP": 0, "IQD": 3, "ISK": 0, "JOD": 3, "JPY": 0, "KRW": 0, "KWD": 3,
    "LYD": 3, "OMR": 3, "PYG": 0, "TND": 3, "UGX": 0, "VND": 0, "XAF": 0, "XOF": 0,
}  # fmt: skip


class CurrencyMismatch(ValueError):
    pass


def validate_currency(code: str) -> str:
    """Return the upper-cased ISO code or raise ValueError for an unknown one."""
    if not isinstance(code, str) or len(code) != 3:
        raise ValueError(f"Unknown currency {code!r}.")
    code = code.upper()
    try:
        get_currency(code)
    except CurrencyDoesNotExist:
        raise ValueError(f"Unknown currency {code!r}.") from None
    return code


def minor_units(currency: str) -> int:
    return _MINOR_UNITS.get(currency, 2)


def to_decimal(value) -> Decimal:
    if isinstance(value, float):
        raise TypeError("Money amounts are never floats; pass a str or Decimal.")
    try:
        result = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(f"Not an amount: {value!r}.") from None
    if not result.is_finite():
        raise ValueError(f"Not an amount: {value!r}.")
    return result


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str

    def __init__(self, amount, currency: str):
        object.__setattr__(self, "amount", to_decimal(amount))
        object.__setattr__(self, "currency", validate_currency(currency))

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)

    # -- rounding -----------------------------------------------------------------
    @property
    def quantum(self) -> Decimal:
        return Decimal(1).scaleb(-minor_units(self.currency))

    def rounded(self) -> Money:
        return Money(self.amount.quantize(self.quantum, rounding=ROUND_HALF_UP), self.currency)

    # -- arithmetic ---------------------------------------------------------------
    def _same(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError(f"Cannot combine Money with {type(other).__name__}.")
        if other.currency != self.currency:
            raise CurrencyMismatch(f"Cannot combine {self.currency} with {other.currency}.")

    def __add__(self, other: Money) -> Money:
        if other == 0:  # lets sum() start from 0
            return self
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    __radd__ = __add__

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __mul__(self, factor) -> Money:
        if isinstance(factor, Money):
            raise TypeError("Cannot multiply Money by Money.")
        return Money(self.amount * to_decimal(factor), self.currency)

    __rmul__ = __mul__

    def __truediv__(self, divisor) -> Money:
        if isinstance(divisor, Money):
            raise TypeError("Divide Money by a number, not by Money.")
        return Money(self.amount / to_decimal(divisor), self.currency)

    # -- comparison ---------------------------------------------------------------
    def __eq__(self, other) -> bool:
        if isinstance(other, int) and other == 0:
            return self.amount == 0
        if not isinstance(other, Money):
            return NotImplemented
        return self.currency == other.currency and self.amount == other.amount

    def __hash__(self) -> int:
        return hash((self.amount, self.currency))

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        self._same(other)
        return self.amount >= other.amount

    def __bool__(self) -> bool:
        return self.amount != 0

    # -- presentation -------------------------------------------------------------
    def __str__(self) -> str:
        r = self.rounded()
        return f"{r.amount:,} {r.currency}"

    def as_dict(self) -> dict:
        r = self.rounded()
        return {"amount": str(r.amount), "currency": r.currency}
