"""evaluate(): the order of alerts, the JSON shape, the rule registry, and robustness on random
partial states (hypothesis): missing or odd data never raises."""

import datetime as dt
import json
import pathlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baclo.alcohol import Drink, DrinkKind
from baclo.journal import (
    Craving,
    HealthEvent,
    Intake,
    JournalEntry,
    SideEffect,
    SideEffectKind,
)
from baclo.questionnaires import Sex
from baclo.safety import (
    RULES,
    CoMedication,
    PatientState,
    Phase,
    Severity,
    SplitMode,
    evaluate,
)
from baclo.safety.medications import MEDICATION_NAMES, DeclaredMedication
from tests.safety.make import day, entry, state

DOCS = pathlib.Path(__file__).resolve().parents[2] / "docs" / "safety.md"


def test_an_empty_state_raises_nothing_and_alerts_nothing():
    assert evaluate(PatientState(today=day(0))) == []


def test_alerts_come_urgent_first_then_warning_then_info():
    patient = state(
        [entry(6, dose=100, effects={"fatigue": 3, "sleep_attacks": 1})],
        phase=Phase.TITRATION,
        plan={6: 100},
        ceiling_mg=150,
        crcl_ml_min=50,
    )
    alerts = evaluate(patient)
    assert [a.rule for a in alerts] == [
        "sleep_attacks",
        "severe_side_effect",
        "dose_tier",
        "renal_function",
    ]
    ranks = [a.severity.rank for a in alerts]
    assert ranks == sorted(ranks)


def test_every_alert_serialises_to_json_with_both_languages():
    patient = state(
        [entry(n, dose=100, craving=1, effects={"dark_thoughts": 1}) for n in range(7)],
        phase=Phase.TITRATION,
        co_medications={CoMedication.BENZODIAZEPINES},
    )
    bodies = [json.loads(json.dumps(a.to_dict(), ensure_ascii=False)) for a in evaluate(patient)]
    assert len(bodies) >= 4
    texts = ("title", "patient_message", "prescriber_message", "advice")
    untranslated = [
        (b["rule"], key, lang)
        for b in bodies
        for key in texts
        for lang in ("en", "fr")
        if not b[key][lang]
    ]
    assert untranslated == []
    assert {b["severity"] for b in bodies} <= {"urgent", "warning", "info"}
    assert all(b["key"].startswith(b["rule"] + ":") for b in bodies)


def test_rule_ids_are_unique_and_documented():
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))
    text = DOCS.read_text(encoding="utf-8")
    missing = [rule_id for rule_id in ids if f"`{rule_id}`" not in text]
    assert missing == []


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_every_rule_has_titles_trigger_and_source(rule):
    assert rule.title.en
    assert rule.title.fr
    assert rule.trigger
    assert rule.source
    assert isinstance(rule.severity, Severity)


def test_two_entries_on_one_date_are_a_caller_bug():
    with pytest.raises(ValueError, match="two journal entries on 2026-03-02"):
        PatientState(today=day(1), entries=[entry(0), entry(0)])


TODAY = dt.date(2026, 3, 20)
times = st.integers(0, 24 * 60 - 1).map(lambda m: dt.time(m // 60, m % 60))
intakes = st.builds(
    Intake,
    time=times,
    dose_mg=st.floats(min_value=0.5, max_value=300, allow_nan=False),
    planned=st.none() | times,
)
drinks = st.builds(
    Drink,
    kind=st.sampled_from(DrinkKind),
    volume_ml=st.floats(min_value=1, max_value=5000, allow_nan=False),
    abv_percent=st.floats(min_value=0.5, max_value=100, allow_nan=False),
)
cravings = st.none() | st.builds(Craving, intensity=st.integers(0, 10), onset=st.none() | times)
effects = st.dictionaries(st.sampled_from(SideEffectKind), st.integers(0, 3), max_size=3).map(
    lambda d: tuple(SideEffect(kind=k, severity=s) for k, s in d.items())
)


RECENT_DAYS = st.sets(st.integers(-20, 2), max_size=12)


@st.composite
def entries(draw, days=RECENT_DAYS):
    """Journal entries on the drawn days (offsets from TODAY), some days left out."""
    return [
        JournalEntry(
            date=TODAY + dt.timedelta(days=o),
            intakes=tuple(draw(st.lists(intakes, max_size=3))),
            craving=draw(cravings),
            drinks=tuple(draw(st.lists(drinks, max_size=2))),
            side_effects=draw(effects),
            health_events=tuple(draw(st.sets(st.sampled_from(HealthEvent), max_size=3))),
        )
        for o in sorted(draw(days))
    ]


odd_floats = st.none() | st.floats(allow_nan=True, allow_infinity=True) | st.floats(0, 400)
states = st.builds(
    PatientState,
    today=st.just(TODAY),
    entries=entries(),
    plan_doses=st.dictionaries(
        st.integers(-25, 3).map(lambda o: TODAY + dt.timedelta(days=o)),
        st.floats(min_value=0, max_value=300),
        max_size=20,
    ),
    ceiling_mg=st.none() | st.floats(min_value=0, max_value=400),
    phase=st.sampled_from(Phase),
    co_medications=st.frozensets(st.sampled_from(CoMedication)),
    crcl_ml_min=odd_floats,
    phq9_item9=st.none() | st.integers(0, 3),
    phq9_on=st.none() | st.dates(TODAY - dt.timedelta(days=40), TODAY + dt.timedelta(days=5)),
    split_mode=st.none() | st.sampled_from(SplitMode),
    targeted_onset=st.none() | times,
    usual_intake_times=st.lists(times, max_size=4),
    sex=st.none() | st.sampled_from(Sex),
    prescriber=st.none() | st.just("Dr Anne M."),
    medications=st.lists(
        st.builds(
            DeclaredMedication,
            name=st.sampled_from(sorted(MEDICATION_NAMES)) | st.text(max_size=20),
            since=st.none() | st.dates(TODAY - dt.timedelta(days=30), TODAY + dt.timedelta(days=3)),
        ),
        max_size=4,
    ),
    ess_answers=st.none() | st.lists(st.integers(0, 3), min_size=0, max_size=9),
    ess_on=st.none() | st.dates(TODAY - dt.timedelta(days=40), TODAY + dt.timedelta(days=5)),
)


@settings(max_examples=100, deadline=None)
@given(states)
def test_random_partial_states_never_raise(patient):
    alerts = evaluate(patient)
    json.dumps([a.to_dict() for a in alerts])
    assert [a.severity.rank for a in alerts] == sorted(a.severity.rank for a in alerts)
    assert all(a.key.startswith(a.rule + ":") for a in alerts)
    assert all(d <= patient.today for a in alerts for d in a.dates if a.rule != "effective_dose")
