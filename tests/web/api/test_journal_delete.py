"""DELETE /api/v1/journal/{date}: remove the caller's entry of an editable day."""

from __future__ import annotations

import pytest

from baclo.web.journal.models import JournalEntry
from tests.web.api.conftest import NOT_PATIENTS, day


def test_it_deletes_the_entry(patient_client, patient, saved_entries):
    response = patient_client.delete(f"/api/v1/journal/{saved_entries[1]}")
    assert response.status_code == 204
    remaining = JournalEntry.objects.filter(patient=patient).values_list("date", flat=True)
    assert [d.isoformat() for d in remaining] == [saved_entries[0], saved_entries[2]]


def test_deleting_twice_answers_404_the_second_time(patient_client, saved_entries):
    assert patient_client.delete(f"/api/v1/journal/{saved_entries[2]}").status_code == 204
    assert patient_client.delete(f"/api/v1/journal/{saved_entries[2]}").status_code == 404


def test_it_cannot_delete_another_patients_entry(other_patient_client, patient, saved_entries):
    assert other_patient_client.delete(f"/api/v1/journal/{saved_entries[0]}").status_code == 404
    assert JournalEntry.objects.filter(patient=patient).count() == 3


@pytest.mark.parametrize(
    ("days_back", "code"), [pytest.param(-1, "future", id="future"), (8, "too_old")]
)
def test_it_refuses_days_outside_the_edit_window(patient_client, today, days_back, code):
    response = patient_client.delete(f"/api/v1/journal/{day(today, days_back)}")
    assert response.status_code == 422
    assert response.json()["detail"][0]["code"] == code


def test_it_refuses_an_impossible_date(patient_client):
    assert patient_client.delete("/api/v1/journal/2026-02-30").status_code == 422


@pytest.mark.parametrize("role", NOT_PATIENTS)
def test_other_roles_have_no_journal(client_of, patient, saved_entries, role):
    assert client_of(role).delete(f"/api/v1/journal/{saved_entries[0]}").status_code == 403
    assert JournalEntry.objects.filter(patient=patient).count() == 3


def test_it_needs_credentials(anonymous_client, saved_entries):
    assert anonymous_client.delete(f"/api/v1/journal/{saved_entries[0]}").status_code == 401
