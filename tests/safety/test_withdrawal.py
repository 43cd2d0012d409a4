"""Withdrawal risk: a logged day without intakes at a planned 30 mg/day or more (against the
plan, with the model's remaining level and the restart rule); reductions faster than 15 mg per 2
days (ANSM 2017), partly logged days excepted."""

import datetime as dt

import pytest

from baclo.safety import Severity
from baclo.safety.withdrawal import (
    MissedRun,
    find_missed_run,
    remaining_fraction,
    restart_estimate,
)
from tests.safety.make import entry, fired, state


def course(doses, *, today=None, plan=None, **fields):
    """Entries with the given daily doses from day 0 (``None`` = day not logged); today is the
    day after the last one, so that every given day is over."""
    entries = [entry(n, dose=d, craving=3) for n, d in enumerate(doses) if d is not None]
    today = len(doses) if today is None else today
    return state(entries, today=today, plan=plan or {}, **fields)


def planned(mg, days=5):
    return dict.fromkeys(range(days), mg)


@pytest.mark.parametrize(
    ("doses", "plan", "expected"),
    [
        pytest.param([30, 30, 30, 30, 0], planned(30), 1, id="1-day-at-30-planned"),
        pytest.param([25, 25, 25, 25, 0], planned(25), 0, id="1-day-at-25-planned"),
        pytest.param([150, 150, 150, 150, 0], planned(150), 1, id="1-day-at-150"),
        pytest.param([40, 40, 40, 40, 0], {}, 1, id="no-plan-uses-the-latest-logged-dose"),
        pytest.param([20, 20, 20, 20, 0], planned(40), 1, id="against-the-plan-not-the-log"),
        pytest.param([40, 40, 40, 40, 0], planned(20), 0, id="plan-below-30"),
        pytest.param([40, 40, 0, None, 0], planned(40), 1, id="unlogged-day-inside-the-run"),
        pytest.param([40, 40, 40, None, None], planned(40), 0, id="unlogged-days-are-unknown"),
        pytest.param([40, 0, 0, 40, 40], planned(40), 0, id="resumed"),
        pytest.param([None, None, None, 0, 0], {}, 0, id="no-known-dose"),
        pytest.param([None, None, None, None, None], planned(150), 0, id="nothing-logged"),
    ],
)
def test_missed_intakes_boundaries(doses, plan, expected):
    assert len(fired("missed_intakes", course(doses, plan=plan))) == expected


def test_one_missed_day_says_how_much_is_left_and_not_to_double():
    [alert] = fired("missed_intakes", course([150, 150, 150, 150, 0], plan=planned(150)))
    assert alert.severity is Severity.WARNING
    assert "planned at 150 mg/day" in alert.patient_message.en
    assert "of your usual level is left" in alert.patient_message.en
    assert "double" in alert.patient_message.en
    assert "double dose" in alert.prescriber_message.en
    assert "convulsions" in alert.advice.fr
    assert alert.key == "missed_intakes:2026-03-06"


def test_today_is_not_over_so_a_morning_entry_without_intakes_is_not_missed():
    patient = course([150, 150, 150, 150, 0], today=4, plan=planned(150))
    assert fired("missed_intakes", patient) == []


def test_two_missed_days_say_to_restart_lower_and_climb_again():
    [alert] = fired("missed_intakes", course([120, 120, 0, 0, 0], plan=planned(120)))
    assert "3 day(s)" in alert.patient_message.en
    assert "Do not restart at your full dose" in alert.patient_message.en
    assert "+10 mg every 3 to 4 days" in alert.prescriber_message.en
    assert "Ne reprenez pas votre dose complète" in alert.patient_message.fr
    assert alert.key == "missed_intakes:2026-03-04"


@pytest.mark.parametrize(
    ("prescriber", "expected_en", "expected_fr"),
    [
        pytest.param("Dr Anne M.", "(Dr Anne M.) today", "(Dr Anne M.) aujourd'hui", id="linked"),
        pytest.param(None, "Call your doctor today, or 15", "Appelez votre médecin", id="none"),
    ],
)
def test_the_message_names_the_prescriber_only_when_one_is_linked(
    prescriber, expected_en, expected_fr
):
    patient = course([120, 120, 0, 0, 0], plan=planned(120), prescriber=prescriber)
    [alert] = fired("missed_intakes", patient)
    assert expected_en in alert.patient_message.en
    assert expected_fr in alert.patient_message.fr
    if prescriber is None:
        assert "prescriber" not in alert.patient_message.en


@pytest.mark.parametrize(
    ("today", "expected"), [(6, 1), (7, 0)], ids=["run-ended-2-days-ago", "run-ended-3-days-ago"]
)
def test_missed_intakes_only_while_current(today, expected):
    patient = course([60, 60, 60, 0, 0], today=today, plan=planned(60, 8))
    assert len(fired("missed_intakes", patient)) == expected


def test_the_planned_dose_counts_when_no_dose_was_logged_before():
    entries = [entry(3), entry(4)]
    patient = state(entries, today=4, plan={3: 50, 4: 50})
    assert len(fired("missed_intakes", patient)) == 1


@pytest.mark.parametrize(
    ("days_missed", "low", "high"),
    [
        pytest.param(1, 0.0, 0.10, id="1-day-leaves-under-10-percent"),
        pytest.param(2, 0.0, 0.01, id="2-days-leave-under-1-percent"),
    ],
)
def test_the_remaining_fraction_falls_with_a_4_hour_half_life(days_missed, low, high):
    doses = [150] * 4 + [0] * days_missed
    patient = course(doses, plan=planned(150, len(doses)))
    run = find_missed_run(patient)
    assert run is not None
    assert run.days == days_missed
    assert low <= remaining_fraction(patient, run) < high


