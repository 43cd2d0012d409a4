"""RPPS numbers: 11 digits whose last is a Luhn check digit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baclo.errors import FieldError
from baclo.identifiers import luhn_valid, parse_rpps

# A number published in the public directory's examples (annuaire.sante.fr client SDKs).
PUBLISHED_RPPS = "10005173140"


def test_a_published_rpps_number_is_accepted():
    assert parse_rpps("rpps", PUBLISHED_RPPS) == PUBLISHED_RPPS


def test_spaces_and_dots_as_printed_are_ignored():
    assert parse_rpps("rpps", " 1000.517.3140 ") == PUBLISHED_RPPS


def test_luhns_own_example_is_valid():
    # The worked example of the Luhn scheme (79927398713), valid, and off by one in its key.
    assert luhn_valid("79927398713")
    assert not luhn_valid("79927398714")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        pytest.param("1000517314", "format", id="ten-digits"),
        pytest.param("100051731400", "format", id="twelve-digits"),
        pytest.param("1000517314a", "format", id="a-letter"),
        pytest.param("１０００５１７３１４０", "format", id="fullwidth-digits"),
        pytest.param("10005173141", "check_digit", id="wrong-key"),
        pytest.param("01005173140", "check_digit", id="two-digits-swapped"),
    ],
)
def test_it_refuses_what_is_not_an_rpps_number(text, code):
    with pytest.raises(FieldError) as refused:
        parse_rpps("rpps", text)
    assert (refused.value.field, refused.value.code) == ("rpps", code)


@given(
    st.text(alphabet="0123456789", min_size=11, max_size=11), st.integers(0, 10), st.integers(1, 9)
)
def test_any_single_mistyped_digit_is_caught(digits, position, shift):
    key = next(str(k) for k in range(10) if luhn_valid(digits[:10] + str(k)))
    number = digits[:10] + key
    wrong = str((int(number[position]) + shift) % 10)
    assert not luhn_valid(number[:position] + wrong + number[position + 1 :])
