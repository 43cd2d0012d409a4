"""Missed, late and doubled next intake: superposition identities and what each does."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baclo.errors import FieldError
from baclo.pk import DailyIntake, Dose, concentration, load_model, steady_state_concentration
from baclo.pk.scenarios import NextIntakeScenario as S
from baclo.pk.scenarios import next_intake_scenarios

SIMON = load_model()
USUAL = [
    DailyIntake(time=dt.time(8), dose_mg=30),
    DailyIntake(time=dt.time(13), dose_mg=30),
    DailyIntake(time=dt.time(20), dose_mg=20),
]


def _curves(late_h: float = 2.0, model=SIMON):
    return next_intake_scenarios(
        model, usual=USUAL, taken_today=USUAL[:1], next_intake=USUAL[1], late_h=late_h
    )


def test_as_planned_is_the_steady_state_of_the_usual_schedule():
    planned = _curves()[S.AS_PLANNED]
    clock = planned.t_h[planned.t_h < 24]
    expected = steady_state_concentration(SIMON, USUAL, clock)
    assert planned.conc_mg_l[: clock.size] == pytest.approx(expected, rel=1e-6)


def test_doubled_minus_planned_equals_planned_minus_missed():
    # linearity: the extra dose adds exactly what the missed one takes away
    curves = _curves()
    extra = curves[S.DOUBLED].conc_mg_l - curves[S.AS_PLANNED].conc_mg_l
    lost = curves[S.AS_PLANNED].conc_mg_l - curves[S.MISSED].conc_mg_l
    assert extra == pytest.approx(lost, abs=1e-12)


def test_the_scenarios_agree_before_the_next_intake():
    curves = _curves()
    before = curves[S.AS_PLANNED].t_h <= 13.0
    reference = curves[S.AS_PLANNED].conc_mg_l[before]
    for scenario in S:
        assert curves[scenario].conc_mg_l[before] == pytest.approx(reference, rel=1e-12), scenario


def test_doubling_raises_the_peak_and_missing_lowers_the_trough():
    curves = _curves()
    assert curves[S.DOUBLED].peak_mg_l > 1.3 * curves[S.AS_PLANNED].peak_mg_l
    window = (13.0, 20.0)
    assert curves[S.MISSED].lowest_mg_l(*window) < curves[S.AS_PLANNED].lowest_mg_l(*window)


@settings(max_examples=25, deadline=None)
@given(late_h=st.floats(min_value=0.25, max_value=12.0))
def test_a_late_intake_adds_its_own_single_dose_curve_to_the_missed_one(late_h):
    curves = _curves(late_h)
    own_late = curves[S.LATE].conc_mg_l - curves[S.MISSED].conc_mg_l
    alone = concentration(SIMON, [Dose(time_h=13.0 + late_h, dose_mg=30)], curves[S.LATE].t_h)
    assert own_late == pytest.approx(alone, abs=1e-9)


def test_lateness_delays_the_peak_of_the_afternoon():
    curves = _curves(late_h=3.0)
    afternoon = curves[S.LATE].t_h < 20
    late_peak = curves[S.LATE].t_h[afternoon][np.argmax(curves[S.LATE].conc_mg_l[afternoon])]
    planned = curves[S.AS_PLANNED]
    planned_peak = planned.t_h[afternoon][np.argmax(planned.conc_mg_l[afternoon])]
    assert late_peak == pytest.approx(planned_peak + 3.0, abs=0.2)


def test_the_doses_of_each_scenario_are_listed():
    curves = _curves()
    assert [d.dose_mg for d in curves[S.DOUBLED].doses if d.time_h < 24] == [30, 60, 20]
    assert [d.time_h for d in curves[S.MISSED].doses if d.time_h < 24] == [8.0, 20.0]


@pytest.mark.parametrize("late_h", [0.0, -1.0, 12.5], ids=["zero", "negative", "over-12-hours"])
def test_a_delay_outside_0_to_12_hours_is_refused(late_h):
    with pytest.raises(FieldError) as caught:
        _curves(late_h)
    assert (caught.value.field, caught.value.code) == ("late_h", "out_of_range")


def test_an_intake_logged_after_the_next_one_is_refused():
    with pytest.raises(FieldError) as caught:
        next_intake_scenarios(SIMON, usual=USUAL, taken_today=USUAL, next_intake=USUAL[1])
    assert caught.value.code == "after_next"


def _usual_week_before():
    return [
        Dose(time_h=day * 24.0 + i.clock_h, dose_mg=i.dose_mg)
        for day in range(-7, 0)
        for i in USUAL
    ]


def test_a_history_of_the_usual_week_is_the_default():
    given_history = next_intake_scenarios(
        SIMON, usual=USUAL, taken_today=[], next_intake=USUAL[0], history=_usual_week_before()
    )
    default = next_intake_scenarios(SIMON, usual=USUAL, taken_today=[], next_intake=USUAL[0])
    for scenario in S:
        assert given_history[scenario].conc_mg_l == pytest.approx(
            default[scenario].conc_mg_l, rel=1e-12
        )


def test_a_missed_day_in_the_history_leaves_little_at_midnight():
    yesterday_missed = [d for d in _usual_week_before() if d.time_h < -24.0]
    after_gap = next_intake_scenarios(
        SIMON, usual=USUAL, taken_today=[], next_intake=USUAL[0], history=yesterday_missed
    )
    steady = next_intake_scenarios(SIMON, usual=USUAL, taken_today=[], next_intake=USUAL[0])
    left = after_gap[S.AS_PLANNED].at(0.0) / steady[S.AS_PLANNED].at(0.0)
    assert 0.0 < left < 0.1


def test_an_empty_history_starts_from_nothing():
    curves = next_intake_scenarios(
        SIMON, usual=USUAL, taken_today=[], next_intake=USUAL[0], history=[]
    )
    assert curves[S.MISSED].at(0.0) == 0.0
    assert curves[S.DOUBLED].highest_mg_l(0.0, 13.0) > curves[S.AS_PLANNED].highest_mg_l(0.0, 13.0)


@pytest.mark.parametrize("time_h", [0.0, 5.0], ids=["midnight", "this-morning"])
def test_a_history_dose_that_is_not_before_today_is_refused(time_h):
    with pytest.raises(FieldError) as caught:
        next_intake_scenarios(
            SIMON,
            usual=USUAL,
            taken_today=[],
            next_intake=USUAL[0],
            history=[Dose(time_h=time_h, dose_mg=10)],
        )
    assert (caught.value.field, caught.value.code) == ("history", "not_before_today")
