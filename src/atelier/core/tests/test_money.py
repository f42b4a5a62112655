"""Money: exact Decimal arithmetic in one currency, half-up rounding at the edges."""

import pickle
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atelier.core.money import CurrencyMismatch, Money, minor_units

CURRENCIES = ["EUR", "GBP", "USD", "CHF", "JPY", "BHD", "CLF"]
amounts = st.decimals(
    min_value=-(10**9), max_value=10**9, places=4, allow_nan=False, allow_infinity=False
)
currencies = st.sampled_from(CURRENCIES)


@st.composite
def same_currency(draw, n=2):
    currency = draw(currencies)
    return [Money(draw(amounts), currency) for _ in range(n)]


# --- construction --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("amount", "expected"),
    [("12.50", Decimal("12.50")), (7, Decimal(7)), (Decimal("0.001"), Decimal("0.001"))],
)
def test_amount_is_kept_as_exact_decimal(amount, expected):
    money = Money(amount, "EUR")
    assert money.amount == expected
    assert isinstance(money.amount, Decimal)


def test_currency_code_is_normalised_to_upper_case():
    assert Money("1", "eur").currency == "EUR"


@pytest.mark.parametrize("amount", [1.5, 0.0, True])
def test_floats_and_booleans_are_refused(amount):
    with pytest.raises(TypeError, match="never"):
        Money(amount, "EUR")


@pytest.mark.parametrize("amount", ["", "abc", "1,50", "NaN", "Infinity", "-inf", None, [1]])
def test_non_amounts_are_refused(amount):
    with pytest.raises(ValueError, match="Not an amount"):
        Money(amount, "EUR")


@pytest.mark.parametrize("currency", ["", "EU", "EURO", "ZZZ", None, 978])
def test_unknown_currencies_are_refused(currency):
    with pytest.raises(ValueError, match="Unknown currency"):
        Money("1", currency)


def test_money_is_immutable():
    money = Money("1", "EUR")
    with pytest.raises(AttributeError):
        money.amount = Decimal(2)


def test_money_survives_pickle_and_dict_round_trips():
    money = Money("12.345", "EUR")
    assert pickle.loads(pickle.dumps(money)) == money
    assert money.as_dict() == {"amount": "12.35", "currency": "EUR"}
    assert Money.from_dict(money.as_dict()) == Money("12.35", "EUR")


# --- minor units and rounding ---------------------------------------------------------
@pytest.mark.parametrize(
    ("currency", "digits"),
    [("EUR", 2), ("GBP", 2), ("USD", 2), ("JPY", 0), ("KRW", 0), ("XPF", 0), ("BHD", 3),
     ("KWD", 3), ("CLF", 4)],
)  # fmt: skip
def test_minor_units_follow_iso_4217(currency, digits):
    assert minor_units(currency) == digits


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("1.005", "EUR", "1.01"),
        ("1.004999", "EUR", "1.00"),
        ("-1.005", "EUR", "-1.01"),
        ("2.5", "JPY", "3"),
        ("-2.5", "JPY", "-3"),
        ("1.0005", "BHD", "1.001"),
        ("0.125", "USD", "0.13"),
        ("10", "EUR", "10.00"),
    ],
)
def test_rounding_is_half_up_to_the_minor_unit(amount, currency, expected):
    rounded = Money(amount, currency).rounded()
    assert rounded == Money(expected, currency)
    assert str(rounded.amount) == expected


def test_arithmetic_keeps_full_precision_until_rounded():
    third = Money("10", "EUR") / 3
    assert third.amount == Decimal("3.333333333333333333333333333")
    assert (third * 3).rounded() == Money("10.00", "EUR")


def test_str_rounds_and_groups_thousands():
    assert str(Money("1234567.891", "EUR")) == "1,234,567.89 EUR"
    assert str(Money("1234.5", "JPY")) == "1,235 JPY"


# --- arithmetic and comparison --------------------------------------------------------
def test_add_subtract_negate_and_abs():
    a, b = Money("10.25", "EUR"), Money("0.75", "EUR")
    assert a + b == Money("11.00", "EUR")
    assert a - b == Money("9.50", "EUR")
    assert -a == Money("-10.25", "EUR")
    assert abs(Money("-3", "EUR")) == Money("3", "EUR")


def test_multiply_and_divide_by_numbers():
    price = Money("19.99", "EUR")
    assert price * 3 == Money("59.97", "EUR")
    assert 3 * price == Money("59.97", "EUR")
    assert price * Decimal("0.2") == Money("3.998", "EUR")
    assert price * "2" == Money("39.98", "EUR")
    assert Money("9", "EUR") / 4 == Money("2.25", "EUR")


