"""DELETE /api/v1/me: delete the caller's account and every row of their data."""

from __future__ import annotations

import pytest

from baclo.web.accounts.models import ApiToken, User
from baclo.web.care.access import patient_for
from baclo.web.care.models import AccessLog, CareLink, Plan
from baclo.web.journal.models import JournalEntry
from tests.web.conftest import PASSWORD, send_json

URL = "/api/v1/me"


def test_a_patient_deletes_everything(patient_client, patient, prescriber, plan, saved_entries):
    patient_for(prescriber, patient.pk)
    response = send_json(patient_client, "delete", URL, {"password": PASSWORD})
    assert response.status_code == 204
    assert not User.objects.filter(username="alice").exists()
    for model in (JournalEntry, Plan, CareLink, AccessLog, ApiToken):
        assert not model.objects.exists(), model.__name__
    assert User.objects.filter(username="dr-carol").exists()
    assert patient_client.get("/api/v1/me").status_code == 401


def test_a_deleted_prescriber_leaves_only_their_name_in_patients_logs(
    prescriber_client, prescriber, patient
):
    patient_for(prescriber, patient.pk)
    assert send_json(prescriber_client, "delete", URL, {"password": PASSWORD}).status_code == 204
    log = AccessLog.objects.get()
    assert (log.actor, log.actor_username) == (None, "dr-carol")
    assert not CareLink.objects.exists()


@pytest.mark.parametrize(
    ("body", "code"),
    [
        pytest.param({"password": "wrong"}, "mismatch", id="wrong-password"),
        pytest.param({}, "required", id="no-password"),
        pytest.param({"password": 123}, "required", id="not-text"),
        pytest.param("{oops", "json", id="garbage"),
    ],
)
def test_it_asks_for_the_password_again(patient_client, patient, saved_entries, body, code):
    response = send_json(patient_client, "delete", URL, body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["code"] == code
    assert JournalEntry.objects.filter(patient=patient).count() == 3


def test_it_needs_credentials(anonymous_client):
    assert send_json(anonymous_client, "delete", URL, {"password": PASSWORD}).status_code == 401
