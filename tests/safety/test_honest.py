"""Honest messages: without a linked prescriber no alert promises or sends the patient to one;
with one, the name appears wherever the patient is told to contact them."""

import dataclasses

import pytest

from baclo.journal import HealthEvent
from baclo.safety import Phase, evaluate
from baclo.safety.medications import DeclaredMedication
from tests.safety.make import entry, state

ANNE = "Dr Anne M."


def busy_patient(prescriber):
    """A state that fires most rules at once: urgent effects, a missed day, a dose above the
    plan and the ceiling, heavy drinking, sedatives, kidneys, sleepiness, unknown medicine."""
    sick = dataclasses.replace(
        entry(5, dose=200, alcohol=9, effects={"nausea": 3}),
        health_events=(HealthEvent.VOMITING,),
    )
    entries = [
        *(entry(n, dose=150, craving=1) for n in range(5)),
        sick,
        dataclasses.replace(
            entry(
                6,
                effects={
                    "dark_thoughts": 1,
                    "confusion": 1,
                    "agitation_euphoria": 1,
                    "sleep_attacks": 1,
                },
            ),
            health_events=(HealthEvent.DIARRHOEA, HealthEvent.NEW_NSAID),
        ),
    ]
    return state(
        entries,
        plan=dict.fromkeys(range(7), 150),
        ceiling_mg=150,
        phase=Phase.TITRATION,
        crcl_ml_min=25,
        medications=[DeclaredMedication(name="Lyrica"), DeclaredMedication(name="Tisane X")],
        ess_answers=[3, 3, 3, 3, 0, 0, 0, 2],
        prescriber=prescriber,
        today=7,
    )


def patient_texts(alert):
    return (alert.patient_message, alert.advice)


def test_the_busy_patient_fires_many_rules():
    rules = {a.rule for a in evaluate(busy_patient(None))}
    assert len(rules) >= 12, rules


@pytest.mark.parametrize("alert", evaluate(busy_patient(None)), ids=lambda a: a.rule)
def test_without_a_linked_prescriber_no_message_mentions_one(alert):
    for text in patient_texts(alert):
        assert "your prescriber" not in text.en.lower()
        assert "votre prescripteur" not in text.fr.lower()


@pytest.mark.parametrize("alert", evaluate(busy_patient(ANNE)), ids=lambda a: a.rule)
def test_with_a_linked_prescriber_every_mention_names_them(alert):
    for text in patient_texts(alert):
        mentions = text.en.lower().count("your prescriber")
        assert text.en.count(f"prescriber ({ANNE})") == mentions
