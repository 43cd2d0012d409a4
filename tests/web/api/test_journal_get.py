"""GET /api/v1/journal/{date}: the caller's entry of a day."""

from __future__ import annotations

import pytest

from baclo.web.journal import services
from tests.web.api.conftest import NOT_PATIENTS, day


def test_it_returns_the_saved_entry(patient_client, saved_entries):
    response = patient_client.get(f"/api/v1/journal/{saved_entries[0]}")
    assert response.status_code == 200
    body = response.json()
    assert body["date"] == saved_entries[0]
    assert body["side_effects"] == [{"kind": "somnolence", "severity": 2}]
    assert set(body) >= {"alcohol_g", "standard_drinks", "alerts"}


def test_an_old_entry_stays_readable(patient, patient_client, today):
    old = today.replace(year=today.year - 1)
    services.save_entry(patient, old, {"mood": 4}, today=old)
    assert patient_client.get(f"/api/v1/journal/{old.isoformat()}").status_code == 200


def test_a_day_without_entry_is_404(patient_client, today):
    assert patient_client.get(f"/api/v1/journal/{day(today, 1)}").status_code == 404


def test_another_patients_entry_is_not_there(other_patient_client, saved_entries):
    assert other_patient_client.get(f"/api/v1/journal/{saved_entries[0]}").status_code == 404


@pytest.mark.parametrize("date", ["2026-02-30", "2026-13-01", "today", "2026-01-05x"])
def test_it_refuses_bad_dates_with_422(patient_client, date):
    response = patient_client.get(f"/api/v1/journal/{date}")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "date"


@pytest.mark.parametrize("role", NOT_PATIENTS)
def test_other_roles_have_no_journal(client_of, saved_entries, role):
    assert client_of(role).get(f"/api/v1/journal/{saved_entries[0]}").status_code == 403


def test_it_needs_credentials(anonymous_client, saved_entries):
    assert anonymous_client.get(f"/api/v1/journal/{saved_entries[0]}").status_code == 401
