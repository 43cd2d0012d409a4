"""Craving gone (<= 2/10 on 5 of 7 days), whatever the drinking: the patient confirms in one tap,
the plan's effective-dose event holds the titration and the phase becomes maintenance."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from baclo.web.care.services import plan_payload
from baclo.web.safety import services
from baclo.web.safety.models import Alert

from .conftest import TODAY, entry, save

WEEK = [TODAY - dt.timedelta(days=n) for n in range(6, -1, -1)]


def quiet_week(patient, wine: int) -> None:
    for day in WEEK:
        save(patient, entry(craving={"intensity": 1}, drinks=[{"kind": "wine"}] * wine), day)


@pytest.mark.parametrize(
    ("wine", "rule", "label"),
    [
        pytest.param(0, "effective_dose", "Oui : rester à cette dose", id="drinking-within"),
        pytest.param(3, "behavioural_therapy", "Garder ma dose ici", id="drinking-above"),
    ],
)
def test_confirming_sets_the_effective_dose_event_and_holds_the_climb(
    patient, patient_client, plan, wine, rule, label
):
    quiet_week(patient, wine)
    alert = Alert.objects.get(patient=patient, rule=rule)
    assert alert.actions[0]["label"]["fr"] == label
    patient_client.post(reverse("safety:apply", args=[alert.pk, 0]))
    plan.refresh_from_db()
    assert plan.events == [{"kind": "effective_dose", "date": TODAY.isoformat()}]
    days = {d["date"]: d["dose_mg"] for d in plan_payload(plan, TODAY)["days"]}
    later = (TODAY + dt.timedelta(days=9)).isoformat()
    assert days[later] == days[TODAY.isoformat()], "the climb stops at today's dose"
    assert services.build_state(patient, TODAY).phase.value == "maintenance"


def test_drinking_above_the_guideline_gives_the_psycho_social_resources(patient, plan):
    quiet_week(patient, 3)
    alert = Alert.objects.get(patient=patient, rule="behavioural_therapy")
    assert "0 980 980 930" in alert.patient_message["fr"]
    assert not Alert.objects.filter(patient=patient, rule="effective_dose").exists()
