"""Sharing an amount (redeemed points) among lines: exact, within each line."""

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atelier.core.money import Money
from atelier.sales.totals import share

cents = st.integers(min_value=0, max_value=10_000_000)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(cents, min_size=1, max_size=12), st.integers(min_value=0, max_value=100))
def test_shares_add_up_and_stay_within_each_line(weights, percent):
    lines = [Money(Decimal(w) / 100, "EUR") for w in weights]
    total = sum(lines, Money.zero("EUR"))
    amount = (total * Decimal(percent) / 100).rounded()
    shares = share(amount, lines)
    assert sum(shares, Money.zero("EUR")) == amount
    assert all(Money.zero("EUR") <= s <= w for s, w in zip(shares, lines, strict=True))


def test_an_amount_is_shared_in_proportion():
    lines = [Money("300.00", "EUR"), Money("100.00", "EUR")]
    assert share(Money("100.00", "EUR"), lines) == [Money("75.00", "EUR"), Money("25.00", "EUR")]
