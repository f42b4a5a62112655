import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atelier.production import codes

FORMAT = re.compile(r"^AT-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")
body = st.text(alphabet=codes.ALPHABET, min_size=7, max_size=7)


def test_codes_have_the_printable_format_and_are_accepted_back():
    for _ in range(500):
        code = codes.new_code()
        assert FORMAT.match(code), code
        assert codes.normalise(code) == code


def test_codes_do_not_repeat():
    drawn = [codes.new_code() for _ in range(5000)]
    assert len(set(drawn)) == len(drawn)


@pytest.mark.parametrize("typed", ["at-7k3m-9q2x", " AT 7K3M 9Q2X ", "7K3M9Q2X", "AT-7K3M-9Q2X"])
def test_scanning_is_forgiving_about_case_spaces_and_the_prefix(typed):
    code = "AT-7K3M-9Q2" + codes.check_symbol("7K3M9Q2")
    typed = typed.replace("X", code[-1]).replace("x", code[-1].lower())
    assert codes.normalise(typed) == code


def test_look_alike_letters_read_as_digits():
    code = "AT-1000-000" + codes.check_symbol("1000000")
    assert codes.normalise("AT-IOOO-OOO" + code[-1]) == code
    assert codes.normalise("AT-L000-000" + code[-1]) == code


@given(body, st.integers(0, 6), st.sampled_from(codes.ALPHABET))
def test_one_wrong_symbol_is_caught(symbols, position, replacement):
    code = symbols + codes.check_symbol(symbols)
    typo = code[:position] + replacement + code[position + 1 :]
    if typo != code:
        assert codes.normalise(typo) is None


@given(body, st.integers(0, 6))
def test_two_swapped_neighbours_are_caught(symbols, position):
    code = symbols + codes.check_symbol(symbols)
    swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
    if swapped != code and {code[position], code[position + 1]} != {"0", "Z"}:
        assert codes.normalise(swapped) is None  # Luhn mod 32 misses only 0 <-> Z


@pytest.mark.parametrize("raw", ["", "AT-", "AT-7K3M-9Q2", "AT-7K3M-9Q2XX", "AT-7K3U-9Q2X", None])
def test_what_cannot_be_a_code_is_refused(raw):
    assert codes.normalise(raw) is None
