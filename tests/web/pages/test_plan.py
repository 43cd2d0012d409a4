"""The plan page (care.views.plan for the patient, care.views.patient_plan for the prescriber).

Rules (docs/architecture.md) are the service's; these tests check that the page shows them:
ceiling above 80 only by a prescriber with an acknowledgement recorded with who and when.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from baclo.web.care.models import AccessLog, Plan

from .conftest import NOT_PATIENTS

URL = reverse("care:plan")
GOOD = {
    "protocol": "beaurepaire",
    "start": "2026-03-02",
    "ceiling_mg": "80",
    "craving_onset": "18:00",
    "wake": "07:00",
    "sleep": "23:00",
    "mode": "targeted",
    "tablets": ["10"],
}


def patient_plan_url(patient) -> str:
    return reverse("care:patient_plan", args=[patient.pk])


def test_it_creates_the_plan_and_shows_the_staircase(patient_client: Client, patient) -> None:
    response = patient_client.post(URL, GOOD)
    assert response.status_code == 302
    plan = Plan.objects.get(patient=patient)
    assert (plan.protocol, plan.ceiling_mg, plan.craving_onset.hour) == ("beaurepaire", 80, 18)
    page = patient_client.get(URL)
    weeks = page.context["weeks"]
    # de Beaurepaire (Association Baclofène 2014 table): 10 10 10 20 20 20 30 in week 1.
    assert [cell["dose_mg"] for cell in weeks[0]] == [10, 10, 10, 20, 20, 20, 30]
    assert "staircase-data" in page.content.decode()


def test_a_new_plan_form_is_prefilled_with_safe_defaults(patient_client: Client) -> None:
    response = patient_client.get(URL)
    assert response.status_code == 200
    assert response.context["form"].initial["ceiling_mg"] == "80"
    assert "ceiling_acknowledged" not in response.context["form"].fields


def test_a_patient_cannot_set_a_ceiling_above_80(patient_client: Client, patient) -> None:
    response = patient_client.post(URL, {**GOOD, "ceiling_mg": "120"})
    assert response.status_code == 200
    assert "ceiling_mg" in response.context["form"].errors
    assert not Plan.objects.filter(patient=patient).exists()


def test_a_patient_cannot_acknowledge_even_by_forging_the_field(
    patient_client: Client, patient
) -> None:
    response = patient_client.post(URL, {**GOOD, "ceiling_mg": "120", "ceiling_acknowledged": "on"})
    assert "ceiling_mg" in response.context["form"].errors
    assert not Plan.objects.filter(patient=patient).exists()


def test_a_prescriber_raises_the_ceiling_with_an_acknowledgement_recorded(
    prescriber_client: Client, prescriber, patient, plan
) -> None:
    url = patient_plan_url(patient)
    refused = prescriber_client.post(url, {**GOOD, "ceiling_mg": "120"})
    assert "ceiling_acknowledged" in refused.context["form"].errors
    accepted = prescriber_client.post(
        url, {**GOOD, "ceiling_mg": "120", "ceiling_acknowledged": "on"}
    )
    assert accepted.status_code == 302
    plan.refresh_from_db()
    assert plan.ceiling_mg == 120
    assert plan.ceiling_ack_by == prescriber
    assert plan.ceiling_ack_at is not None
    page = prescriber_client.get(url).content.decode()
    assert "dr-carol" in page  # who acknowledged, shown on the page
    assert AccessLog.objects.filter(actor=prescriber, patient=patient, action="change").exists()


def test_the_patient_cannot_lower_a_ceiling_set_by_the_prescriber(
    prescriber_client: Client, patient_client: Client, patient, plan
) -> None:
    prescriber_client.post(
        patient_plan_url(patient), {**GOOD, "ceiling_mg": "150", "ceiling_acknowledged": "on"}
    )
    response = patient_client.post(URL, {**GOOD, "ceiling_mg": "60"})
    assert "ceiling_mg" in response.context["form"].errors
    plan.refresh_from_db()
    assert plan.ceiling_mg == 150


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ceiling_mg": "301"}, "ceiling_mg"),
        ({"ceiling_mg": "abc"}, "ceiling_mg"),
        ({"start": "2026-02-30"}, "start"),
        ({"wake": "25:00"}, "wake"),
        ({"protocol": "magic"}, "protocol"),
        ({"tablets": ["7"]}, "tablets"),
    ],
    ids=[
        "ceiling-above-300",
        "ceiling-not-a-number",
        "bad-date",
        "bad-time",
        "bad-protocol",
        "bad-tablet",
    ],
)
def test_it_shows_bad_input_next_to_the_field(
    patient_client: Client, patient, changes: dict[str, str], field: str
) -> None:
    response = patient_client.post(URL, {**GOOD, **changes})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Plan.objects.filter(patient=patient).exists()


def test_it_rejects_other_methods(patient_client: Client) -> None:
    assert patient_client.delete(URL).status_code == 405


@NOT_PATIENTS
def test_the_own_plan_page_is_only_for_patients(
    request: pytest.FixtureRequest, client_name: str
) -> None:
    assert request.getfixturevalue(client_name).get(URL).status_code == 404


@pytest.mark.parametrize(
    "client_name",
    ["unlinked_prescriber_client", "other_patient_client", "analyst_client", "patient_client"],
    ids=["unlinked-prescriber", "other-patient", "analyst", "the-patient-itself"],
)
def test_only_a_linked_prescriber_opens_a_patients_plan(
    request: pytest.FixtureRequest, client_name: str, patient, plan
) -> None:
    client = request.getfixturevalue(client_name)
    assert client.get(patient_plan_url(patient)).status_code == 404
    assert client.post(patient_plan_url(patient), GOOD).status_code == 404


def test_a_linked_prescriber_sees_the_plan_and_the_access_is_logged(
    prescriber_client: Client, prescriber, patient, plan
) -> None:
    assert prescriber_client.get(patient_plan_url(patient)).status_code == 200
    assert AccessLog.objects.filter(actor=prescriber, patient=patient, action="view").exists()


def test_the_plan_page_shows_todays_intakes_as_the_patients_tablets(
    patient_client: Client, patient
) -> None:
    patient_client.post(URL, {**GOOD, "tablets": ["10", "20"]})
    assert Plan.objects.get(patient=patient).tablets == [10, 20]
    page = patient_client.get(URL)
    intakes = page.context["planned"]["intakes"]
    assert intakes
    html = page.content.decode()
    for intake in intakes:
        assert "× 20 mg" in intake["tablets_text"] or intake["dose_mg"] < 20
        assert intake["tablets_text"] in html
    assert page.context["form"].initial["tablets"] == ["10", "20"]


@pytest.mark.parametrize(
    "page",
    ["care:plan", "journal:today", "journal:charts"],
    ids=["plan", "today", "charts"],
)
def test_a_stored_plan_the_course_cannot_read_gives_a_page_not_a_500(
    patient_client: Client, patient, page: str
) -> None:
    patient_client.post(URL, GOOD)
    Plan.objects.filter(patient=patient).update(protocol="retired-protocol")
    assert patient_client.get(reverse(page)).status_code == 200