def test_the_remaining_fraction_never_exceeds_one():
    patient = course([150, 150, 150, 150, 0], plan=planned(150))
    run = find_missed_run(patient)
    assert run is not None
    same_day = MissedRun(dates=run.dates, usual_mg=1e-3)
    assert remaining_fraction(patient, same_day) == 1.0


def _estimate(crcl=None, doses=(150, 150, 150, 150, 0)):
    patient = course(list(doses), plan=planned(150, len(doses)), crcl_ml_min=crcl)
    run = find_missed_run(patient)
    assert run is not None
    estimate = restart_estimate(patient, run)
    assert estimate is not None
    return estimate


def test_weaker_kidneys_leave_more_of_the_usual_level():
    typical, weak = _estimate(), _estimate(crcl=30.0)
    assert weak.remaining > 3 * typical.remaining
    assert weak.crcl_ml_min == 30.0


def test_a_double_first_intake_after_a_missed_day_peaks_above_the_usual_day():
    assert 1.5 < _estimate().doubled_peak < 2.0


@pytest.mark.parametrize(
    ("crcl", "patient_en", "prescriber_fr"),
    [
        pytest.param(None, "from the intakes you logged.", "(prises notées)", id="typical"),
        pytest.param(
            40.0,
            "declared kidney function (creatinine clearance 40 mL/min)",
            "(prises notées, ClCr 40 mL/min)",
            id="declared-clearance",
        ),
    ],
)
def test_both_messages_give_the_level_left_at_the_patients_kidney_function(
    crcl, patient_en, prescriber_fr
):
    patient = course([150, 150, 150, 150, 0], plan=planned(150), crcl_ml_min=crcl)
    [alert] = fired("missed_intakes", patient)
    assert patient_en in alert.patient_message.en
    assert "of the usual level left" in alert.prescriber_message.en
    assert prescriber_fr in alert.prescriber_message.fr


@pytest.mark.parametrize(
    ("doses", "doubled", "caution"),
    [
        pytest.param([120] * 4 + [0], True, False, id="1-day-says-what-doubling-does"),
        pytest.param([120] * 3 + [0, 0], False, True, id="2-days-say-why-restart-lower"),
    ],
)
def test_the_restart_advice_at_the_2_day_boundary(doses, doubled, caution):
    [alert] = fired("missed_intakes", course(doses, plan=planned(120)))
    message = alert.patient_message
    assert ("A double first intake would take your level" in message.en) is doubled
    assert ("Une première prise doublée" in message.fr) is doubled
    assert ("no published rule gives the number of days" in message.en) is caution
    assert ("aucune règle publiée ne donne ce nombre de jours" in message.fr) is caution
    assert ("Do not restart at your full dose" in message.en) is caution


@pytest.mark.parametrize(
    ("doses", "expected"),
    [
        pytest.param([100, 85], 0, id="minus-15-in-1-day"),
        pytest.param([100, 84], 1, id="minus-16-in-1-day"),
        pytest.param([100, 92, 84], 1, id="minus-16-in-2-days"),
        pytest.param([100, 90, 85], 0, id="minus-15-in-2-days"),
        pytest.param([100, None, 84], 1, id="minus-16-with-a-day-unlogged"),
        pytest.param([100, None, None, 80], 0, id="3-days-apart"),
        pytest.param([100, 0, 0], 0, id="no-intakes-is-not-a-reduction"),
        pytest.param([80, 100], 0, id="increase"),
    ],
)
def test_fast_reduction_boundaries(doses, expected):
    assert len(fired("fast_reduction", course(doses))) == expected


def test_fast_reduction_message_gives_both_doses():
    [alert] = fired("fast_reduction", course([150, 150, 120]))
    assert "from 150 to 120 mg/day" in alert.patient_message.en
    assert "de 150 à 120 mg/jour" in alert.patient_message.fr


def test_an_old_reduction_is_not_reported():
    doses = [100, 60] + [60] * 8
    assert fired("fast_reduction", course(doses)) == []


@pytest.mark.parametrize(
    ("intakes", "expected"),
    [
        pytest.param(("08:00", "12:00", "19:00"), 1, id="all-3-intakes-smaller-is-a-reduction"),
        pytest.param(("08:00", "19:00"), 0, id="one-intake-not-ticked-is-partly-logged"),
    ],
)
def test_a_partly_logged_day_is_not_a_reduction(intakes, expected):
    times = ("08:00", "12:00", "19:00")
    entries = [entry(n, dose=150, times=times) for n in range(4)]
    entries.append(entry(4, dose=100, times=intakes))
    patient = state(entries, today=4, plan=planned(150))
    assert len(fired("fast_reduction", patient)) == expected


def test_the_split_says_how_many_intakes_a_full_day_has():
    entries = [entry(n, dose=150, times=("08:00", "19:00")) for n in range(5)]
    entries[-1] = entry(4, dose=75, times=("08:00",))
    usual = tuple(dt.time.fromisoformat(t) for t in ("08:00", "12:00", "19:00"))
    patient = state(entries, today=4, plan=planned(150), usual_intake_times=usual)
    assert fired("fast_reduction", patient) == []
