"""GET /api/v1/me/export (JSON, CSV zip, FHIR) of a patient whose stored plan the current rules
refuse: everything else is exported, the plan as it is stored with a note saying why it cannot
be used; never a 409 or a 500 (a person's data is theirs whatever its state)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile

import pytest

from baclo.web.care.models import Plan
from baclo.web.care.services import readable_plan
from baclo.web.journal.services import local_today
from tests.web.conftest import send_json

# Stored rows that no form writes any more, each refused by a rule of the domain.
BROKEN_ROWS = [
    pytest.param({"ceiling_mg": 20}, id="ceiling-below-the-first-dose"),
    pytest.param({"protocol": "protocole-retire"}, id="unknown-protocol"),
    pytest.param({"params": {"start_mg": "x"}, "protocol": "custom"}, id="garbled-parameters"),
    pytest.param({"tapers": [{"start": "soon"}]}, id="garbled-taper"),
    pytest.param({"tablets": "ten"}, id="tablets-as-words"),
]
URLS = [
    "/api/v1/me/export",
    "/api/v1/me/export/csv",
    "/api/v1/me/export/fhir",
    # The same downloads from the account page.
    "/accounts/export/json/",
    "/accounts/export/csv/",
    "/accounts/export/fhir/",
]


@pytest.fixture(params=BROKEN_ROWS)
def broken_plan(request, patient) -> Plan:
    row = {
        "protocol": "ameisen",
        "start_date": local_today() - dt.timedelta(days=10),
        "craving_onset": dt.time(17, 30),
        **request.param,
    }
    plan = Plan.objects.create(patient=patient, **row)
    assert readable_plan(patient) is None, "the row must really be unreadable"
    return plan


@pytest.fixture
def journal_day(patient_client) -> str:
    day = local_today().isoformat()
    response = send_json(patient_client, "put", f"/api/v1/journal/{day}", {"mood": 6})
    assert response.status_code == 201
    return day


@pytest.mark.parametrize("url", URLS)
def test_every_export_answers_200(patient_client, broken_plan, journal_day, url):
    assert patient_client.get(url).status_code == 200


def test_the_json_export_has_everything_else_and_the_plan_as_stored_with_a_note(
    patient_client, broken_plan, journal_day
):
    body = patient_client.get("/api/v1/me/export").json()
    assert [e["date"] for e in body["journal"]] == [journal_day]
    plan = body["plan"]
    assert plan["unreadable"], "a note says why the plan cannot be used"
    stored = plan["stored"]
    assert stored["protocol"] == broken_plan.protocol
    assert stored["ceiling_mg"] == broken_plan.ceiling_mg
    assert stored["parameters"] == broken_plan.params
    assert stored["tapers"] == broken_plan.tapers, "kept as stored"
    assert stored["tablets"] == broken_plan.tablets
    assert stored["split"] == {
        "craving_onset": "17:30",
        "wake": "07:00",
        "sleep": "23:00",
        "mode": "targeted",
    }


def test_the_csv_export_has_the_journal_and_the_stored_plan_with_its_note(
    patient_client, broken_plan, journal_day
):
    archive = zipfile.ZipFile(io.BytesIO(patient_client.get("/api/v1/me/export/csv").content))
    journal = list(csv.DictReader(io.StringIO(archive.read("journal.csv").decode())))
    assert [row["date"] for row in journal] == [journal_day]
    [plan] = list(csv.DictReader(io.StringIO(archive.read("plan.csv").decode())))
    assert plan["unreadable"]
    assert json.loads(plan["stored"])["protocol"] == broken_plan.protocol


def test_the_fhir_export_still_has_the_patient(patient_client, broken_plan, journal_day):
    bundle = patient_client.get("/api/v1/me/export/fhir").json()
    assert "Patient" in [e["resource"]["resourceType"] for e in bundle["entry"]]
