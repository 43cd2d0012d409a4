"""Alcohol arithmetic against hand-computed values (spf-inca-2017 in baclo.sources)."""

import pytest

from baclo.alcohol import DEFAULT_SERVINGS, DrinkKind, check_week, ethanol_grams, standard_drinks


@pytest.mark.parametrize(
    ("volume_ml", "abv", "grams"),
    [
        pytest.param(250, 5, 9.8625, id="beer-25cl-5pct"),
        pytest.param(100, 12, 9.468, id="wine-10cl-12pct"),
        pytest.param(750, 12.5, 73.96875, id="bottle-of-wine"),
        pytest.param(30, 40, 9.468, id="spirits-3cl-40pct"),
    ],
)
def test_ethanol_grams_is_volume_times_abv_times_density(volume_ml, abv, grams):
    assert ethanol_grams(volume_ml, abv) == pytest.approx(grams, rel=1e-12)


def test_a_standard_drink_is_ten_grams():
    assert standard_drinks(25.0) == pytest.approx(2.5)


@pytest.mark.parametrize("kind", list(DEFAULT_SERVINGS), ids=str)
def test_default_servings_are_close_to_one_standard_drink(kind):
    serving = DEFAULT_SERVINGS[kind]
    assert standard_drinks(ethanol_grams(serving.volume_ml, serving.abv_percent)) == pytest.approx(
        1.0, abs=0.06
    )


def test_custom_drinks_have_no_default_serving():
    assert DrinkKind.CUSTOM not in DEFAULT_SERVINGS


@pytest.mark.parametrize(
    ("week", "within"),
    [
        pytest.param([2, 2, 2, 2, 2, 0, 0], True, id="ten-a-week-two-a-day-two-days-off"),
        pytest.param([2, 2, 2, 2, 2, 1, 0], False, id="eleven-a-week"),
        pytest.param([3, 0, 0, 0, 0, 0, 0], False, id="three-in-one-day"),
        pytest.param([1, 1, 1, 1, 1, 1, 1], False, id="every-day"),
        pytest.param([1, 1, 1, 1, 1, 1, None], True, id="unlogged-day-is-not-a-drinking-day"),
    ],
)
def test_check_week_applies_the_three_parts_of_the_guideline(week, within):
    assert check_week(week).within is within


def test_check_week_counts_known_days():
    assert check_week([None, 0, 3]).days_known == 2


def test_check_week_refuses_more_than_seven_days():
    with pytest.raises(ValueError, match="at most 7 days"):
        check_week([0] * 8)
