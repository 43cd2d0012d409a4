"""Effective-dose detection (craving <= 2/10 on >= 5 of 7 days, whatever the drinking, which is
reported beside it) and craving return during a taper; adherence. Criteria:
baclo.journal.threshold's docstring; guideline: Sante publique France 2017 (baclo.alcohol)."""

import pytest

from baclo.journal.adherence import adherence
from baclo.journal.threshold import find_craving_return, find_effective_dose
from tests.safety.make import day, entry


def week(cravings, *, dose=100, alcohol=0, first=0):
    """Entries for consecutive days; a craving of ``None`` means the day was not logged."""
    return [
        entry(first + i, dose=dose, craving=c, alcohol=alcohol)
        for i, c in enumerate(cravings)
        if c is not None
    ]


def test_seven_quiet_days_give_the_dose_and_the_window():
    found = find_effective_dose(week([2] * 7))
    assert found is not None
    assert (found.dose_mg, found.start, found.end) == (100, day(0), day(6))
    assert found.days_logged == 7


@pytest.mark.parametrize(
    ("cravings", "expected"),
    [
        pytest.param([2, 2, 2, 2, 2, 3, 3], True, id="5-of-7"),
        pytest.param([2, 2, 2, 2, 3, 3, 3], False, id="4-of-7"),
        pytest.param([2, None, 2, 2, None, 2, 2], True, id="5-logged-2-missing"),
        pytest.param([2, None, 2, None, 2, None, 2], False, id="4-logged-3-missing"),
        pytest.param([0, 1, 2, 0, 1, 7, 9], True, id="two-bad-days-allowed"),
        pytest.param([2, 2, 2, 2, 2, 2], False, id="only-6-days"),
        pytest.param([], False, id="nothing-logged"),
    ],
)
def test_at_least_5_good_days_in_7_consecutive_days(cravings, expected):
    assert (find_effective_dose(week(cravings)) is not None) is expected


@pytest.mark.parametrize(
    ("alcohol", "within"),
    [
        pytest.param([0, 0, 0, 0, 0, 0, 0], True, id="none"),
        pytest.param([2, 2, 2, 2, 2, 0, 0], True, id="10-a-week"),
        pytest.param([2, 2, 2, 2, 2, 1, 0], False, id="11-a-week"),
        pytest.param([0, 0, 0, 3, 0, 0, 0], False, id="3-on-one-day"),
        pytest.param([1, 1, 1, 1, 1, 1, 1], False, id="every-day"),
    ],
)
def test_craving_alone_decides_and_the_drinking_is_reported_beside_it(alcohol, within):
    entries = [entry(i, dose=100, craving=2, alcohol=a) for i, a in enumerate(alcohol)]
    found = find_effective_dose(entries)
    assert found is not None
    assert found.drinking.within is within


def test_a_day_without_intakes_is_not_a_good_day():
    entries = week([2] * 7)
    entries[:3] = [entry(i, dose=0, craving=0) for i in range(3)]
    assert find_effective_dose(entries) is None


def test_the_dose_is_the_median_of_the_good_days():
    entries = [entry(i, dose=d, craving=1) for i, d in enumerate([130, 150, 150, 150, 150, 50])]
    entries.append(entry(6, dose=150, craving=5))
    found = find_effective_dose(entries)
    assert found is not None
    assert found.dose_mg == 150
    assert found.good_days == tuple(day(i) for i in range(6))


def test_it_returns_the_first_qualifying_window():
    # Days 1-7 hold two bad days and five good ones: the first window to qualify.
    entries = week([8, 8, 8, 2, 2, 2, 2, 2, 2, 2, 2])
    found = find_effective_dose(entries)
    assert (found.start, found.end) == (day(1), day(7))


def test_since_ignores_earlier_days():
    entries = week([2] * 10)
    found = find_effective_dose(entries, since=day(2))
    assert found.start == day(2)
    assert find_effective_dose(entries, since=day(5)) is None


def test_two_entries_on_one_day_are_refused():
    with pytest.raises(ValueError, match="two journal entries on 2026-03-02"):
        find_effective_dose([entry(0, craving=1), entry(0, craving=2)])


def test_craving_coming_back_3_days_in_7_during_a_taper_is_found():
    entries = week([1] * 7, dose=120) + week([1, 4, 1, 5, None, 3, 1], dose=110, first=7)
    found = find_craving_return(entries, taper_start=day(7))
    assert found is not None
    assert found.craving_days == (day(8), day(10), day(12))
    # Day 7 (110 mg, craving 1) is the last day without craving before it came back on day 8.
    assert (found.dose_mg, found.last_good_dose_mg) == (110, 110)


def test_the_last_good_dose_is_the_one_before_craving_came_back():
    entries = week([1] * 7, dose=120) + week([4, 1, 5, 3], dose=100, first=7)
    found = find_craving_return(entries, taper_start=day(7))
    assert (found.dose_mg, found.last_good_dose_mg) == (100, 120)


@pytest.mark.parametrize(
    "cravings",
    [
        pytest.param([1, 4, 1, 5, 1, 1, 1], id="2-of-7"),
        pytest.param([2, 2, 2, 2, 2, 2, 2], id="at-2-it-is-still-gone"),
        pytest.param([None] * 7, id="nothing-logged"),
    ],
)
def test_fewer_than_3_craving_days_is_no_return(cravings):
    assert find_craving_return(week(cravings, dose=110), taper_start=day(0)) is None


def test_craving_before_the_taper_does_not_count():
    entries = week([6, 6, 6, 1, 1, 1, 1, 1, 1, 1])
    assert find_craving_return(entries, taper_start=day(3)) is None
    assert find_craving_return(entries, taper_start=day(0)) is not None


def test_adherence_compares_only_days_both_planned_and_logged():
    entries = [entry(0, dose=30), entry(1, dose=0, craving=3), entry(3, dose=50)]
    plan = {day(i): 40.0 for i in range(5)}
    result = adherence(entries, plan, start=day(0), end=day(4))
    assert (result.days, result.days_logged, result.days_with_intakes) == (5, 3, 2)
    assert (result.planned_mg, result.taken_mg) == (120, 80)
    assert result.dose_ratio == pytest.approx(80 / 120)
    assert result.logged_fraction == pytest.approx(3 / 5)


def test_adherence_of_an_unplanned_empty_period():
    result = adherence([], {}, start=day(3), end=day(2))
    assert (result.days, result.dose_ratio, result.logged_fraction) == (0, None, 0.0)
