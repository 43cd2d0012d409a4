"""Late intakes against the plan: an intake at least 2 h after its planned time and closer to the
next planned intake than to its own time, while that next one is still to come (boundaries, the
scenarios' numbers, honest messages)."""

import datetime as dt

import pytest

from baclo.journal import Intake, JournalEntry
from baclo.safety import Severity
from baclo.safety.late import find_late_intake, late_estimate
from tests.safety.make import day, fired, state

TODAY = 6
SPLIT = tuple(dt.time.fromisoformat(t) for t in ("08:00", "13:00", "19:00"))


def _intake(planned: str, taken: str | None = None, mg: float = 50) -> Intake:
    return Intake(
        time=dt.time.fromisoformat(taken or planned),
        dose_mg=mg,
        planned=dt.time.fromisoformat(planned),
    )


def _today(*intakes: Intake, skipped=(), on=TODAY, **fields):
    entry = JournalEntry(
        date=day(on), intakes=intakes, skipped=tuple(dt.time.fromisoformat(t) for t in skipped)
    )
    fields.setdefault("usual_intake_times", SPLIT)
    return state([entry], today=TODAY, plan={TODAY: 150, TODAY - 1: 150}, **fields)


def late_afternoon(**fields):
    """150 mg/day at 8, 13 and 19 h; the 13 h intake taken at 17:10, 19 h still to come."""
    return _today(_intake("08:00"), _intake("13:00", "17:10"), **fields)


@pytest.mark.parametrize(
    ("afternoon", "expected"),
    [
        pytest.param("16:01", 1, id="3h01-late-2h59-before-the-next-fires"),
        pytest.param("16:00", 0, id="halfway-does-not-fire"),
        pytest.param("15:00", 0, id="2h-late-but-nearer-its-own-time"),
        pytest.param("18:59", 1, id="a-minute-before-the-next"),
        pytest.param("19:00", 0, id="at-the-next-time-is-outside-the-rule"),
        pytest.param("13:00", 0, id="on-time"),
    ],
)
def test_late_intake_boundaries(afternoon, expected):
    patient = _today(_intake("08:00"), _intake("13:00", afternoon))
    assert len(fired("late_intake", patient)) == expected


@pytest.mark.parametrize(
    ("split", "taken", "expected"),
    [
        pytest.param(("13:00", "14:30"), "14:15", 0, id="under-2h-late-never-fires"),
        pytest.param(("13:00", "15:30"), "15:01", 1, id="2h01-late-29-min-before-fires"),
    ],
)
def test_late_means_at_least_2_hours(split, taken, expected):
    times = tuple(dt.time.fromisoformat(t) for t in split)
    patient = _today(_intake("13:00", taken), usual_intake_times=times)
    assert len(fired("late_intake", patient)) == expected


@pytest.mark.parametrize(
    ("build", "why"),
    [
        pytest.param(
            lambda: _today(_intake("13:00", "17:00"), _intake("19:00")), "next-already-ticked"
        ),
        pytest.param(lambda: _today(_intake("13:00", "17:00"), skipped=("19:00",)), "next-skipped"),
        pytest.param(
            lambda: _today(_intake("19:00", "23:30")), "the-last-intake-has-no-next-today"
        ),
        pytest.param(
            lambda: _today(Intake(time=dt.time(17), dose_mg=50)), "not-answering-a-planned-one"
        ),
        pytest.param(lambda: _today(_intake("13:00", "17:00"), on=TODAY - 1), "yesterday"),
        pytest.param(
            lambda: _today(_intake("13:00", "17:00"), usual_intake_times=()), "no-split-known"
        ),
        pytest.param(lambda: state([], today=TODAY), "nothing-logged"),
    ],
)
def test_late_intake_does_not_fire(build, why):
    assert fired("late_intake", build()) == [], why


def test_the_message_says_not_to_double_and_what_the_level_will_do():
    [alert] = fired("late_intake", late_afternoon())
    assert alert.severity is Severity.WARNING
    assert alert.key == "late_intake:2026-03-08:13:00"
    assert "taken at 17:10, 4 h 10 late" in alert.patient_message.en
    assert "Take your next intake at 19:00 as planned and never double it" in (
        alert.patient_message.en
    )
    assert "if the next intake were doubled" in alert.patient_message.en
    assert "ne la doublez jamais" in alert.patient_message.fr
    assert "if shifted by the same delay" in alert.prescriber_message.en
    assert "respiration lente" in alert.advice.fr


def test_doubling_the_next_intake_after_a_late_one_raises_the_level_most():
    patient = late_afternoon()
    late = find_late_intake(patient)
    assert late is not None
    estimate = late_estimate(patient, late)
    assert estimate is not None
    assert estimate.as_planned > 1.0  # two intakes close together peak above the usual day
    assert estimate.doubled > estimate.as_planned + 0.3
    assert estimate.shifted < estimate.as_planned


def test_weaker_kidneys_raise_the_level_and_are_named():
    typical, weak = late_afternoon(), late_afternoon(crcl_ml_min=30.0)
    [alert] = fired("late_intake", weak)
    assert "creatinine clearance 30 mL/min" in alert.patient_message.en
    assert "ClCr 30 mL/min" in alert.prescriber_message.fr
    late = find_late_intake(weak)
    assert late is not None
    typical_estimate, weak_estimate = late_estimate(typical, late), late_estimate(weak, late)
    assert typical_estimate is not None
    assert weak_estimate is not None
    assert weak_estimate.crcl_ml_min == 30.0
    assert typical_estimate.crcl_ml_min is None


@pytest.mark.parametrize(
    ("prescriber", "expected"),
    [
        pytest.param("Dr Anne M.", "Your prescriber (Dr Anne M.) will see", id="linked"),
        pytest.param(None, "nobody is notified", id="none"),
    ],
)
def test_the_late_message_names_the_prescriber_only_when_one_is_linked(prescriber, expected):
    patient = _today(_intake("13:00", "17:10"), prescriber=prescriber)
    [alert] = fired("late_intake", patient)
    assert expected in alert.patient_message.en
    if prescriber is None:
        assert "your prescriber" not in alert.patient_message.en.lower()


def test_without_a_planned_dose_the_message_goes_without_the_estimate():
    entry = JournalEntry(date=day(TODAY), intakes=(_intake("13:00", "17:10"),))
    patient = state([entry], today=TODAY, usual_intake_times=SPLIT)
    [alert] = fired("late_intake", patient)
    assert "The model" not in alert.patient_message.en
