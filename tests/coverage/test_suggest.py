"""Suggestions: never above the ceiling, the peak guard or the pace of change, always takeable
(property tests), and each kind on a journal that calls for it."""

import dataclasses
import datetime as dt

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baclo.coverage import CravingFit, Kinetics, fit_craving
from baclo.coverage.limits import Limits
from baclo.coverage.suggest import NoteCode, SuggestionKind, suggest
from baclo.journal import Intake
from baclo.pk import steady_state_concentration
from baclo.protocols.tablets import TabletSet
from baclo.protocols.taper import MIN_INTERVAL_DAYS, max_cut_mg
from tests.coverage.synthetic_cases import synthetic_days
from tests.coverage.test_onset import day

TABLETS = st.builds(
    TabletSet,
    strengths_mg=st.sets(st.sampled_from([10.0, 20.0, 30.0, 40.0]), min_size=1).map(tuple),
    scored=st.booleans(),
)


@st.composite
def limits(draw):
    tablets = draw(TABLETS)
    return Limits(
        ceiling_mg=draw(st.integers(4, 60)) * 5.0,
        tablets=tablets,
        per_intake_max_mg=draw(st.none() | st.integers(2, 20).map(lambda n: n * 5.0)),
        max_intake_mg=draw(st.sampled_from([30.0, 40.0, 50.0])),
        max_peak_mg_l=draw(st.floats(0.2, 1.5)),
        may_rise=draw(st.booleans()),
    )


def peak(kinetics, intakes):
    clock = np.arange(24 * 60) / 60.0
    return steady_state_concentration(kinetics.as_model(), list(intakes), clock).max()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    days=st.integers(14, 35),
    bounds=limits(),
    crcl=st.none() | st.floats(30, 120),
)
def test_no_suggestion_leaves_the_limits(seed, days, bounds, crcl):
    _, exposures = synthetic_days(seed, days, drift_min_per_day=-6.0)
    kinetics = Kinetics.population(crcl_ml_min=crcl)
    fit = fit_craving(exposures)
    suggestions, _ = suggest(
        exposures, kinetics, bounds, fit=fit if isinstance(fit, CravingFit) else None
    )
    for suggestion in suggestions:
        after, before = suggestion.after, suggestion.before
        assert after.daily_mg <= bounds.ceiling_mg + 1e-9
        assert bounds.tablets.can_make(after.daily_mg)
        assert all(bounds.tablets.can_make(i.dose_mg) for i in after.intakes)
        cap = min(bounds.max_intake_mg, bounds.per_intake_max_mg or bounds.max_intake_mg)
        assert all(i.dose_mg <= cap + 1e-9 for i in after.intakes)
        assert peak(kinetics, after.intakes) <= bounds.max_peak_mg_l + 1e-9
        assert_within_the_pace(before.daily_mg, after.daily_mg, bounds)
        if suggestion.target_daily_mg is not None:
            assert suggestion.target_daily_mg <= bounds.ceiling_mg + 1e-9
            assert bounds.tablets.can_make(suggestion.target_daily_mg)


def assert_within_the_pace(before_mg, after_mg, bounds):
    """A rise of one titration step (none while tapering), a fall of one taper step at most."""
    assert after_mg - before_mg <= (10.0 if bounds.may_rise else 0.0) + 1e-9
    assert before_mg - after_mg <= max_cut_mg(before_mg, MIN_INTERVAL_DAYS) + 1e-9


@pytest.mark.parametrize(
    "seed",
    [1, 2],
    ids=["falling-target-would-round-up-past-the-dose", "rise-refused-would-round-down"],
)
def test_no_dose_suggestion_when_no_allowed_step_is_takeable(seed):
    # 110 mg/day logged, only unscored 40 mg tablets: 80 and 120 are the nearest takeable doses,
    # and neither is one allowed step from 110 while a taper goes on (rounding jumped past 110)
    _, exposures = synthetic_days(seed, 28, drift_min_per_day=-6.0)
    bounds = Limits(
        ceiling_mg=120,
        tablets=TabletSet(strengths_mg=(40.0,), scored=False),
        max_peak_mg_l=1.5,
        may_rise=False,
    )
    fit = fit_craving(exposures)
    suggestions, _ = suggest(
        exposures,
        Kinetics.population(),
        bounds,
        fit=fit if isinstance(fit, CravingFit) else None,
    )
    assert [s for s in suggestions if s.kind is SuggestionKind.REACH_LEVEL] == []


def habit(n, onset, intakes):
    return dataclasses.replace(
        day(n, onset), intakes=tuple(Intake(time=dt.time(h), dose_mg=mg) for h, mg in intakes)
    )


EVEN_60 = [(8, 20.0), (13, 20.0), (19, 20.0)]


def test_the_same_dose_moved_before_the_onset_raises_the_level_at_onset():
    days = [habit(n, 17 * 60, EVEN_60) for n in range(7)]
    suggestions, _ = suggest(days, Kinetics.population(), Limits(ceiling_mg=80))
    (retime,) = suggestions
    assert retime.kind is SuggestionKind.RETIME
    assert retime.after.daily_mg == 60
    assert all(i.time < dt.time(17) for i in retime.after.intakes)
    assert retime.gain >= 0.10
    assert f"by {retime.values['gain_percent']} %" in retime.message
    assert retime.days == tuple(d.date for d in days)
    minutes, before, after = retime.curves(Kinetics.population())
    assert len(minutes) == len(before) == len(after) == 144


def test_a_moved_onset_asks_to_move_the_intakes():
    days = [habit(n, 18 * 60 - round(90 * n / 13), EVEN_60) for n in range(14)]
    suggestions, _ = suggest(days, Kinetics.population(), Limits(ceiling_mg=80))
    assert suggestions[0].kind is SuggestionKind.FOLLOW_ONSET
    assert "from 18:00 to 16:30 over 2 week(s)" in suggestions[0].message
    assert all(i.time < dt.time(16, 30) for i in suggestions[0].after.intakes)


def test_a_level_reached_below_the_current_dose_proposes_one_taper_step_down():
    _, exposures = synthetic_days(4, 28)
    suggestions, _ = suggest(exposures, Kinetics.population(), Limits(ceiling_mg=200))
    reach = [s for s in suggestions if s.kind is SuggestionKind.REACH_LEVEL]
    assert reach, suggestions
    assert reach[0].after.daily_mg < reach[0].before.daily_mg
    assert reach[0].target_daily_mg <= reach[0].after.daily_mg
    assert "craving stayed at 2/10 or less above" in reach[0].message


def test_a_level_out_of_reach_under_the_ceiling_says_so():
    _, exposures = synthetic_days(4, 28)
    _, notes = suggest(exposures, Kinetics.population(), Limits(ceiling_mg=10))
    assert [n.code for n in notes] == [NoteCode.LEVEL_OUT_OF_REACH]
    assert "talk with your prescriber" in notes[0].message


@pytest.mark.parametrize(
    ("days", "code"),
    [
        ([habit(0, 17 * 60, [])], NoteCode.NO_INTAKES),
        ([habit(n, None, EVEN_60) for n in range(7)], NoteCode.NO_CURRENT_ONSET),
    ],
    ids=["no-intakes", "no-onsets"],
)
def test_without_intakes_or_onsets_there_is_a_note_and_no_suggestion(days, code):
    suggestions, notes = suggest(days, Kinetics.population(), Limits(ceiling_mg=80))
    assert suggestions == ()
    assert [n.code for n in notes] == [code]
