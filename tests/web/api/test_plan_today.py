"""GET /api/v1/plan/today: today's dose and intake times, the first thing a patient sees."""

from __future__ import annotations

import datetime as dt

import pytest

from baclo.web.care.models import Plan
from baclo.web.care.services import set_plan
from tests.web.api.conftest import NOT_PATIENTS

URL = "/api/v1/plan/today"


def test_it_gives_todays_dose_and_intakes(patient_client, plan, today):
    response = patient_client.get(URL)
    assert response.status_code == 200
    body = response.json()
    # Day 10 of the Ameisen table is 90 mg/day (Association Baclofène 2014), held at the default 80
    # ceiling.
    assert (body["date"], body["day"], body["dose_mg"]) == (today.isoformat(), 10, 80)
    assert sum(i["dose_mg"] for i in body["intakes"]) == 80
    assert all(i["dose_mg"] % 5 == 0 for i in body["intakes"])
    times = [i["time"] for i in body["intakes"]]
    assert times == sorted(times)


def test_before_the_start_nothing_is_planned(patient_client, patient, today):
    set_plan(patient, patient, {"protocol": "beaurepaire", "start": str(today + dt.timedelta(3))})
    body = patient_client.get(URL).json()
    assert (body["started"], body["dose_mg"], body["intakes"]) == (False, 0, [])


def test_without_a_plan_it_is_404(patient_client):
    assert patient_client.get(URL).status_code == 404


@pytest.mark.parametrize("role", NOT_PATIENTS)
def test_other_roles_have_no_plan_of_their_own(client_of, plan, role):
    assert client_of(role).get(URL).status_code == 403


def test_another_patient_does_not_get_this_plan(other_patient_client, plan):
    assert other_patient_client.get(URL).status_code == 404


def test_it_needs_credentials(anonymous_client):
    assert anonymous_client.get(URL).status_code == 401


def test_each_intake_is_shown_as_the_patients_tablets(patient_client, patient, plan, today):
    set_plan(patient, patient, {"tablets": [20, 10]})
    body = patient_client.get(URL).json()
    for intake in body["intakes"]:
        assert intake["tablets"], intake
        assert "× 20 mg" in intake["tablets"] or intake["dose_mg"] < 20
        # French writes the same pieces with a decimal comma (½ stays ½).
        assert intake["tablets_fr"].replace(",", ".") == intake["tablets"]


def test_a_stored_plan_the_course_cannot_read_is_a_409_not_a_500(patient_client, patient, plan):
    Plan.objects.filter(patient=patient).update(protocol="retired-protocol")
    for url in (URL, "/api/v1/plan"):
        response = patient_client.get(url)
        assert response.status_code == 409
        assert response.json()["explanation"]
