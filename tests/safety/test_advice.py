"""The association's advice: stable intake times, re-targeting the split, behavioural therapy."""

import datetime as dt

import pytest

from baclo.safety import Phase, Severity, SplitMode
from baclo.safety.advice import clock_distance_min
from tests.safety.make import entry, fired, state

USUAL = (dt.time(8), dt.time(20))


@pytest.mark.parametrize(
    ("taken_at", "logged_on", "expected"),
    [
        pytest.param("10:00", 6, 0, id="2h-exactly"),
        pytest.param("10:01", 6, 1, id="2h01"),
        pytest.param("05:59", 6, 1, id="2h01-early"),
        pytest.param("10:01", 3, 0, id="3-days-ago"),
        pytest.param("10:01", 4, 1, id="2-days-ago"),
    ],
)
def test_intake_times_moved_more_than_2_hours(taken_at, logged_on, expected):
    patient = state(
        [entry(logged_on, dose=20, times=(taken_at, "20:00"))], usual_intake_times=USUAL
    )
    alerts = fired("stable_intake_times", patient)
    assert len(alerts) == expected
    if alerts:
        assert alerts[0].severity is Severity.INFO
        assert taken_at in alerts[0].patient_message.en


def test_intake_times_without_a_usual_schedule_are_not_judged():
    assert fired("stable_intake_times", state([entry(6, dose=20, times=("03:00",))])) == []


@pytest.mark.parametrize(
    ("a", "b", "minutes"),
    [("23:30", "00:30", 60), ("08:00", "20:00", 720), ("12:00", "12:00", 0)],
    ids=["across-midnight", "half-a-day", "same"],
)
def test_clock_distance_goes_around_the_dial(a, b, minutes):
    assert clock_distance_min(dt.time.fromisoformat(a), dt.time.fromisoformat(b)) == minutes


def onsets(*times, first=6):
    return [entry(first - i, craving=5, onset=t) for i, t in enumerate(times)]


@pytest.mark.parametrize(
    ("times", "target", "mode", "expected"),
    [
        pytest.param(("17:00",) * 3, "18:00", SplitMode.TARGETED, "17:00", id="1h-earlier"),
        pytest.param(("19:00",) * 3, "18:00", SplitMode.TARGETED, "19:00", id="1h-later"),
        pytest.param(("17:01",) * 3, "18:00", SplitMode.TARGETED, None, id="59-min"),
        pytest.param(("16:00", "16:10", "18:00"), "18:00", None, "16:10", id="median"),
        pytest.param(("16:00", "16:20", "17:00", "18:00"), "18:00", None, "16:40", id="even"),
        pytest.param(("16:00",) * 2, "18:00", SplitMode.TARGETED, None, id="2-onsets-only"),
        pytest.param(("16:00",) * 3, "18:00", SplitMode.FRACTIONATED, None, id="fractionated"),
        pytest.param(("16:00",) * 3, None, SplitMode.TARGETED, None, id="no-target"),
    ],
)
def test_median_craving_onset_moved_by_an_hour_re_targets_the_split(times, target, mode, expected):
    patient = state(
        onsets(*times),
        targeted_onset=None if target is None else dt.time.fromisoformat(target),
        split_mode=mode,
    )
    alerts = fired("retarget_split", patient)
    assert [a.actions[0].params.get("craving_onset") for a in alerts] == (
        [] if expected is None else [expected]
    )
    if alerts:
        assert alerts[0].actions[0].params["mode"] == "targeted"


def test_onsets_older_than_7_days_do_not_count():
    patient = state(onsets("16:00", "16:00", "16:00", first=-1), targeted_onset=dt.time(18))
    assert fired("retarget_split", patient) == []


def two_weeks(cravings, drinks):
    """14 days ending on day 13; a craving of ``None`` = day not logged."""
    return [
        entry(n, dose=120, craving=c, alcohol=drinks)
        for n, c in enumerate(cravings)
        if c is not None
    ]


@pytest.mark.parametrize(
    ("cravings", "drinks", "expected"),
    [
        pytest.param([2] * 14, 3, 1, id="craving-gone-drinking-high"),
        pytest.param([5] * 9 + [2] * 5, 3, 1, id="5-of-7-is-enough"),
        pytest.param([5] * 10 + [2] * 4, 3, 0, id="4-of-7-is-not"),
        pytest.param([2] * 14, 0, 0, id="no-drinking"),
        pytest.param([2] * 14, 1, 1, id="1-drink-but-every-day"),
        pytest.param([None] * 7 + [2, 2, 2, 2, 2, None, None], 3, 1, id="2-days-missing"),
        pytest.param([None] * 14, 3, 0, id="nothing-logged"),
    ],
)
def test_behavioural_therapy_suggestion(cravings, drinks, expected):
    patient = state(two_weeks(cravings, drinks), today=13)
    alerts = fired("behavioural_therapy", patient)
    assert len(alerts) == expected
    if alerts:
        assert "6 to 8 weekly sessions" in alerts[0].patient_message.en
        assert "6 à 8 séances" in alerts[0].patient_message.fr
        assert "0 980 980 930" in alerts[0].patient_message.fr


@pytest.mark.parametrize(
    ("phase", "actions"),
    [
        pytest.param(Phase.TITRATION, 1, id="titration-offers-hold-my-dose"),
        pytest.param(Phase.MAINTENANCE, 0, id="maintenance-already-holds"),
    ],
)
def test_therapy_offers_hold_my_dose_here_during_titration(phase, actions):
    patient = state(two_weeks([2] * 14, 3), today=13, phase=phase)
    [alert] = fired("behavioural_therapy", patient)
    assert len(alert.actions) == actions
    if actions:
        assert alert.actions[0].label.en == "Hold my dose here"
        assert alert.actions[0].params["event"]["kind"] == "effective_dose"


def test_craving_gone_with_drinking_high_asks_about_therapy_not_the_effective_dose():
    patient = state(two_weeks([2] * 14, 3), today=13, phase=Phase.TITRATION)
    assert fired("effective_dose", patient) == []
    assert len(fired("behavioural_therapy", patient)) == 1


@pytest.mark.parametrize(
    ("prescriber", "expected"),
    [
        pytest.param("Dr Anne M.", "Ask your prescriber (Dr Anne M.)", id="linked"),
        pytest.param(None, "Ask your doctor", id="none"),
    ],
)
def test_therapy_names_the_prescriber_only_when_linked(prescriber, expected):
    patient = state(two_weeks([2] * 14, 3), today=13, prescriber=prescriber)
    [alert] = fired("behavioural_therapy", patient)
    assert expected in alert.patient_message.en
