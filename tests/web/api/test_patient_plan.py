"""GET and PUT /api/v1/patients/{id}/plan: the linked prescriber sets the plan and its ceiling."""

from __future__ import annotations

import pytest

from baclo.web.care.models import AccessAction, AccessLog, Plan
from tests.web.api.conftest import AMEISEN, OUTSIDERS
from tests.web.conftest import send_json


def url(patient) -> str:
    return f"/api/v1/patients/{patient.pk}/plan"


def test_the_prescriber_raises_the_ceiling_with_an_acknowledgement(
    prescriber_client, prescriber, patient
):
    response = send_json(
        prescriber_client,
        "put",
        url(patient),
        {**AMEISEN, "ceiling_mg": 150, "ceiling_acknowledged": True},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["ceiling_mg"] == 150
    assert body["ceiling_acknowledgement"]["by"] == "dr-carol"
    assert [n["code"] for n in body["notices"]] == ["ceiling_above_label", "ceiling_above_120"]
    # Ameisen reaches 150 mg/day on day 19 (Association Baclofène 2014 table) and stays there.
    assert [d["dose_mg"] for d in body["days"]][18:21] == [150, 150, 150]
    stored = Plan.objects.get(patient=patient)
    assert (stored.ceiling_ack_by, stored.ceiling_set_by) == (prescriber, prescriber)
    assert stored.ceiling_ack_at is not None
    assert AccessLog.objects.get().action == AccessAction.CHANGE


def test_without_the_acknowledgement_a_high_ceiling_is_refused(prescriber_client, patient):
    response = send_json(prescriber_client, "put", url(patient), {**AMEISEN, "ceiling_mg": 150})
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "ceiling_acknowledged"
    assert not Plan.objects.exists()


def test_even_a_prescriber_cannot_exceed_300(prescriber_client, patient):
    response = send_json(
        prescriber_client,
        "put",
        url(patient),
        {**AMEISEN, "ceiling_mg": 320, "ceiling_acknowledged": True},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["code"] == "above_hard_limit"


def test_the_patient_cannot_change_the_prescribers_ceiling(
    prescriber_client, patient_client, patient
):
    send_json(
        prescriber_client,
        "put",
        url(patient),
        {**AMEISEN, "ceiling_mg": 150, "ceiling_acknowledged": True},
    )
    response = send_json(patient_client, "put", "/api/v1/plan", {"ceiling_mg": 60})
    assert response.status_code == 422
    assert response.json()["detail"][0]["code"] == "set_by_prescriber"
    # ... but may still record events and split settings, keeping the prescriber's ceiling.
    response = send_json(patient_client, "put", "/api/v1/plan", {"split": {"wake": "06:30"}})
    assert response.status_code == 200
    assert response.json()["ceiling_mg"] == 150


def test_lowering_back_to_80_clears_the_acknowledgement(prescriber_client, patient):
    body = {**AMEISEN, "ceiling_mg": 150, "ceiling_acknowledged": True}
    send_json(prescriber_client, "put", url(patient), body)
    response = send_json(prescriber_client, "put", url(patient), {"ceiling_mg": 80})
    assert response.json()["ceiling_acknowledgement"] is None


def test_the_prescriber_reads_the_plan_and_the_read_is_logged(prescriber_client, patient, plan):
    response = prescriber_client.get(url(patient))
    assert response.status_code == 200
    assert response.json()["protocol"] == "ameisen"
    assert AccessLog.objects.get().action == AccessAction.VIEW


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_get_404_and_change_nothing(client_of, patient, plan, role):
    client = client_of(role)
    assert client.get(url(patient)).status_code == 404
    body = {"ceiling_mg": 150, "ceiling_acknowledged": True}
    assert send_json(client, "put", url(patient), body).status_code == 404
    assert Plan.objects.get(patient=patient).ceiling_mg == 80


def test_garbage_is_422(prescriber_client, patient):
    assert send_json(prescriber_client, "put", url(patient), "{{{").status_code == 422


def test_it_needs_credentials(anonymous_client, patient):
    assert anonymous_client.get(url(patient)).status_code == 401