@pytest.mark.parametrize("divisor", [0, "0", Decimal("0.00")])
def test_division_by_zero_is_refused(divisor):
    with pytest.raises(ZeroDivisionError, match="zero"):
        Money("1", "EUR") / divisor


def test_money_times_money_or_money_over_money_is_refused():
    with pytest.raises(TypeError):
        Money("1", "EUR") * Money("2", "EUR")
    with pytest.raises(TypeError):
        Money("1", "EUR") / Money("2", "EUR")
    with pytest.raises(TypeError, match="never"):
        Money("1", "EUR") * 1.1


def test_sum_starts_from_int_zero():
    lines = [Money("1.10", "EUR"), Money("2.20", "EUR"), Money("3.30", "EUR")]
    assert sum(lines) == Money("6.60", "EUR")
    assert sum([], Money.zero("EUR")) == Money("0", "EUR")


def test_mixed_currencies_are_refused_by_every_operation():
    eur, usd = Money("1", "EUR"), Money("1", "USD")
    for operation in (
        lambda: eur + usd,
        lambda: eur - usd,
        lambda: eur < usd,
        lambda: eur <= usd,
        lambda: eur > usd,
        lambda: eur >= usd,
        lambda: sum([eur, usd]),
    ):
        with pytest.raises(CurrencyMismatch, match="Cannot combine EUR with USD"):
            operation()


def test_a_zero_in_another_currency_is_still_another_currency():
    with pytest.raises(CurrencyMismatch):
        Money("5", "EUR") + Money("0", "USD")
    with pytest.raises(CurrencyMismatch):
        Money("0", "USD") + Money("5", "EUR")


def test_adding_plain_numbers_is_refused():
    with pytest.raises(TypeError, match="Cannot combine Money with int"):
        Money("1", "EUR") + 1
    with pytest.raises(TypeError, match="Cannot combine Money with Decimal"):
        Money("1", "EUR") - Decimal(1)


def test_equality_and_hash():
    assert Money("1.0", "EUR") == Money("1.00", "EUR")
    assert hash(Money("1.0", "EUR")) == hash(Money("1.00", "EUR"))
    assert Money("1", "EUR") != Money("1", "USD")
    assert Money("0", "EUR") == 0
    assert hash(Money("0", "EUR")) == hash(0)
    assert Money("1", "EUR") != 1
    assert Money("1", "EUR") != "1 EUR"
    assert not Money("0.00", "EUR")
    assert Money("0.01", "EUR")


# --- properties -----------------------------------------------------------------------
@given(same_currency(3))
def test_addition_is_exact_commutative_and_associative(ms):
    a, b, c = ms
    assert a + b == b + a
    assert (a + b) + c == a + (b + c)
    assert (a + b).amount == a.amount + b.amount


@given(same_currency(2))
def test_subtraction_undoes_addition(ms):
    a, b = ms
    assert (a + b) - b == a
    assert a - a == Money.zero(a.currency)
    assert a + (-a) == 0


@given(same_currency(2))
def test_order_follows_amounts(ms):
    a, b = ms
    assert (a < b) == (a.amount < b.amount)
    assert (a >= b) == (a.amount >= b.amount)


@given(amounts, currencies)
def test_rounded_is_on_the_minor_unit_and_within_half_a_unit(amount, currency):
    money = Money(amount, currency)
    rounded = money.rounded()
    assert rounded.amount.as_tuple().exponent == -minor_units(currency)
    assert abs(rounded.amount - money.amount) <= money.quantum / 2
    assert rounded.rounded() == rounded


@given(amounts, currencies)
def test_exact_halves_round_away_from_zero(amount, currency):
    money = Money(amount, currency)
    half = Money(money.rounded().amount + money.quantum / 2, currency)
    expected = half.amount + (money.quantum / 2 if half.amount >= 0 else -money.quantum / 2)
    assert half.rounded().amount == expected


@given(amounts, currencies, currencies)
def test_different_currencies_never_combine(amount, c1, c2):
    if c1 == c2:
        return
    with pytest.raises(CurrencyMismatch):
        Money(amount, c1) + Money(amount, c2)


@given(same_currency(1), st.integers(min_value=0, max_value=20))
def test_multiplying_by_n_is_adding_n_times(ms, n):
    (a,) = ms
    assert a * n == sum([a] * n, Money.zero(a.currency))
