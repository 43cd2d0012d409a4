"""The current craving onset and its move over two weeks (Theil-Sen slope, Sen 1968)."""

import datetime as dt

import pytest

from baclo.coverage import DayExposure
from baclo.coverage.onset import current_onset, onset_move

MONDAY = dt.date(2026, 1, 5)


def day(n, onset):
    return DayExposure(
        date=MONDAY + dt.timedelta(days=n),
        intakes=(),
        onset=None if onset is None else dt.time(*divmod(onset, 60)),
        intensity=5,
        side_effect_max=0,
        onset_mg_l=0.3,
        window_min_mg_l=0.2,
        window_mean_mg_l=0.25,
        peak_mg_l=0.4,
        imputed_share=0.0,
    )


def test_an_onset_moving_from_18_to_16_30_over_two_weeks_is_reported():
    days = [day(n, 18 * 60 - round(90 * n / 13)) for n in range(14)]
    move = onset_move(days)
    assert move is not None
    assert (move.before, move.after) == (dt.time(18), dt.time(16, 30))
    assert move.slope_min_per_day == pytest.approx(-90 / 13, abs=0.5)
    assert len(move.days) == 14


@pytest.mark.parametrize(
    "onsets",
    [
        [18 * 60 + (15 if n % 2 else -15) for n in range(14)],
        [18 * 60 - 2 * n for n in range(14)],
    ],
    ids=["scatter-without-trend", "drift-under-45-min"],
)
def test_no_move_is_reported_without_a_clear_one(onsets):
    assert onset_move([day(n, m) for n, m in enumerate(onsets)]) is None


def test_a_move_needs_eight_onsets_logged():
    days = [day(n, 18 * 60 - 10 * n if n < 7 else None) for n in range(14)]
    assert onset_move(days) is None


def test_the_current_onset_is_the_median_of_the_last_week_on_the_quarter_hour():
    days = [day(n, 20 * 60) for n in range(7)] + [day(7 + n, 17 * 60 + 5 * n) for n in range(7)]
    onset, used = current_onset(days)
    assert onset == dt.time(17, 15)
    assert used[0] == MONDAY + dt.timedelta(days=7)


def test_no_current_onset_with_fewer_than_three_in_the_last_week():
    days = [day(n, 18 * 60 if n < 2 else None) for n in range(7)]
    assert current_onset(days) is None
