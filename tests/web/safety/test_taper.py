"""The safety rules see the web plan's taper: craving coming back during a taper raises the
craving_return alert for the linked prescriber, and the withdrawal and dose rules compare the
journal with the taper's doses rather than the titration's.

Plan (conftest): de Beaurepaire from 2 March, +10 mg every 3 days: 40 mg/day on 11 March, 50 on
14 March, 60 on 17-18 March. Tapers start from the dose of the day before their start.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from baclo import safety
from baclo.web.care import services as care_services
from baclo.web.safety import services
from baclo.web.safety.models import Alert

from ..conftest import send_json
from .conftest import TODAY, entry, save


def march(day: int) -> dt.date:
    return dt.date(2026, 3, day)


def start_taper(patient, day: int, **body) -> None:
    """A taper set up on its first day (a taper never starts in the past)."""
    data = {"start": march(day).isoformat(), "speed": "fast", **body}
    care_services.start_taper(patient, patient, data, today=march(day))


def craving_days(patient, days, dose: float) -> None:
    for day in days:
        save(patient, entry(dose=dose, craving={"intensity": 5}), march(day))


def rules_of(patient) -> set[str]:
    return set(Alert.objects.filter(patient=patient).values_list("rule", flat=True))


def test_craving_coming_back_during_a_taper_alerts_the_linked_prescriber(
    patient, prescriber, plan, prescriber_client
):
    start_taper(patient, 13)  # from 40 mg/day: 30 from 13 March
    craving_days(patient, (14, 16, 18), dose=30)
    alert = Alert.objects.get(patient=patient, rule="craving_return")
    assert (alert.severity, alert.status) == ("warning", "open")
    page = prescriber_client.get(reverse("safety:patient_alerts", args=[patient.pk]))
    assert page.status_code == 200
    assert "Le craving revient" in page.content.decode()


def test_pause_the_taper_in_one_tap_holds_todays_dose(patient, plan, patient_client):
    start_taper(patient, 13)  # from 40 mg/day: 30 from 13 March, 20 from 20 March
    craving_days(patient, (14, 16, 18), dose=30)
    alert = Alert.objects.get(patient=patient, rule="craving_return")
    response = patient_client.post(reverse("safety:apply", args=[alert.pk, 0]))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.tapers[0]["stopped_on"] == TODAY.isoformat()
    assert care_services.today_plan(plan, march(25))["dose_mg"] == 30
    alert.refresh_from_db()
    assert alert.applied_action["type"] == "pause_taper"


def test_the_same_craving_without_a_taper_raises_no_craving_return(patient, plan):
    craving_days(patient, (14, 16, 18), dose=60)
    assert "craving_return" not in rules_of(patient)


def test_craving_before_the_taper_began_does_not_count(patient, plan):
    start_taper(patient, 16)  # from 50 mg/day: 40 from 16 March
    craving_days(patient, (12, 14), dose=50)
    craving_days(patient, (16, 18), dose=40)
    assert "craving_return" not in rules_of(patient)


def test_a_stopped_taper_no_longer_watches_for_craving(patient, plan):
    start_taper(patient, 13)
    care_services.cancel_taper(patient, patient, today=march(14))
    craving_days(patient, (14, 16, 18), dose=30)
    assert "craving_return" not in rules_of(patient)


def test_the_state_carries_the_tapers_doses_phase_and_start(patient, plan):
    start_taper(patient, 13)
    state = services.build_state(patient, TODAY)
    assert (state.phase, state.taper_start) == (safety.Phase.TAPER, march(13))
    assert [state.planned(march(d)) for d in (11, 12, 13, 18)] == [40, 40, 30, 30]


def test_taking_the_titration_dose_during_a_taper_is_above_the_plan(patient, plan):
    start_taper(patient, 13)
    save(patient, entry(dose=60))
    assert "dose_above_plan" in rules_of(patient)


def test_the_titration_dose_without_a_taper_is_the_plan(patient, plan):
    save(patient, entry(dose=60))
    assert "dose_above_plan" not in rules_of(patient)


def test_days_without_baclofen_at_the_end_of_a_taper_are_no_withdrawal_risk(patient, plan):
    # From 40 mg/day, -10 mg every 2 days: 30 (12 March), 20 (14), 10 (16), 0 (18).
    start_taper(patient, 12, speed="custom", step_mg=10, interval_days=2)
    save(patient, entry(dose=20), march(14))
    save(patient, entry(dose=10), march(16))
    save(patient, entry(dose=0), march(17))
    save(patient, entry(dose=0), march(18))
    assert rules_of(patient).isdisjoint({"missed_intakes", "fast_reduction"})


def test_the_same_days_without_a_taper_are_a_withdrawal_risk(patient, plan):
    save(patient, entry(dose=0), march(17))
    save(patient, entry(dose=0), march(18))
    assert "missed_intakes" in rules_of(patient)


def stale_pause(patient) -> Alert:
    """A craving_return alert whose taper was stopped since, with the next taper planned."""
    start_taper(patient, 13)
    craving_days(patient, (14, 16, 18), dose=30)
    alert = Alert.objects.get(patient=patient, rule="craving_return")
    care_services.cancel_taper(patient, patient, today=TODAY)
    start_taper(patient, 25)
    return alert


def test_a_stale_pause_leaves_the_planned_taper_alone(patient, plan, patient_client):
    alert = stale_pause(patient)
    response = patient_client.post(reverse("safety:apply", args=[alert.pk, 0]), follow=True)
    [message] = [str(m) for m in response.context["messages"]]
    assert message == "Le plan n'a pas été modifié : cette suggestion ne s'applique plus."
    plan.refresh_from_db()
    assert [t["start"] for t in plan.tapers] == [march(13).isoformat(), march(25).isoformat()]
    alert.refresh_from_db()
    assert alert.applied_action is None


def test_a_stale_pause_is_a_422_through_the_api(patient, plan, patient_client):
    alert = stale_pause(patient)
    response = send_json(patient_client, "POST", f"/api/v1/alerts/{alert.pk}/actions/0")
    assert response.status_code == 422
    assert response.json()["detail"][0]["code"] == "not_applicable"
    plan.refresh_from_db()
    assert len(plan.tapers) == 2
