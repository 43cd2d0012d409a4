"""One-tap suggestions (safety.patient_views.apply/dismiss): the plan changes through the plan
service, once, and only for the patient who owns the alert."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from baclo.web.care.services import plan_payload
from baclo.web.journal.services import save_entry
from baclo.web.safety.models import Alert

from .conftest import TODAY, entry, save


def apply_url(alert: Alert, index: int) -> str:
    return reverse("safety:apply", args=[alert.pk, index])


def dose_on(plan, day: dt.date) -> float:
    plan.refresh_from_db()
    days = {d["date"]: d["dose_mg"] for d in plan_payload(plan, TODAY)["days"]}
    return days[day.isoformat()]


@pytest.fixture
def severe(patient, plan) -> Alert:
    save(patient, entry(effects={"nausea": 3}))
    return Alert.objects.get(patient=patient, rule="severe_side_effect")


def test_hold_this_step_makes_the_step_longer(patient_client, plan, severe):
    """De Beaurepaire from 2 March: 60 mg on 17-19 March, 70 from the 20th; a 3-day hold on the
    18th keeps 60 mg until the 22nd."""
    assert dose_on(plan, dt.date(2026, 3, 20)) == 70
    response = patient_client.post(apply_url(severe, 0))
    assert response.status_code == 302
    assert dose_on(plan, dt.date(2026, 3, 22)) == 60
    assert dose_on(plan, dt.date(2026, 3, 23)) == 70
    assert plan.events == [{"kind": "hold", "date": TODAY.isoformat(), "days": 3}]


def test_step_back_goes_down_one_step_today(patient_client, plan, severe):
    patient_client.post(apply_url(severe, 1))
    assert dose_on(plan, TODAY) == 50


def test_an_applied_suggestion_leaves_the_banner_and_cannot_be_applied_twice(
    patient_client, plan, severe
):
    patient_client.post(apply_url(severe, 0))
    page = patient_client.post(apply_url(severe, 0), follow=True).content.decode()
    assert f'id="alert-{severe.pk}"' not in page
    plan.refresh_from_db()
    assert len(plan.events) == 1


def test_another_patients_suggestion_is_not_found(other_patient_client, severe):
    assert other_patient_client.post(apply_url(severe, 0)).status_code == 404


@pytest.mark.parametrize("index", [2, 99], ids=["past-the-end", "far"])
def test_an_action_that_does_not_exist_is_not_found(patient_client, severe, index):
    assert patient_client.post(apply_url(severe, index)).status_code == 404


def test_a_prescriber_cannot_tap_the_patients_suggestion(prescriber_client, severe):
    assert prescriber_client.post(apply_url(severe, 0)).status_code == 404


def test_applying_needs_a_post(patient_client, severe):
    assert patient_client.get(apply_url(severe, 0)).status_code == 405


def test_an_outside_next_url_is_ignored(patient_client, severe):
    response = patient_client.post(apply_url(severe, 0), {"next": "https://evil.example/"})
    assert response.url == reverse("safety:overview")


def test_the_fractionated_split_suggestion_updates_the_split_settings(
    patient, patient_client, plan
):
    for back in (0, 1, 3):
        save(patient, entry(effects={"dizziness": 2}), TODAY - dt.timedelta(days=back))
    alert = Alert.objects.get(patient=patient, rule="fractionate_split")
    patient_client.post(apply_url(alert, 0))
    plan.refresh_from_db()
    assert plan.split_mode == "fractionated"


def test_has_craving_gone_confirmed_sets_the_effective_dose_event(patient, patient_client, plan):
    """Craving at 1/10 with intakes and no alcohol on 7 days in a row meets the criterion of
    baclo.journal.threshold (5 of 7 days at or below 2/10, alcohol within the guideline)."""
    for back in range(7):
        save(patient, entry(craving={"intensity": 1}), TODAY - dt.timedelta(days=back))
    alert = Alert.objects.get(patient=patient, rule="effective_dose")
    page = patient_client.get(reverse("journal:today")).content.decode()
    assert 'data-rule="effective_dose"' in page
    patient_client.post(apply_url(alert, 0))
    plan.refresh_from_db()
    assert {"kind": "effective_dose", "date": TODAY.isoformat()} in plan.events
    assert dose_on(plan, TODAY + dt.timedelta(days=10)) == dose_on(plan, TODAY)


def test_a_suggestion_without_a_plan_changes_nothing(patient, patient_client):
    for back in (0, 1, 2):
        save(patient, entry(effects={"dizziness": 2}), TODAY - dt.timedelta(days=back))
    alert = Alert.objects.get(patient=patient, rule="fractionate_split")
    page = patient_client.post(apply_url(alert, 0), follow=True).content.decode()
    assert 'class="error"' in page
    alert.refresh_from_db()
    assert alert.applied_action is None


def test_read_it_takes_the_alert_off_the_banner(patient_client, severe):
    patient_client.post(reverse("safety:dismiss", args=[severe.pk]))
    page = patient_client.get(reverse("journal:today")).content.decode()
    assert f'id="alert-{severe.pk}"' not in page


def test_dismissing_another_patients_alert_is_not_found(other_patient_client, severe):
    response = other_patient_client.post(reverse("safety:dismiss", args=[severe.pk]))
    assert response.status_code == 404


def test_a_hold_tapped_days_after_the_alert_holds_the_step_of_the_day_of_the_tap(
    patient, patient_client, plan
):
    """Raised on 16 March (50 mg step, 14-16 March), tapped on 18 March (60 mg step)."""
    raised_on = TODAY - dt.timedelta(days=2)
    save_entry(patient, raised_on, entry(dose=50, effects={"nausea": 3}), today=raised_on)
    alert = Alert.objects.get(patient=patient, rule="severe_side_effect")
    assert alert.actions[0]["event"]["date"] == raised_on.isoformat()
    patient_client.post(apply_url(alert, 0))
    plan.refresh_from_db()
    assert plan.events == [{"kind": "hold", "date": TODAY.isoformat(), "days": 3}]
    assert dose_on(plan, dt.date(2026, 3, 16)) == 50
