"""Withdrawal risk: 2+ logged days without intakes above 30 mg/day; reductions faster than
15 mg per 2 days (ANSM 2017)."""

import pytest

from baclo.safety import Severity
from tests.safety.make import entry, fired, state


def course(doses, *, today=None):
    """Entries with the given daily doses from day 0; ``None`` = day not logged."""
    entries = [entry(n, dose=d, craving=3) for n, d in enumerate(doses) if d is not None]
    return state(entries, today=len(doses) - 1 if today is None else today)


@pytest.mark.parametrize(
    ("doses", "expected"),
    [
        pytest.param([40, 40, 40, 0, 0], 1, id="2-days-after-40"),
        pytest.param([30, 30, 30, 0, 0], 0, id="2-days-after-30-not-above"),
        pytest.param([40, 40, 40, 40, 0], 0, id="1-day"),
        pytest.param([40, 40, 0, None, 0], 1, id="unlogged-day-inside-the-run"),
        pytest.param([40, 40, 40, None, None], 0, id="unlogged-days-are-unknown"),
        pytest.param([40, 0, 0, 40, 40], 0, id="resumed"),
        pytest.param([None, None, None, 0, 0], 0, id="no-known-dose"),
    ],
)
def test_missed_intakes_boundaries(doses, expected):
    assert len(fired("missed_intakes", course(doses))) == expected


def test_missed_intakes_alert_names_the_days_and_the_dose():
    [alert] = fired("missed_intakes", course([120, 120, 0, 0, 0]))
    assert alert.severity is Severity.WARNING
    assert "3 days" in alert.patient_message.en
    assert "120 mg/day" in alert.patient_message.en
    assert "sevrage" in alert.patient_message.fr
    assert "full dose" in alert.advice.en
    assert alert.key == "missed_intakes:2026-03-04"


@pytest.mark.parametrize(
    ("today", "expected"), [(6, 1), (7, 0)], ids=["run-ended-2-days-ago", "run-ended-3-days-ago"]
)
def test_missed_intakes_only_while_current(today, expected):
    patient = course([60, 60, 60, 0, 0], today=today)
    assert len(fired("missed_intakes", patient)) == expected


def test_the_planned_dose_counts_when_no_dose_was_logged_before():
    entries = [entry(3), entry(4)]
    patient = state(entries, today=4, plan={3: 50, 4: 50})
    assert len(fired("missed_intakes", patient)) == 1


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
