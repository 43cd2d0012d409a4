"""GET /api/v1/patients/{id}/journal?from&to: a linked patient's journal, every read logged."""

from __future__ import annotations

import pytest

from baclo.web.care.models import AccessAction, AccessLog, CareLink, LinkStatus
from tests.web.api.conftest import OUTSIDERS


def url(patient) -> str:
    return f"/api/v1/patients/{patient.pk}/journal"


def test_the_linked_prescriber_reads_the_journal(prescriber_client, patient, saved_entries):
    response = prescriber_client.get(url(patient), {"from": saved_entries[1]})
    assert response.status_code == 200
    assert [e["date"] for e in response.json()] == saved_entries[1:]
    assert response.json()[0]["alerts"] == []


def test_every_read_by_the_prescriber_is_logged(prescriber_client, prescriber, patient):
    prescriber_client.get(url(patient), REMOTE_ADDR="192.0.2.7")
    [log] = AccessLog.objects.all()
    assert (log.actor, log.patient, log.action, log.ip) == (
        prescriber,
        patient,
        AccessAction.VIEW,
        "192.0.2.7",
    )
    assert log.path == url(patient)


def test_the_patient_reads_their_own_without_a_log_line(patient_client, patient, saved_entries):
    assert len(patient_client.get(url(patient)).json()) == 3
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_get_404_and_nothing_is_logged(client_of, patient, saved_entries, role):
    assert client_of(role).get(url(patient)).status_code == 404
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("status", [LinkStatus.PENDING, LinkStatus.REVOKED])
def test_a_link_not_accepted_or_revoked_gives_404(prescriber_client, prescriber, patient, status):
    CareLink.objects.filter(prescriber=prescriber).update(status=status)
    assert prescriber_client.get(url(patient)).status_code == 404


def test_an_unknown_or_non_patient_id_is_404(prescriber_client, prescriber):
    assert prescriber_client.get("/api/v1/patients/999999/journal").status_code == 404
    assert prescriber_client.get(f"/api/v1/patients/{prescriber.pk}/journal").status_code == 404


@pytest.mark.parametrize(
    ("path", "field"),
    [
        pytest.param("/api/v1/patients/abc/journal", "patient_id", id="id-not-a-number"),
        pytest.param("/api/v1/patients/1/journal?from=2026-02-30", "from", id="impossible-date"),
    ],
)
def test_bad_input_is_422(prescriber_client, patient, path, field):
    response = prescriber_client.get(path)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == field


def test_it_needs_credentials(anonymous_client, patient):
    assert anonymous_client.get(url(patient)).status_code == 401
