"""Acute kidney risk: 2+ days of vomiting, diarrhoea or dehydration above 60 mg/day, or a new NSAID
or diuretic (journal or health profile), warn with the intoxication signs and 'call a doctor'."""

import dataclasses

import pytest

from baclo.journal import HealthEvent
from baclo.safety import Severity
from baclo.safety.medications import DeclaredMedication
from tests.safety.make import day, entry, fired, state


def sick(n, dose, *events):
    return dataclasses.replace(entry(n, dose=dose), health_events=tuple(events))


V, D, DRY = HealthEvent.VOMITING, HealthEvent.DIARRHOEA, HealthEvent.DEHYDRATION


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        pytest.param([sick(5, 80, V), sick(6, 80, D)], 1, id="2-days-at-80"),
        pytest.param([sick(6, 80, V, D)], 0, id="1-day-at-80"),
        pytest.param([sick(5, 60, V), sick(6, 60, V)], 0, id="2-days-at-60"),
        pytest.param([sick(5, 61, V), sick(6, 61, V)], 1, id="2-days-at-61"),
        pytest.param([sick(3, 90, DRY), sick(6, 90, D)], 1, id="gap-between-days"),
        pytest.param([sick(3, 90, DRY), entry(4, dose=90)], 0, id="no-second-day"),
        pytest.param([sick(6, 20, HealthEvent.NEW_NSAID)], 1, id="new-nsaid-any-dose"),
        pytest.param([sick(6, 20, HealthEvent.NEW_DIURETIC)], 1, id="new-diuretic"),
        pytest.param([sick(6, 0, HealthEvent.NEW_NSAID)], 0, id="not-on-baclofen"),
    ],
)
def test_kidney_risk_boundaries(entries, expected):
    alerts = fired("kidney_risk", state(entries))
    assert len(alerts) == expected
    if alerts:
        assert alerts[0].severity is Severity.WARNING
        assert "slow breathing" in alerts[0].advice.en
        assert "respiration lente" in alerts[0].advice.fr


@pytest.mark.parametrize(
    ("declared_on", "expected"),
    [pytest.param(-7, 1, id="13-days-ago"), pytest.param(-8, 0, id="14-days-ago")],
)
def test_a_new_nsaid_declared_in_the_health_profile_counts_for_two_weeks(declared_on, expected):
    medicine = DeclaredMedication(name="Advil", since=day(declared_on))
    patient = state([entry(6, dose=40)], medications=[medicine])
    alerts = fired("kidney_risk", patient)
    assert len(alerts) == expected
    if alerts:
        assert "Advil" in alerts[0].patient_message.en


@pytest.mark.parametrize(
    ("prescriber", "expected_en", "expected_fr"),
    [
        pytest.param(
            "Dr Anne M.", "Contact your prescriber (Dr Anne M.)", "Contactez votre", id="linked"
        ),
        pytest.param(None, "Call your doctor today, or 15", "Appelez votre médecin", id="none"),
    ],
)
def test_kidney_risk_says_whom_to_call(prescriber, expected_en, expected_fr):
    patient = state([sick(5, 80, V), sick(6, 80, V)], prescriber=prescriber)
    [alert] = fired("kidney_risk", patient)
    assert expected_en in alert.patient_message.en
    assert expected_fr in alert.patient_message.fr


def test_missing_days_and_no_events_raise_nothing():
    assert fired("kidney_risk", state([entry(0, dose=150), entry(6, dose=150)])) == []
