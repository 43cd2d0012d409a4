"""The patient's progress page (journal.views.dashboard): streak, dose, weekly alcohol."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from baclo.web.journal.services import save_entry

from .conftest import NOT_PATIENTS, TODAY

URL = reverse("journal:dashboard")


def log(patient, days_back: int, **data: object) -> None:
    day = TODAY - dt.timedelta(days=days_back)
    save_entry(patient, day, data, today=day)


def test_it_counts_the_days_logged_in_a_row(patient_client: Client, patient) -> None:
    for back in (0, 1, 2, 4):
        log(patient, back, mood=5)
    assert patient_client.get(URL).context["streak"] == 3


def test_a_streak_is_not_broken_before_today_is_logged(patient_client: Client, patient) -> None:
    for back in (1, 2):
        log(patient, back, mood=5)
    assert patient_client.get(URL).context["streak"] == 2


def test_it_checks_the_week_against_the_low_risk_guideline(patient_client: Client, patient) -> None:
    # 3 spirits of 30 mL at 40 % = 3 x 9.47 g = 2.8 standard drinks: above 2 a day (SPF 2017).
    log(patient, 0, drinks=[{"kind": "spirits"}] * 3)
    log(patient, 1, drinks=[])
    response = patient_client.get(URL)
    check = response.context["week"]["check"]
    assert check.days_known == 2
    assert check.days_over_daily_limit == 1
    assert not check.within
    assert "notice warn" in response.content.decode()


def test_it_shows_the_dose_against_the_ceiling(patient_client: Client, plan) -> None:
    response = patient_client.get(URL)
    assert response.context["progress_percent"] == 75  # 60 of 80 mg/day


def test_it_compares_craving_with_the_week_before(patient_client: Client, patient) -> None:
    log(patient, 1, craving={"intensity": 4})
    log(patient, 8, craving={"intensity": 8})
    response = patient_client.get(URL)
    assert (response.context["craving_recent"], response.context["craving_before"]) == (4, 8)


def test_it_works_for_a_new_patient(patient_client: Client) -> None:
    response = patient_client.get(URL)
    assert response.status_code == 200
    assert response.context["streak"] == 0


def test_it_rejects_post(patient_client: Client) -> None:
    assert patient_client.post(URL).status_code == 405


@NOT_PATIENTS
def test_it_is_only_for_patients(request: pytest.FixtureRequest, client_name: str) -> None:
    assert request.getfixturevalue(client_name).get(URL).status_code == 404
