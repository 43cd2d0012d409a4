"""GET /api/v1/patients/{id}/coverage: the coverage analysis for the patient and the linked
prescriber (logged), 404 for anyone else."""

from __future__ import annotations

import datetime as dt

import pytest

from baclo.web.care.models import AccessLog, Plan
from baclo.web.journal.services import local_today, save_entry
from tests.web.api.conftest import OUTSIDERS


def url(patient) -> str:
    return f"/api/v1/patients/{patient.pk}/coverage"


@pytest.fixture
def journal(patient):
    today = local_today()
    Plan.objects.create(
        patient=patient, protocol="beaurepaire", start_date=today - dt.timedelta(days=30)
    )
    for n in range(14):
        day = today - dt.timedelta(days=13 - n)
        minute = 18 * 60 - round(90 * n / 13)
        data = {
            "intakes": [{"time": f"{h:02d}:00", "dose_mg": 20} for h in (8, 13, 19)],
            "craving": {"intensity": 5, "onset": f"{minute // 60:02d}:{minute % 60:02d}"},
        }
        save_entry(patient, day, data, today=day)


def test_the_patient_reads_the_analysis_and_its_suggestions(patient_client, patient, journal):
    response = patient_client.get(url(patient))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert len(body["days"]) == 14
    assert body["craving"]["status"] == "not_enough_data"
    (follow,) = [s for s in body["suggestions"] if s["kind"] == "follow_onset"]
    assert follow["onset"] == "16:30"
    assert len(follow["curve"]["minute"]) == 144
    assert not AccessLog.objects.exists()


def test_the_linked_prescriber_reads_it_and_the_read_is_logged(prescriber_client, patient, journal):
    assert prescriber_client.get(url(patient)).json()["status"] == "ok"
    assert AccessLog.objects.filter(patient=patient).count() == 1


def test_without_a_plan_or_a_journal_it_says_so(patient_client, patient):
    assert patient_client.get(url(patient)).json() == {
        "status": "no_data",
        "message": "no plan or no journal entry yet",
    }


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_get_404(client_of, patient, journal, role):
    assert client_of(role).get(url(patient)).status_code == 404


def test_an_anonymous_caller_is_refused(client, patient):
    assert client.get(url(patient)).status_code == 401
