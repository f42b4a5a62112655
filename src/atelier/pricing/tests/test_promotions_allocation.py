"""Sharing a discount among lines: exact values, and properties over random carts."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atelier.pricing.promotions.allocation import allocate
from atelier.pricing.promotions.rules import Offer, Term, result
from atelier.pricing.tests.promotion_helpers import cart, line

D = Decimal
CENT = D("0.01")


def test_parts_are_proportional_with_the_remainder_on_the_last_line():
    parts = allocate(D("1.00"), [("a", D("1.00")), ("b", D("1.00")), ("c", D("1.00"))], CENT)
    assert parts == {"a": D("0.33"), "b": D("0.33"), "c": D("0.34")}
    parts = allocate(D("10.00"), [("a", D("100.00")), ("b", D("100.00")), ("c", D("100.00"))], CENT)
    assert parts == {"a": D("3.33"), "b": D("3.33"), "c": D("3.34")}


def test_each_part_is_rounded_half_up():
    # 25.00 over 1 000 / 3 000 / 2 000: 4.1666.. -> 4.17, 12.5 -> 12.50, remainder 8.33
    parts = allocate(D("25.00"), [("a", D("1000")), ("b", D("3000")), ("c", D("2000"))], CENT)
    assert parts == {"a": D("4.17"), "b": D("12.50"), "c": D("8.33")}


def test_zero_weight_lines_get_nothing_and_a_zero_discount_gives_zeros():
    assert allocate(D("0"), [("a", D("5.00")), ("b", D("0"))], CENT) == {"a": 0, "b": 0}
    assert allocate(D("5.00"), [("a", D("5.00")), ("b", D("0"))], CENT) == {
        "a": D("5.00"),
        "b": D("0"),
    }


def test_a_last_line_that_would_go_negative_is_settled_on_earlier_lines():
    # 0.03 over six lines of 0.01: each share 0.005 rounds up to 0.01, which would leave
    # the last line at -0.02; the excess is taken back from the lines before it.
    weights = [(str(i), CENT) for i in range(6)]
    parts = allocate(D("0.03"), weights, CENT)
    assert sum(parts.values()) == D("0.03")
    assert all(D(0) <= p <= CENT for p in parts.values())


def test_a_last_line_that_would_exceed_its_amount_is_settled_on_earlier_lines():
    # 10.94 over eleven lines of 1.00: shares 0.9945.. round down to 0.99, leaving 1.04
    # for the last line; it keeps 1.00 and earlier lines take the rest.
    weights = [(str(i), D("1.00")) for i in range(11)]
    parts = allocate(D("10.94"), weights, CENT)
    assert sum(parts.values()) == D("10.94")
    assert parts["10"] == D("1.00")
    assert all(D(0) <= p <= D("1.00") for p in parts.values())


def test_a_discount_above_the_amount_is_a_programming_error():
    with pytest.raises(ValueError, match="between zero"):
        allocate(D("10.01"), [("a", D("10.00"))], CENT)


amounts = st.decimals(min_value=0, max_value=D("50000"), places=2).map(lambda d: d.quantize(CENT))


@settings(max_examples=300, deadline=None)
@given(
    weights=st.lists(amounts, min_size=1, max_size=25),
    fraction=st.decimals(min_value=0, max_value=1, places=4),
)
def test_parts_always_add_up_and_stay_within_their_line(weights, fraction):
    named = [(f"l{i}", w) for i, w in enumerate(weights)]
    total = (sum(weights, D(0)) * fraction).quantize(CENT, rounding="ROUND_DOWN")
    parts = allocate(total, named, CENT)
    assert sum(parts.values(), D(0)) == total
    for ref, weight in named:
        assert D(0) <= parts[ref] <= weight
        assert parts[ref] == parts[ref].quantize(CENT)


def _offer(i: int, kind: str, value: Decimal, categories) -> Offer:
    return Offer(
        id=i,
        name=f"offer {i}",
        code="",
        kind=kind,
        percentage=value if kind == "percentage" else None,
        priority=0,
        stackable=True,
        is_active=True,
        starts_at=datetime(2026, 1, 1, tzinfo=UTC),
        ends_at=None,
        terms={"EUR": Term(value, D(0))} if kind == "fixed" else {},
        category_ids=frozenset(categories),
    )


offers = st.lists(
    st.one_of(
        st.builds(
            lambda v, c: ("percentage", v, c),
            st.decimals(min_value=D("0.01"), max_value=100, places=2),
            st.sets(st.integers(1, 3), max_size=2),
        ),
        st.builds(
            lambda v, c: ("fixed", v, c),
            st.decimals(min_value=D("0.01"), max_value=D("20000"), places=2),
            st.sets(st.integers(1, 3), max_size=2),
        ),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(st.tuples(amounts, st.integers(1, 3)), min_size=1, max_size=12),
    specs=offers,
)
def test_stacked_promotions_keep_lines_and_totals_exact(lines, specs):
    snapshot = cart(*(line(f"l{i}", str(a), categories=[c]) for i, (a, c) in enumerate(lines)))
    res = result([_offer(i, *spec) for i, spec in enumerate(specs)], snapshot)
    assert sum(res.line_discounts.values()) == res.order_discount
    assert res.order_discount.amount == sum((p.amount.amount for p in res.applied), D(0))
    for item in snapshot.lines:
        discount = res.line_discounts[item.line_ref].amount
        assert D(0) <= discount <= item.line_gross.amount
    for applied in res.applied:
        assert sum((m.amount for m in applied.line_discounts.values()), D(0)) == (
            applied.amount.amount
        )
