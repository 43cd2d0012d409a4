"""Tablets in stock: entered counts, counted down by the intakes, forecast at the coming doses of
the treatment course (a titration step raises consumption, a taper lowers it)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baclo.errors import FieldError
from baclo.protocols.course import Course, CourseSpec, TaperRequest
from baclo.protocols.stock import (
    MAX_TABLETS,
    RUN_OUT_WARNING_DAYS,
    StockCode,
    count_halves,
    forecast,
    pieces,
    remaining,
)
from baclo.protocols.tablets import TabletSet

TENS = TabletSet(strengths_mg=(10,))
START = dt.date(2026, 3, 2)


def course_days(
    course: Course, first: dt.date, count: int
) -> list[tuple[dt.date, tuple[float, ...]]]:
    days = [first + dt.timedelta(days=n) for n in range(count)]
    return [(d, tuple(i.dose_mg for i in course.today(d).intakes.intakes)) for d in days]


def beaurepaire() -> Course:
    """De Beaurepaire: 10 mg/day, +10 mg every 3 days (60 mg/day on 18 March)."""
    return Course(CourseSpec.from_dict({"protocol": "beaurepaire", "start": START.isoformat()}))


def test_boxes_and_loose_tablets_add_up_in_halves() -> None:
    assert count_halves(boxes=2, per_box=30, loose=4.5) == 2 * (60 + 4.5)


@pytest.mark.parametrize(
    ("given", "field", "code"),
    [
        pytest.param({"loose": -1}, "stock.loose", StockCode.NEGATIVE, id="negative"),
        pytest.param(
            {"boxes": -2, "per_box": 30}, "stock.boxes", StockCode.NEGATIVE, id="negative-boxes"
        ),
        pytest.param({"loose": MAX_TABLETS + 1}, "stock.loose", StockCode.TOO_MANY, id="absurd"),
        pytest.param({"boxes": 400, "per_box": 30}, "stock", StockCode.TOO_MANY, id="absurd-total"),
        pytest.param({"loose": 2.25}, "stock.loose", StockCode.NOT_HALF, id="quarter"),
        pytest.param(
            {"boxes": 1.5, "per_box": 30}, "stock.boxes", StockCode.NOT_HALF, id="half-box"
        ),
        pytest.param({"loose": "ten"}, "stock.loose", StockCode.NOT_A_NUMBER, id="text"),
        pytest.param({"loose": float("nan")}, "stock.loose", StockCode.NOT_A_NUMBER, id="nan"),
    ],
)
def test_bad_counts_are_refused_with_their_field(given, field, code) -> None:
    with pytest.raises(FieldError) as error:
        count_halves(**given)
    assert (error.value.field, error.value.code) == (field, code)


def test_a_dose_takes_the_pieces_the_tablets_make_it_of() -> None:
    assert pieces(TabletSet(strengths_mg=(10, 20)), 35) == {20: 2, 10: 3}


def test_a_dose_that_cannot_be_made_takes_the_next_one_that_can() -> None:
    assert pieces(TENS, 7) == {10.0: 2}  # 10 mg, the next dose 10 mg tablets make


def test_intakes_taken_count_the_stock_down_never_below_zero() -> None:
    assert remaining({10.0: 20}, [20, 15], TENS) == {10.0: 13}
    assert remaining({10.0: 2}, [50], TENS) == {10.0: 0}


def test_the_forecast_says_when_an_intake_can_no_longer_be_taken_in_full() -> None:
    days = [(START + dt.timedelta(days=n), (10.0, 10.0)) for n in range(30)]
    result = forecast({10.0: 2 * 9}, days, TENS, today=START)
    # 9 tablets at 2 a day: 4 full days, the second intake of the fifth day is missing.
    assert (result.run_out_on, result.days_left, result.missing_strength_mg) == (
        START + dt.timedelta(days=4),
        4,
        10.0,
    )
    assert result.warn


def test_a_stock_lasting_beyond_the_days_given_has_no_date() -> None:
    result = forecast({10.0: 1000}, [(START, (10.0,))], TENS, today=START)
    assert (result.run_out_on, result.days_left, result.warn) == (None, None, False)


def test_it_warns_from_seven_days_before_running_out() -> None:
    days = [(START + dt.timedelta(days=n), (10.0,)) for n in range(60)]
    at_limit = forecast({10.0: 2 * RUN_OUT_WARNING_DAYS}, days, TENS, today=START)
    beyond = forecast({10.0: 2 * (RUN_OUT_WARNING_DAYS + 1)}, days, TENS, today=START)
    assert (at_limit.days_left, at_limit.warn) == (RUN_OUT_WARNING_DAYS, True)
    assert (beyond.days_left, beyond.warn) == (RUN_OUT_WARNING_DAYS + 1, False)


def test_a_titration_step_makes_the_stock_run_out_sooner_than_todays_dose_says() -> None:
    course = beaurepaire()
    today = dt.date(2026, 3, 18)  # 60 mg/day, 70 from the 21st, 80 (ceiling) from the 24th
    stock = {10.0: 2 * 60}
    result = forecast(stock, course_days(course, today, 60), TENS, today=today)
    at_todays_dose = 60 // 6  # 60 tablets at 6 tablets a day
    assert result.days_left is not None
    assert result.days_left < at_todays_dose
    assert result.days_left == 8  # 3 x 6 + 3 x 7 = 39, then 8 a day: 2 more full days + part


def test_a_taper_makes_the_stock_last_longer() -> None:
    today = dt.date(2026, 3, 18)
    course = beaurepaire()
    tapered = course.start_taper(TaperRequest(start=today, speed="fast"), today=today)
    stock = {10.0: 2 * 60}
    titrating = forecast(stock, course_days(course, today, 120), TENS, today=today)
    tapering = forecast(stock, course_days(tapered, today, 120), TENS, today=today)
    assert titrating.days_left is not None
    assert tapering.days_left is not None
    assert tapering.days_left > titrating.days_left


@given(
    st.integers(0, 400),
    st.lists(st.sampled_from([5.0, 10.0, 15.0, 20.0, 30.0]), max_size=40),
)
def test_counting_down_never_creates_tablets(halves: int, taken: list[float]) -> None:
    left = remaining({10.0: halves}, taken, TENS)[10.0]
    used = sum(pieces(TENS, dose)[10.0] for dose in taken)
    assert left == max(0, halves - used)


@pytest.mark.parametrize(
    "value", [10**400, float("nan"), float("inf")], ids=["int-too-large", "nan", "infinity"]
)
def test_a_count_that_is_not_a_finite_number_is_refused(value):
    with pytest.raises(FieldError) as refused:
        count_halves(loose=value)
    assert refused.value.code == StockCode.NOT_A_NUMBER
