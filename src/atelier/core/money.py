"""Money: a Decimal amount with an ISO 4217 currency.

Arithmetic keeps full precision; `rounded()` rounds half-up (away from zero on .5) to the
currency's minor unit, at line level and at the edges (display, documents, payment
requests). Mixing currencies raises `CurrencyMismatch`. Never a float.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from moneyed import CurrencyDoesNotExist, get_currency


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
    """Digits after the decimal point (EUR 2, JPY 0, BHD 3), from ISO 4217 via py-moneyed."""
    return len(str(get_currency(validate_currency(currency)).sub_unit)) - 1


def to_decimal(value) -> Decimal:
    """`value` as a finite Decimal; floats and booleans are refused."""
    if isinstance(value, float | bool):
        raise TypeError(f"Money amounts are never {type(value).__name__}s; pass a str or Decimal.")
    try:
        result = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(f"Not an amount: {value!r}.") from None
    if not result.is_finite():
        raise ValueError(f"Not an amount: {value!r}.")
    return result


def _is_zero_int(value) -> bool:
    return type(value) is int and value == 0


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

    @classmethod
    def from_dict(cls, data: dict) -> Money:
        """Inverse of `as_dict()`."""
        return cls(data["amount"], data["currency"])

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
        if _is_zero_int(other):  # lets sum() start from 0
            return self
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    __radd__ = __add__

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __abs__(self) -> Money:
        return Money(abs(self.amount), self.currency)

    def __mul__(self, factor) -> Money:
        if isinstance(factor, Money):
            raise TypeError("Cannot multiply Money by Money.")
        return Money(self.amount * to_decimal(factor), self.currency)

    __rmul__ = __mul__

    def __truediv__(self, divisor) -> Money:
        if isinstance(divisor, Money):
            raise TypeError("Divide Money by a number, not by Money.")
        divisor = to_decimal(divisor)
        if not divisor:
            raise ZeroDivisionError("Cannot divide Money by zero.")
        return Money(self.amount / divisor, self.currency)

    # -- comparison ---------------------------------------------------------------
    def __eq__(self, other) -> bool:
        if _is_zero_int(other):
            return self.amount == 0
        if not isinstance(other, Money):
            return NotImplemented
        return self.currency == other.currency and self.amount == other.amount

    def __hash__(self) -> int:
        # Zero equals the int 0 in every currency, so all zeros must hash alike.
        return hash(0) if not self.amount else hash((self.amount, self.currency))

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
