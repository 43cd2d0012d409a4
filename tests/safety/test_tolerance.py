"""Severe side effect during titration (hold / step back), and the fractionated-split advice."""

import datetime as dt

import pytest

from baclo.protocols.plan import EventKind, PlanEvent
from baclo.protocols.split import SplitRequest, split_daily_dose
from baclo.protocols.tablets import TabletSet
from baclo.safety import ActionType, Phase, Severity, SplitMode
from tests.safety.make import day, entry, fired, state


def titrating(entries, **fields):
    return state(entries, phase=Phase.TITRATION, **fields)


# Two steps so far: 30 mg/day on days 0-2, 50 mg/day from day 3.
CLIMBING = {n: 30 if n < 3 else 50 for n in range(7)}


def test_a_severe_side_effect_during_titration_proposes_hold_or_step_back():
    [alert] = fired(
        "severe_side_effect",
        titrating([entry(6, effects={"dizziness": 3})], plan=CLIMBING),
    )
    assert alert.severity is Severity.WARNING
    assert "dizziness" in alert.patient_message.en
    assert "vertiges" in alert.patient_message.fr
    hold, back = alert.actions
    assert hold.type is ActionType.PLAN_EVENT
    assert PlanEvent.from_dict(hold.params["event"]) == PlanEvent(
        kind=EventKind.HOLD, on=day(6), days=3
    )
    assert PlanEvent.from_dict(back.params["event"]) == PlanEvent(
        kind=EventKind.STEP_BACK, on=day(6)
    )
    assert alert.to_dict()["actions"][0] == {
        "type": "plan_event",
        "event": {"kind": "hold", "date": "2026-03-08", "days": 3},
        "label": {
            "en": "Stay on this step 3 more days",
            "fr": "Rester sur ce palier 3 jours de plus",
        },
    }


@pytest.mark.parametrize(
    "plan",
    [
        pytest.param(dict.fromkeys(range(7), 30), id="first-step"),
        pytest.param({}, id="no-plan"),
    ],
)
def test_no_step_back_is_offered_when_there_is_no_lower_step(plan):
    [alert] = fired(
        "severe_side_effect",
        titrating([entry(6, effects={"dizziness": 3})], plan=plan),
    )
    assert [a.params["event"]["kind"] for a in alert.actions] == ["hold"]


@pytest.mark.parametrize(
    ("severity", "logged_on", "phase", "expected"),
    [
        pytest.param(3, 6, Phase.TITRATION, 1, id="severe-today"),
        pytest.param(2, 6, Phase.TITRATION, 0, id="moderate"),
        pytest.param(3, 4, Phase.TITRATION, 1, id="2-days-ago"),
        pytest.param(3, 3, Phase.TITRATION, 0, id="3-days-ago"),
        pytest.param(3, 6, Phase.MAINTENANCE, 0, id="not-titrating"),
        pytest.param(3, 6, Phase.UNKNOWN, 0, id="phase-unknown"),
    ],
)
def test_severe_side_effect_boundaries(severity, logged_on, phase, expected):
    patient = state([entry(logged_on, effects={"fatigue": severity})], phase=phase)
    assert len(fired("severe_side_effect", patient)) == expected


def test_fractionation_is_proposed_after_3_of_5_days_at_severity_2():
    entries = [entry(n, effects={"somnolence": 2}) for n in (2, 4, 6)]
    [alert] = fired("fractionate_split", state(entries, plan={6: 90}))
    assert alert.severity is Severity.INFO
    [action] = alert.actions
    assert action.to_dict()["type"] == "split"
    assert action.params == {"mode": "fractionated", "daily_mg": 90.0}
    assert "90 mg/day" in alert.patient_message.en


@pytest.mark.parametrize(
    ("days", "severity", "mode", "expected"),
    [
        pytest.param((4, 5, 6), 2, None, 1, id="3-of-5"),
        pytest.param((5, 6), 2, None, 0, id="2-of-5"),
        pytest.param((1, 5, 6), 2, None, 0, id="one-day-6-days-ago"),
        pytest.param((2, 3, 4), 1, None, 0, id="mild-only"),
        pytest.param((4, 5, 6), 3, SplitMode.TARGETED, 1, id="targeted-split"),
        pytest.param((4, 5, 6), 3, SplitMode.FRACTIONATED, 0, id="already-fractionated"),
    ],
)
def test_fractionation_boundaries(days, severity, mode, expected):
    entries = [entry(n, effects={"insomnia": severity}) for n in days]
    assert len(fired("fractionate_split", state(entries, split_mode=mode))) == expected


