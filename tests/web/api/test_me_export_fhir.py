"""GET /api/v1/me/export/fhir: the caller's journal as a FHIR R4 (R4B) Bundle."""

from __future__ import annotations

import pytest
from fhir.resources.R4B.bundle import Bundle

from tests.web.api.conftest import NOT_PATIENTS

URL = "/api/v1/me/export/fhir"


def resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_it_is_a_valid_bundle_with_the_patients_data(patient_client, saved_entries):
    response = patient_client.get(URL)
    assert response.status_code == 200
    bundle = response.json()
    Bundle.model_validate(bundle)  # raises if not valid FHIR R4B
    assert bundle["type"] == "collection"
    [person] = resources(bundle, "Patient")
    assert person["identifier"][0]["value"] == "alice"
    # USUAL_DAY: two intakes (30 + 40 mg) a day, three days.
    doses = [
        m["dosage"][0]["doseAndRate"][0]["doseQuantity"]["value"]
        for m in resources(bundle, "MedicationStatement")
    ]
    assert doses == [30, 40] * 3
    codes = [o["code"]["coding"][0]["code"] for o in resources(bundle, "Observation")]
    assert codes.count("craving") == 3
    assert codes.count("side-effect-somnolence") == 3
    alcohol = [
        o for o in resources(bundle, "Observation") if o["code"]["coding"][0]["code"] == "alcohol-g"
    ]
    assert alcohol[0]["valueQuantity"]["value"] == pytest.approx(30.7, abs=0.05)


def test_exporting_twice_gives_the_same_bundle(patient_client, saved_entries):
    assert patient_client.get(URL).json() == patient_client.get(URL).json()


def test_an_empty_journal_gives_just_the_patient(patient_client):
    assert [e["resource"]["resourceType"] for e in patient_client.get(URL).json()["entry"]] == [
        "Patient"
    ]


@pytest.mark.parametrize("role", NOT_PATIENTS)
def test_other_roles_have_no_journal_to_export(client_of, role):
    assert client_of(role).get(URL).status_code == 403


def test_it_needs_credentials(anonymous_client):
    assert anonymous_client.get(URL).status_code == 401
