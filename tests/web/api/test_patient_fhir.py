"""GET /api/v1/patients/{id}/fhir: the linked prescriber exports a patient's journal (logged)."""

from __future__ import annotations

import pytest

from baclo.web.care.models import AccessAction, AccessLog
from tests.web.api.conftest import OUTSIDERS


def url(patient) -> str:
    return f"/api/v1/patients/{patient.pk}/fhir"


def test_the_linked_prescriber_exports_and_the_export_is_logged(
    prescriber_client, patient, saved_entries
):
    response = prescriber_client.get(url(patient))
    assert response.status_code == 200
    assert response.json()["resourceType"] == "Bundle"
    assert AccessLog.objects.get().action == AccessAction.EXPORT


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_get_404(client_of, patient, saved_entries, role):
    assert client_of(role).get(url(patient)).status_code == 404
    assert not AccessLog.objects.exists()


def test_a_bad_id_is_422(prescriber_client):
    assert prescriber_client.get("/api/v1/patients/x/fhir").status_code == 422


def test_it_needs_credentials(anonymous_client, patient):
    assert anonymous_client.get(url(patient)).status_code == 401
