"""A stored plan that today's rules refuse (saved before a rule changed) never answers 500: every
page that shows it explains why and leads to the form that fixes it; the API answers 409 with
an explanation; the journal can still be written and the account exported."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from baclo.web.care.models import Plan
from baclo.web.journal.services import local_today
from tests.web.conftest import send_json

# Rows that no form writes any more, each refused by a rule of the domain.
BROKEN_ROWS = [
    pytest.param({"ceiling_mg": 20}, id="ceiling-below-the-first-dose"),
    pytest.param({"start_date": dt.date(9999, 12, 31)}, id="start-in-year-9999"),
    pytest.param({"events": [{"kind": "hold", "date": "2000-01-01"}]}, id="event-before-start"),
    pytest.param({"params": {"start_mg": "x"}, "protocol": "custom"}, id="garbled-parameters"),
]


@pytest.fixture(params=BROKEN_ROWS)
def broken_plan(request, patient) -> Plan:
    row = {"protocol": "ameisen", "start_date": local_today() - dt.timedelta(days=10)}
    return Plan.objects.create(patient=patient, **{**row, **request.param})


PATIENT_PAGES = ["/today/", "/journal/", "/charts/", "/progress/", "/me/report.pdf"]


@pytest.mark.parametrize("url", PATIENT_PAGES)
def test_a_patient_page_answers_and_leads_to_the_plan_form(patient_client, broken_plan, url):
    # Pages that only read the plan show it as missing (care.services.readable_plan), with the
    # way to set it again; the plan page itself explains (below).
    response = patient_client.get(url)
    assert response.status_code in {200, 409}
    if response["Content-Type"].startswith("text/html"):
        assert 'href="/plan/"' in response.content.decode()


def test_the_plan_page_shows_the_explanation_and_the_form(patient_client, broken_plan):
    response = patient_client.get("/plan/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="unreadable-plan"' in page
    assert 'name="protocol"' in page


def test_the_plan_form_repairs_the_plan(patient_client, broken_plan):
    repaired = {
        "protocol": "ameisen",
        "start": local_today().isoformat(),
        "ceiling_mg": 80,
        "parameters": {},
        "events": [],
    }
    response = send_json(patient_client, "put", "/api/v1/plan", repaired)
    assert response.status_code == 200, response.content
    assert patient_client.get("/today/").status_code == 200


def test_the_prescribers_patient_list_still_answers(prescriber_client, broken_plan):
    assert prescriber_client.get("/patients/").status_code == 200


@pytest.mark.parametrize("url", ["/patients/{id}/", "/patients/{id}/report.pdf"])
def test_a_prescriber_page_explains_and_leads_to_the_patient_plan_form(
    prescriber_client, patient, broken_plan, url
):
    response = prescriber_client.get(url.format(id=patient.pk))
    assert response.status_code in {200, 409}
    if response["Content-Type"].startswith("text/html"):
        assert f'href="/patients/{patient.pk}/plan/"' in response.content.decode()


def test_the_prescriber_plan_page_shows_the_explanation_and_the_form(
    prescriber_client, patient, broken_plan
):
    response = prescriber_client.get(f"/patients/{patient.pk}/plan/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="unreadable-plan"' in page
    assert 'name="protocol"' in page


@pytest.mark.parametrize("url", ["/api/v1/plan", "/api/v1/plan/today"])
def test_the_api_answers_409_with_an_explanation(patient_client, broken_plan, url):
    response = patient_client.get(url)
    assert response.status_code == 409
    body = response.json()
    assert body["explanation"]
    assert body["detail"][0]["field"]


def test_the_prescriber_api_answers_409_with_an_explanation(
    prescriber_client, patient, broken_plan
):
    response = prescriber_client.get(f"/api/v1/patients/{patient.pk}/plan")
    assert response.status_code == 409
    assert response.json()["explanation"]


def test_the_journal_is_still_written(patient_client, broken_plan):
    day = local_today().isoformat()
    response = send_json(patient_client, "put", f"/api/v1/journal/{day}", {"mood": 5})
    assert response.status_code == 201


def test_the_account_is_still_exported(patient_client: Client, broken_plan):
    response = patient_client.get("/api/v1/me/export")
    assert response.status_code == 200
    assert response.json()["plan"]["unreadable"]


@pytest.mark.parametrize(
    ("language", "reason"),
    [
        ("fr", "est sous la première dose du protocole Ameisen"),
        ("en", "is below the first dose of the Ameisen protocol"),
    ],
)
def test_the_plan_page_says_why_in_the_readers_language_without_field_codes(
    patient_client, patient, language, reason
):
    row = {"protocol": "ameisen", "start_date": local_today(), "ceiling_mg": 20}
    Plan.objects.create(patient=patient, **row)
    patient_client.cookies["django_language"] = language
    page = patient_client.get("/plan/").content.decode()
    explanation = page[page.index('id="unreadable-plan"') :]
    explanation = explanation[: explanation.index("</section>")]
    assert reason in explanation
    assert "ceiling_mg" not in explanation


STORED_SHAPES = [
    pytest.param({"protocol": "protocole-retire"}, id="unknown-protocol"),
    pytest.param({"params": {"start_mg": "x"}, "protocol": "custom"}, id="parameter-as-words"),
    pytest.param({"events": [{"kind": "hold", "date": "2000-01-01"}]}, id="hold-without-days"),
    pytest.param({"events": "x"}, id="events-not-a-list"),
    pytest.param({"tapers": [{"start": "soon"}]}, id="garbled-taper"),
]


@pytest.mark.parametrize("row", STORED_SHAPES)
def test_every_reason_a_stored_plan_is_refused_is_written_in_french_too(
    patient_client, patient, row
):
    Plan.objects.create(
        patient=patient, **{"protocol": "ameisen", "start_date": local_today(), **row}
    )
    response = patient_client.get("/plan/")
    reasons = response.context["unreadable"].errors
    assert reasons
    for reason in reasons:
        assert reason.text is not None, reason.message
        assert reason.message not in response.content.decode()
