"""Daily split: constraints, objectives, explanations, bad input.

Concentrations come from the PK engine's default model (Simon et al. 2018); the tests compare
splits with each other, so they hold for any linear one-compartment model.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baclo.errors import InputError
from baclo.pk import DailyIntake, load_model, steady_state_concentration
from baclo.protocols.split import (
    MAX_INTAKES,
    SplitMode,
    SplitRequest,
    _curves,
    split_daily_dose,
)


def _split(daily=90.0, craving=dt.time(18, 0), mode=SplitMode.TARGETED, **kwargs):
    return split_daily_dose(SplitRequest(daily_mg=daily, craving=craving, mode=mode, **kwargs))


def _minutes(time):
    return time.hour * 60 + time.minute


@pytest.mark.parametrize(
    "craving", [dt.time(12, 0), dt.time(17, 0), dt.time(20, 30)], ids=["12h", "17h", "20h30"]
)
def test_targeted_gives_more_at_craving_onset_than_an_even_split(craving):
    result = _split(craving=craving)
    assert result.metrics.conc_at_craving_mg_l > 1.2 * result.even_metrics.conc_at_craving_mg_l


def test_targeted_puts_three_equal_intakes_2_h_apart_ending_1_h_before_onset():
    result = _split(daily=90, craving=dt.time(18, 0))
    assert [(i.time, i.dose_mg) for i in result.intakes] == [
        (dt.time(13, 0), 30),
        (dt.time(15, 0), 30),
        (dt.time(17, 0), 30),
    ]


def test_fractionated_spreads_six_intakes_from_waking_to_bedtime():
    result = _split(daily=90, mode=SplitMode.FRACTIONATED)
    assert [i.dose_mg for i in result.intakes] == [15] * 6
    assert result.intakes[0].time == dt.time(7, 0)
    assert result.intakes[-1].time == dt.time(23, 0)


def test_fractionated_lowers_the_peak_against_the_even_split():
    result = _split(daily=120, mode=SplitMode.FRACTIONATED)
    assert result.metrics.peak_mg_l < result.even_metrics.peak_mg_l


def test_the_reported_numbers_are_the_engines_own():
    result = _split(daily=60, craving=dt.time(19, 0))
    daily = [DailyIntake(time=i.time, dose_mg=i.dose_mg) for i in result.intakes]
    at_craving = steady_state_concentration(load_model(), daily, np.array([19.0]))[0]
    assert result.metrics.conc_at_craving_mg_l == pytest.approx(at_craving, rel=1e-12)


def test_the_search_superposition_matches_the_engine():
    # The search shifts and scales the curve of 1 mg at midnight (linear, time-invariant model).
    model = load_model()
    minutes = np.arange(24 * 60)
    unit = steady_state_concentration(
        model, [DailyIntake(time=dt.time(0, 0), dose_mg=1.0)], minutes / 60
    )
    times = np.array([[7 * 60 + 10, 13 * 60 + 45, 22 * 60]])
    doses = np.array([[15, 40, 5]])
    searched = _curves(unit, times, doses, minutes)[0, 0]
    daily = [
        DailyIntake(time=dt.time(7, 10), dose_mg=15),
        DailyIntake(time=dt.time(13, 45), dose_mg=40),
        DailyIntake(time=dt.time(22, 0), dose_mg=5),
    ]
    direct = steady_state_concentration(model, daily, minutes / 60)
    np.testing.assert_allclose(searched, direct, rtol=1e-10)


def test_a_bedtime_after_midnight_is_handled():
    result = _split(daily=60, craving=dt.time(23, 30), sleep=dt.time(1, 30))
    assert result.intakes[-1].time == dt.time(22, 30)


def test_the_json_explains_the_split_and_states_its_model():
    data = _split().to_dict()
    assert data["intakes"][0] == {"time": "13:00", "dose_mg": 30, "tablets": 3}
    assert data["conc_at_craving_mg_l"] > data["even_split"]["conc_at_craving_mg_l"]
    assert {"min_onset_to_bedtime_mg_l", "peak_mg_l", "peak_time"} <= data.keys()
    assert "Simon" in data["model"]["citation"]
    assert any("steady state" in line for line in data["assumptions"])


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        pytest.param({"daily": 23}, "half tablets", id="not-half-tablets"),
        pytest.param({"daily": 0}, "above 0", id="zero-dose"),
        pytest.param({"daily": -30}, "-30", id="negative-dose"),
        pytest.param({"daily": 310}, "hard limit", id="above-300"),
        pytest.param({"craving": dt.time(6, 0)}, "outside waking hours", id="before-wake"),
        pytest.param({"craving": dt.time(23, 30)}, "outside waking hours", id="after-sleep"),
        pytest.param({"craving": dt.time(7, 45)}, "less than 60 min", id="too-early"),
        pytest.param({"craving": dt.time(9, 0)}, "not enough time", id="no-room-for-3"),
        pytest.param({"tablet_mg": 100}, "5-40", id="tablet"),
        pytest.param({"per_intake_max_mg": 10}, "more than 6", id="per-intake-max"),
        pytest.param({"sleep": dt.time(7, 0)}, "equals wake", id="no-waking-hours"),
    ],
)
def test_it_refuses_bad_requests_naming_the_problem(kwargs, fragment):
    with pytest.raises(InputError, match=fragment):
        _split(**kwargs)


def test_an_early_craving_is_accepted_in_fractionated_mode():
    assert _split(craving=dt.time(7, 30), mode=SplitMode.FRACTIONATED).intakes


@st.composite
def requests(draw):
    tablet = draw(st.sampled_from([10.0, 20.0]))
    return {
        "tablet": tablet,
        "halves": draw(st.integers(min_value=1, max_value=int(600 / tablet))),
        "wake": draw(st.integers(min_value=5 * 60, max_value=9 * 60)),
        "awake": draw(st.integers(min_value=13 * 60, max_value=18 * 60)),
        "onset_fraction": draw(st.floats(min_value=0.0, max_value=0.999)),
    }


def _request(draw, mode):
    # Onset late enough for three intakes 2 h apart ending 60 min before it.
    earliest = draw["wake"] + 5 * 60
    sleep = draw["wake"] + draw["awake"]
    onset = earliest + int(draw["onset_fraction"] * (sleep - earliest))
    return SplitRequest(
        daily_mg=draw["halves"] * draw["tablet"] / 2,
        craving=dt.time(onset // 60 % 24, onset % 60),
        mode=mode,
        wake=dt.time(draw["wake"] // 60, draw["wake"] % 60),
        sleep=dt.time(sleep // 60 % 24, sleep % 60),
        tablet_mg=draw["tablet"],
    )


@settings(max_examples=60, deadline=None)
@given(draw=requests(), mode=st.sampled_from(list(SplitMode)))
def test_every_split_sums_to_the_dose_in_half_tablets_within_the_limits(draw, mode):
    request = _request(draw, mode)
    result = split_daily_dose(request)
    doses = [intake.dose_mg for intake in result.intakes]
    half = request.tablet_mg / 2
    assert sum(doses) == pytest.approx(request.daily_mg, abs=1e-9)
    assert all((dose / half).is_integer() and dose > 0 for dose in doses)
    assert len(doses) <= MAX_INTAKES
    assert max(doses) <= result.per_intake_max_mg
    awake = [(_minutes(i.time) - _minutes(request.wake)) % 1440 for i in result.intakes]
    assert awake == sorted(awake)
    assert awake[-1] <= (_minutes(request.sleep) - _minutes(request.wake)) % 1440


@settings(max_examples=60, deadline=None)
@given(draw=requests())
def test_targeted_ends_60_to_90_min_before_onset_with_no_intake_before_waking(draw):
    request = _request(draw, SplitMode.TARGETED)
    result = split_daily_dose(request)
    wake = _minutes(request.wake)
    onset = (_minutes(request.craving) - wake) % 1440
    awake = [(_minutes(i.time) - wake) % 1440 for i in result.intakes]
    assert 60 <= onset - awake[-1] <= 90
    assert all(0 <= minute < onset for minute in awake)


@settings(max_examples=60, deadline=None)
@given(draw=requests())
def test_fractionated_never_peaks_above_targeted(draw):
    targeted = split_daily_dose(_request(draw, SplitMode.TARGETED))
    fractionated = split_daily_dose(_request(draw, SplitMode.FRACTIONATED))
    assert fractionated.metrics.peak_mg_l <= targeted.metrics.peak_mg_l * (1 + 1e-9)


@pytest.mark.parametrize(
    ("daily", "warned"), [pytest.param(90, True, id="90-mg"), pytest.param(30, False, id="30-mg")]
)
def test_a_targeted_peak_in_the_intoxication_range_carries_a_warning(daily, warned):
    # 90 mg as 3 x 30 mg two hours apart peaks near 0.81 mg/L in the default model.
    result = _split(daily=daily)
    assert bool(result.warnings) is warned
    assert (result.metrics.peak_mg_l >= 0.7) is warned
