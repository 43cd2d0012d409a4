"""The safety API (api.alerts): alerts, one-tap actions, acknowledgement, questionnaires."""

from __future__ import annotations

import pytest

from baclo.web.care.models import AccessLog
from baclo.web.safety.models import Alert, QuestionnaireResponse

from ..conftest import send_json
from .conftest import TODAY, entry, save


@pytest.fixture
def severe(patient, plan) -> Alert:
    save(patient, entry(effects={"nausea": 3}))
    return Alert.objects.get(patient=patient, rule="severe_side_effect")


def test_a_patient_lists_their_open_alerts(patient_client, severe):
    (alert,) = patient_client.get("/api/v1/alerts").json()
    assert (alert["id"], alert["severity"], alert["patient_done"]) == (severe.pk, "warning", False)


@pytest.mark.parametrize("role", ["prescriber", "analyst", "staff"])
def test_only_patients_have_own_alerts(client_of, role):
    assert client_of(role).get("/api/v1/alerts").status_code == 403


def test_applying_hold_adds_the_event_to_the_plan(patient_client, plan, severe):
    response = send_json(patient_client, "POST", f"/api/v1/alerts/{severe.pk}/actions/0")
    assert response.status_code == 200
    assert response.json()["applied"]["event"] == {
        "kind": "hold",
        "date": TODAY.isoformat(),
        "days": 3,
    }
    plan.refresh_from_db()
    assert len(plan.events) == 1


def test_applying_twice_is_refused_with_422(patient_client, severe):
    send_json(patient_client, "POST", f"/api/v1/alerts/{severe.pk}/actions/0")
    response = send_json(patient_client, "POST", f"/api/v1/alerts/{severe.pk}/actions/1")
    assert response.status_code == 422
    assert response.json()["detail"][0]["code"] == "applied"


@pytest.mark.parametrize(
    ("who", "path"),
    [
        pytest.param("other_patient", "actions/0", id="someone-elses-alert"),
        pytest.param("patient", "actions/7", id="no-such-action"),
        pytest.param("other_patient", "dismiss", id="dismiss-someone-elses"),
    ],
)
def test_unknown_alerts_and_actions_are_404(client_of, severe, who, path):
    response = send_json(client_of(who), "POST", f"/api/v1/alerts/{severe.pk}/{path}")
    assert response.status_code == 404


def test_dismiss_answers_204_and_keeps_the_alert_open(patient_client, severe):
    response = send_json(patient_client, "POST", f"/api/v1/alerts/{severe.pk}/dismiss")
    assert response.status_code == 204
    severe.refresh_from_db()
    assert (severe.status, severe.patient_done_at is not None) == ("open", True)


def test_the_linked_prescriber_reads_and_acknowledges(patient, prescriber_client, severe):
    url = f"/api/v1/patients/{patient.pk}/alerts"
    assert [a["id"] for a in prescriber_client.get(url).json()] == [severe.pk]
    response = send_json(
        prescriber_client, "POST", f"{url}/{severe.pk}/acknowledge", {"comment": "called"}
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["comment"]) == ("acknowledged", "called")
    assert AccessLog.objects.filter(patient=patient, action="change").exists()


@pytest.mark.parametrize("who", ["unlinked_prescriber", "other_patient", "analyst", "staff"])
def test_outsiders_get_404_for_a_patients_alerts(client_of, patient, severe, who):
    url = f"/api/v1/patients/{patient.pk}/alerts"
    assert client_of(who).get(url).status_code == 404
    response = send_json(client_of(who), "POST", f"{url}/{severe.pk}/acknowledge", {})
    assert response.status_code in (403, 404)
    severe.refresh_from_db()
    assert severe.status == "open"


def test_a_too_long_comment_is_422(patient, prescriber_client, severe):
    url = f"/api/v1/patients/{patient.pk}/alerts/{severe.pk}/acknowledge"
    response = send_json(prescriber_client, "POST", url, {"comment": "x" * 2001})
    assert response.status_code == 422


def test_answering_phq9_with_item9_returns_the_crisis_alert(patient, patient_client):
    body = {"answers": [0, 0, 0, 0, 0, 0, 0, 0, 2]}
    response = send_json(patient_client, "POST", "/api/v1/questionnaires/phq9", body)
    assert response.status_code == 201
    data = response.json()
    assert (data["score"], data["crisis"]) == (2, True)
    assert [a["rule"] for a in data["alerts"]] == ["dark_thoughts"]
    assert patient_client.get("/api/v1/questionnaires").json()[0]["score"] == 2


@pytest.mark.parametrize(
    "answers",
    [
        pytest.param([1] * 8, id="too-few"),
        pytest.param([1] * 8 + [9], id="out-of-range"),
        pytest.param([1] * 8 + [True], id="boolean"),
        pytest.param([1] * 8 + ["one"], id="text"),
    ],
)
def test_bad_answers_are_422_and_nothing_is_stored(patient_client, answers):
    response = send_json(
        patient_client, "POST", "/api/v1/questionnaires/phq9", {"answers": answers}
    )
    assert response.status_code == 422
    assert response.json()["detail"]
    assert QuestionnaireResponse.objects.count() == 0


def test_an_unknown_questionnaire_is_404(patient_client):
    response = send_json(patient_client, "POST", "/api/v1/questionnaires/beck", {"answers": [1]})
    assert response.status_code == 404
