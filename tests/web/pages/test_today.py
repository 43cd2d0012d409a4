"""The patient's first page: today's dose and intake times (journal.views.today)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from baclo.web.journal.services import save_entry

from .conftest import NOT_PATIENTS, TODAY, main_content

URL = reverse("journal:today")


def test_it_shows_todays_dose_and_intake_times_first(patient_client: Client, plan) -> None:
    response = patient_client.get(URL)
    assert response.status_code == 200
    html = main_content(response)
    # De Beaurepaire, day 17 = step 5 (0-based): 10 + 5 x 10 = 60 mg (Association Baclofène 2014
    # table).
    assert "60" in html
    planned = response.context["planned"]
    assert planned["dose_mg"] == 60
    assert sum(i["dose_mg"] for i in planned["intakes"]) == 60
    assert html.index("60") < html.index(reverse("journal:day_today"))
    assert all(i["time"] in html for i in planned["intakes"])


def test_it_invites_a_patient_without_plan_to_set_one_up(patient_client: Client) -> None:
    response = patient_client.get(URL)
    assert response.status_code == 200
    assert reverse("care:plan") in response.content.decode()
    assert response.context["planned"] is None


def test_it_says_when_today_is_already_logged(patient_client: Client, patient, plan) -> None:
    save_entry(patient, TODAY, {"intakes": [{"time": "08:00", "dose_mg": 20}]}, today=TODAY)
    response = patient_client.get(URL)
    assert response.context["entry"]["dose_mg"] == 20


def test_it_is_in_french_by_default(patient_client: Client, plan) -> None:
    assert "Aujourd" in patient_client.get(URL).content.decode()


def test_it_rejects_post(patient_client: Client) -> None:
    assert patient_client.post(URL).status_code == 405


def test_it_sends_anonymous_users_to_login(anonymous_client: Client) -> None:
    response = anonymous_client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@NOT_PATIENTS
def test_it_is_not_a_page_for_other_roles(request: pytest.FixtureRequest, client_name: str) -> None:
    assert request.getfixturevalue(client_name).get(URL).status_code == 404
