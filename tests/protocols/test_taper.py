"""Taper: presets, custom steps, residual dose, limits refused, tablets, never an abrupt stop."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baclo.errors import FieldError, InputError, ValidationError
from baclo.protocols.tablets import TabletSet
from baclo.protocols.taper import (
    LAST_STEP_TO_ZERO_MAX_MG,
    MIN_INTERVAL_DAYS,
    TaperCode,
    TaperOverride,
    TaperSpeed,
    TaperWarningCode,
    build_taper,
    max_cut_mg,
)

OVERRIDE = TaperOverride(reason="inpatient taper, monitored daily")

START = dt.date(2026, 3, 2)


def _steps(taper):
    return [(step.date, step.dose_mg) for step in taper.steps]


def test_the_slow_preset_cuts_10_mg_every_4_weeks():
    taper = build_taper(from_mg=40, start=START, speed=TaperSpeed.SLOW)
    assert _steps(taper) == [
        (START, 30),
        (START + dt.timedelta(weeks=4), 20),
        (START + dt.timedelta(weeks=8), 10),
        (START + dt.timedelta(weeks=12), 0),
    ]


def test_the_fast_preset_cuts_10_mg_every_week():
    taper = build_taper(from_mg=30, start=START, speed=TaperSpeed.FAST)
    assert [date for date, _ in _steps(taper)] == [START + dt.timedelta(weeks=i) for i in range(3)]


def test_it_stops_at_the_residual_dose():
    taper = build_taper(from_mg=80, start=START, to_mg=35)
    assert [dose for _, dose in _steps(taper)] == [70, 60, 50, 40, 35]


def test_a_custom_step_and_interval_override_the_preset():
    taper = build_taper(from_mg=60, start=START, step_mg=15, interval_days=10)
    # 60 -> 45 is 25 %; from 45 a step may cut 11.25 mg, so 45 -> 35 (a takeable dose).
    assert _steps(taper)[:2] == [(START, 45), (START + dt.timedelta(days=10), 35)]


def test_later_steps_shrink_to_stay_within_the_limits():
    taper = build_taper(from_mg=100, start=START, step_mg=20, interval_days=14)
    assert [dose for _, dose in _steps(taper)] == [80, 60, 45, 35, 25, 15, 5, 0]


def test_a_large_final_step_to_zero_is_split_so_the_stop_is_never_abrupt():
    taper = build_taper(from_mg=60, start=START, step_mg=20, interval_days=14, override=OVERRIDE)
    assert [dose for _, dose in _steps(taper)] == [40, 20, 10, 0]


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        pytest.param({"from_mg": 150, "step_mg": 30}, "step_mg", TaperCode.LARGE_STEP,
                     id="above-20-mg"),
        pytest.param({"from_mg": 60, "step_mg": 20}, "step_mg", TaperCode.LARGE_STEP,
                     id="above-25-percent"),
        pytest.param({"from_mg": 100, "step_mg": 20, "interval_days": 3}, "step_mg",
                     TaperCode.LARGE_STEP, id="above-15-mg-within-a-week"),
        pytest.param({"from_mg": 100, "to_mg": 80, "interval_days": 1}, "interval_days",
                     TaperCode.FAST_PACE, id="every-day"),
    ],
)  # fmt: skip
def test_a_pace_beyond_the_limits_is_refused_with_the_rule(kwargs, field, code):
    with pytest.raises(FieldError) as caught:
        build_taper(start=START, **kwargs)
    assert (caught.value.field, caught.value.code) == (field, code)
    assert "prescriber" in caught.value.message


def test_every_broken_limit_is_named_at_once():
    with pytest.raises(ValidationError) as caught:
        build_taper(from_mg=80, start=START, step_mg=40, interval_days=1)
    assert [e.code for e in caught.value.errors] == [TaperCode.FAST_PACE, TaperCode.LARGE_STEP]


def test_a_prescriber_override_allows_the_pace_and_records_its_reason():
    taper = build_taper(from_mg=80, start=START, step_mg=40, interval_days=1, override=OVERRIDE)
    assert [dose for _, dose in _steps(taper)] == [40, 10, 0]
    assert taper.to_dict()["override"] == {"reason": "inpatient taper, monitored daily"}
    assert TaperWarningCode.FAST_PACE in {w.code for w in taper.warnings}


@pytest.mark.parametrize("reason", ["", "   "], ids=["empty", "blank"])
def test_an_override_needs_a_reason(reason):
    with pytest.raises(FieldError) as caught:
        TaperOverride(reason=reason)
    assert (caught.value.field, caught.value.code) == ("override.reason", "required")


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        pytest.param({"from_mg": 100, "step_mg": 7}, "choose 5 or 10 mg", id="7-mg-step"),
        pytest.param({"from_mg": 93}, "93 mg cannot be made", id="start-not-takeable"),
        pytest.param({"from_mg": 100, "to_mg": 12}, "12 mg cannot be made", id="target"),
        pytest.param(
            {"from_mg": 40, "tablets": TabletSet(strengths_mg=(20,), scored=False)},
            "smaller tablets are needed",
            id="tablets-too-big-to-go-on",
        ),
    ],
)
def test_doses_the_tablets_cannot_make_are_refused_never_rounded(kwargs, fragment):
    with pytest.raises(FieldError, match=fragment) as caught:
        build_taper(start=START, **kwargs)
    assert caught.value.code == "not_takeable"


@pytest.mark.parametrize(
    ("kwargs", "warned_doses"),
    [
        pytest.param({"from_mg": 80}, [20, 10, 0], id="above-25-percent-in-one-tablet-steps"),
        pytest.param({"from_mg": 200, "to_mg": 100}, [], id="gentle"),
    ],
)
def test_it_cautions_on_steps_above_25_percent_that_the_one_tablet_floor_allows(
    kwargs, warned_doses
):
    taper = build_taper(start=START, **kwargs)
    large = [w for w in taper.warnings if w.code is TaperWarningCode.LARGE_STEP]
    by_date = dict(_steps(taper))
    assert [by_date[w.date] for w in large] == warned_doses


def test_an_overridden_daily_pace_still_carries_its_warning():
    taper = build_taper(from_mg=100, start=START, to_mg=80, interval_days=1, override=OVERRIDE)
    assert [w.code for w in taper.warnings] == [TaperWarningCode.FAST_PACE]


def test_daily_doses_cover_each_day_until_the_stop():
    taper = build_taper(from_mg=20, start=START, speed=TaperSpeed.FAST)
    assert taper.daily_doses() == [(START + dt.timedelta(days=i), 10) for i in range(7)]


def test_daily_doses_show_a_residual_dose_for_one_interval():
    taper = build_taper(from_mg=30, start=START, to_mg=20, speed=TaperSpeed.FAST)
    assert taper.daily_doses() == [(START + dt.timedelta(days=i), 20) for i in range(7)]


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        pytest.param(-1, None, id="before-the-start"),
        pytest.param(0, 30, id="first-reduction-on-the-start"),
        pytest.param(6, 30, id="last-day-of-the-first-step"),
        pytest.param(7, 20, id="second-step"),
        pytest.param(400, 20, id="residual-dose-for-ever"),
    ],
)
def test_dose_on_follows_the_steps_then_keeps_the_residual_dose(offset, expected):
    # 40 -> 30 (day 0) -> 20 (day 7), fast preset: -10 mg every 7 days, residual 20 mg/day.
    taper = build_taper(from_mg=40, start=START, to_mg=20, speed=TaperSpeed.FAST)
    assert taper.dose_on(START + dt.timedelta(days=offset)) == expected


def test_dose_on_is_zero_after_a_stop():
    taper = build_taper(from_mg=20, start=START, speed=TaperSpeed.FAST)
    assert taper.dose_on(START + dt.timedelta(days=30)) == 0


def test_the_json_lists_steps_and_warnings():
    data = build_taper(from_mg=30, start=START, speed=TaperSpeed.FAST).to_dict()
    assert data["steps"][0] == {"date": "2026-03-02", "dose_mg": 20, "tablets": "2 × 10 mg"}
    assert data["warnings"][0]["code"] == "large_step"


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        pytest.param({"from_mg": 40, "to_mg": 50}, "below the starting dose", id="target-above"),
        pytest.param({"from_mg": 40, "to_mg": 40}, "below the starting dose", id="target-equal"),
        pytest.param({"from_mg": 40, "to_mg": -10}, "-10", id="negative-target"),
        pytest.param({"from_mg": 0}, "above 0", id="zero-start"),
        pytest.param({"from_mg": -20}, "-20", id="negative-start"),
        pytest.param({"from_mg": 350}, "350", id="above-hard-limit"),
        pytest.param({"from_mg": 40, "step_mg": 0}, "step_mg", id="zero-step"),
        pytest.param({"from_mg": 40, "step_mg": 0.5}, "0.5 mg cannot be made", id="half-mg-step"),
        # 300 - 1e-300 == 300 in floating point: the steps used to never end.
        pytest.param({"from_mg": 300, "step_mg": 1e-300}, "1e-300", id="step-lost-in-rounding"),
        pytest.param({"from_mg": 40, "interval_days": 0}, "interval_days", id="zero-interval"),
    ],
)
def test_it_refuses_impossible_tapers(kwargs, fragment):
    with pytest.raises(InputError, match=fragment):
        build_taper(start=START, **kwargs)


@pytest.mark.parametrize(
    ("start", "refused"),
    [
        # From 40 mg, fast: 4 steps a week apart, then one more week shown (daily_doses).
        pytest.param(dt.date(9999, 12, 3), False, id="last-week-fits"),
        pytest.param(dt.date(9999, 12, 4), True, id="one-day-too-late"),
    ],
)
def test_a_taper_that_would_end_after_9999_is_refused_not_an_overflow(start, refused):
    if refused:
        with pytest.raises(InputError, match="9999-12-04"):
            build_taper(from_mg=40, start=start, speed=TaperSpeed.FAST)
    else:
        assert build_taper(from_mg=40, start=start, speed=TaperSpeed.FAST).daily_doses()


tablet_sets = st.sampled_from(
    [
        TabletSet(),
        TabletSet(strengths_mg=(10, 20, 30, 40)),
        TabletSet(strengths_mg=(20,)),
        TabletSet(strengths_mg=(10, 40), scored=False),
    ]
)


@settings(max_examples=150, deadline=None)
@given(
    from_mg=st.integers(min_value=1, max_value=60).map(lambda n: n * 5.0),
    step_mg=st.sampled_from([5.0, 10.0, 15.0, 20.0, 40.0]),
    interval=st.integers(min_value=1, max_value=60),
    tablets=tablet_sets,
)
def test_a_taper_is_refused_or_every_step_is_takeable_and_within_the_limits(
    from_mg, step_mg, interval, tablets
):
    # Every set makes 10 mg steps, and a 10 mg cut is always allowed: a taper never gets stuck.
    beyond = interval < MIN_INTERVAL_DAYS or step_mg > max_cut_mg(from_mg, interval)
    takeable = tablets.can_make(from_mg) and (step_mg / tablets.step_mg).is_integer()
    kwargs = {"from_mg": from_mg, "step_mg": step_mg, "interval_days": interval}
    if beyond or not takeable:
        with pytest.raises(InputError):
            build_taper(start=START, tablets=tablets, **kwargs)
        return
    taper = build_taper(start=START, tablets=tablets, **kwargs)
    doses = [from_mg] + [dose for _, dose in _steps(taper)]
    assert all(a > b for a, b in itertools.pairwise(doses))
    assert all(a - b <= max_cut_mg(a, interval) for a, b in itertools.pairwise(doses))
    assert all(tablets.can_make(dose) for dose in doses)
    assert doses[-1] == 0
    assert doses[-2] <= LAST_STEP_TO_ZERO_MAX_MG


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        pytest.param({"speed": TaperSpeed.SLOW}, "3 to 5 weeks", id="slow"),
        pytest.param({"speed": TaperSpeed.FAST}, "1 to 2 weeks", id="fast"),
        pytest.param({"step_mg": 5}, "custom", id="custom"),
    ],
)
def test_every_taper_states_where_its_pace_comes_from(kwargs, fragment):
    assert fragment in build_taper(from_mg=60, start=START, **kwargs).to_dict()["source"]