def test_fractionation_without_a_known_dose_proposes_the_split_without_a_dose():
    entries = [entry(n, effects={"nausea": 2}) for n in (4, 5, 6)]
    [alert] = fired("fractionate_split", state(entries))
    assert alert.actions[0].params == {"mode": "fractionated"}


def test_fractionation_uses_the_latest_logged_dose_when_no_plan():
    entries = [entry(n, dose=60, effects={"nausea": 2}) for n in (4, 5, 6)]
    [alert] = fired("fractionate_split", state(entries))
    assert alert.actions[0].params["daily_mg"] == 60


def test_with_a_targeted_onset_the_action_carries_both_splits_peaks():
    # Peaks from baclo.protocols.split for the same 90 mg/day: spreading it must lower the peak.
    entries = [entry(n, effects={"nausea": 2}) for n in (4, 5, 6)]
    patient = state(entries, plan={6: 90}, targeted_onset=dt.time(18))
    [alert] = fired("fractionate_split", patient)
    peaks = alert.actions[0].params["peaks_mg_l"]
    assert peaks["fractionated"] < peaks["targeted"]
    assert f"{peaks['fractionated'] * 1000:.0f} ng/mL fractionated" in alert.patient_message.en


def test_a_dose_the_split_refuses_leaves_the_peaks_out_without_failing():
    # 52 mg is not made of 5 mg half tablets: the split refuses it, the advice stays.
    entries = [entry(n, effects={"nausea": 2}) for n in (4, 5, 6)]
    patient = state(entries, plan={6: 52}, targeted_onset=dt.time(18))
    [alert] = fired("fractionate_split", patient)
    assert alert.actions[0].params == {"mode": "fractionated", "daily_mg": 52.0}


def test_the_peaks_compared_are_those_of_splits_made_of_the_patients_tablets():
    # Whole 40 mg tablets split 120 mg/day into 40 mg intakes; 10 mg tablets would not.
    tablets = TabletSet(strengths_mg=(40,), scored=False)
    entries = [entry(n, effects={"nausea": 2}) for n in (4, 5, 6)]
    patient = state(entries, plan={6: 120}, targeted_onset=dt.time(18), tablets=tablets)
    [alert] = fired("fractionate_split", patient)
    expected = {
        mode.value: round(
            split_daily_dose(
                SplitRequest(daily_mg=120, craving=dt.time(18), mode=mode, tablets=tablets)
            ).metrics.peak_mg_l,
            3,
        )
        for mode in (SplitMode.TARGETED, SplitMode.FRACTIONATED)
    }
    assert alert.actions[0].params["peaks_mg_l"] == expected


@pytest.mark.parametrize(
    "changed",
    [{"crcl_ml_min": 30.0}, {"targeted_onset": dt.time(14)}, {"plan": {6: 60}}],
    ids=["clearance", "onset", "dose"],
)
def test_the_peaks_follow_any_change_of_the_split_inputs_between_two_saves(changed):
    # The split's peaks are kept per process: a changed input must give that input's peaks.
    entries = [entry(n, effects={"nausea": 2}) for n in (4, 5, 6)]
    inputs = {"plan": {6: 90}, "targeted_onset": dt.time(18)}
    first = fired("fractionate_split", state(entries, **inputs))[0].actions[0].params
    after = {**inputs, **changed}
    second = fired("fractionate_split", state(entries, **after))[0].actions[0].params
    expected = {
        mode.value: round(
            split_daily_dose(
                SplitRequest(
                    daily_mg=after["plan"][6],
                    craving=after["targeted_onset"],
                    mode=mode,
                    crcl_ml_min=after.get("crcl_ml_min"),
                )
            ).metrics.peak_mg_l,
            3,
        )
        for mode in (SplitMode.TARGETED, SplitMode.FRACTIONATED)
    }
    assert second["peaks_mg_l"] == expected != first["peaks_mg_l"]
