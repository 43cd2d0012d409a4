"""POST /api/v1/patients/{id}/pk/individualise and GET .../pk/individual: levels -> own PK."""

from __future__ import annotations

import datetime as dt

import pytest

from baclo.web.care.models import AccessAction, AccessLog, CareLink, LinkStatus
from baclo.web.levels.models import IndividualEstimate
from baclo.web.safety.models import HealthProfile
from tests.web.api.conftest import OUTSIDERS
from tests.web.conftest import send_json


def url(patient) -> str:
    return f"/api/v1/patients/{patient.pk}/pk/individualise"


def level(
    today: dt.date,
    value: float = 250,
    unit: str = "ng/mL",
    days_back: int = 2,
    clock: dt.time = dt.time(10),
) -> dict:
    """A level drawn at 10:00, two hours after the 08:00 intake of a saved entry."""
    moment = dt.datetime.combine(today - dt.timedelta(days=days_back), clock)
    return {"taken_at": moment.isoformat(timespec="minutes"), "value": value, "unit": unit}


def test_the_linked_prescriber_gets_and_stores_the_estimate(
    prescriber_client, prescriber, patient, saved_entries, today
):
    response = send_json(prescriber_client, "post", url(patient), {"samples": [level(today)]})
    assert response.status_code == 200, response.json()
    data = response.json()
    cl = data["parameters"]["cl"]
    assert cl["interval_90"][0] < cl["estimate"] < cl["interval_90"][1]
    assert data["samples"][0]["observed_mg_l"] == 0.25
    [stored] = IndividualEstimate.objects.all()
    assert (stored.patient, stored.created_by, stored.id) == (patient, prescriber, data["id"])
    assert stored.cl_l_per_h == pytest.approx(cl["estimate"], rel=1e-5)
    assert stored.summary().estimated == ("cl", "v")


def test_the_access_is_logged_as_a_change(
    prescriber_client, prescriber, patient, saved_entries, today
):
    send_json(prescriber_client, "post", url(patient), {"samples": [level(today)]})
    [log] = AccessLog.objects.all()
    assert (log.actor, log.patient, log.action) == (prescriber, patient, AccessAction.CHANGE)


def test_the_patient_may_individualise_themself_without_a_log_line(
    patient_client, patient, saved_entries, today
):
    response = send_json(patient_client, "post", url(patient), {"samples": [level(today)]})
    assert response.status_code == 200
    assert not AccessLog.objects.exists()


def test_the_declared_renal_function_moves_the_prior(patient_client, patient, saved_entries, today):
    normal = send_json(patient_client, "post", url(patient), {"samples": [level(today)]}).json()
    HealthProfile.objects.create(patient=patient, crcl_ml_min=40)
    impaired = send_json(patient_client, "post", url(patient), {"samples": [level(today)]}).json()
    assert impaired["crcl_ml_min"] == 40
    assert impaired["parameters"]["cl"]["typical"] < normal["parameters"]["cl"]["typical"]


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_get_404_and_nothing_is_stored(client_of, patient, saved_entries, today, role):
    response = send_json(client_of(role), "post", url(patient), {"samples": [level(today)]})
    assert response.status_code == 404
    assert not IndividualEstimate.objects.exists()


def test_a_revoked_link_gives_404(prescriber_client, prescriber, patient, saved_entries, today):
    CareLink.objects.filter(prescriber=prescriber).update(status=LinkStatus.REVOKED)
    response = send_json(prescriber_client, "post", url(patient), {"samples": [level(today)]})
    assert response.status_code == 404


def _refused(client, patient, body) -> dict[str, str]:
    response = send_json(client, "post", url(patient), body)
    assert response.status_code == 422
    assert not IndividualEstimate.objects.exists()
    return {e["field"]: e["code"] for e in response.json()["detail"]}


def test_a_suspected_unit_is_asked_about_and_nothing_stored(
    prescriber_client, patient, saved_entries, today
):
    body = {"samples": [level(today, value=250, unit="mg/L")]}
    assert _refused(prescriber_client, patient, body) == {"samples[0].level": "unit_suspected"}
    confirmed = {**body, "units_confirmed": True}
    assert _refused(prescriber_client, patient, confirmed) == {"samples[0].level": "out_of_range"}


@pytest.mark.parametrize(
    ("sample", "field", "code"),
    [
        pytest.param({"days_back": -1}, "samples[0].taken_at", "in_future", id="tomorrow"),
        pytest.param(
            {"days_back": 5, "clock": dt.time(7)},
            "samples[0].taken_at",
            "before_first_dose",
            id="before-the-first-logged-intake",
        ),
        pytest.param({"value": 0}, "samples[0].level", "out_of_range", id="zero"),
        pytest.param({"unit": "g/L"}, "samples[0].unit", "choice", id="unknown-unit"),
    ],
)
def test_bad_levels_are_refused_naming_the_field(
    prescriber_client, patient, saved_entries, today, sample, field, code
):
    body = {"samples": [level(today, **sample)]}
    assert _refused(prescriber_client, patient, body)[field] == code


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        pytest.param({}, "samples", "required", id="no-samples"),
        pytest.param({"samples": []}, "samples", "required", id="empty"),
        pytest.param(
            {"samples": [{"taken_at": "yesterday", "value": 1}]},
            "samples[0].taken_at",
            "format",
            id="bad-time",
        ),
        pytest.param(
            {"samples": [{"taken_at": "2026-03-01T10:00", "value": "1"}]},
            "samples[0].value",
            "type",
            id="text-value",
        ),
        pytest.param({"samples": [], "dose": 3}, "dose", "unknown", id="unknown-field"),
        pytest.param(
            {"samples": [], "units_confirmed": "yes"}, "units_confirmed", "type", id="confirm-text"
        ),
        pytest.param([], "body", "type", id="not-an-object"),
    ],
)
def test_malformed_bodies_are_refused_naming_the_field(
    prescriber_client, patient, saved_entries, body, field, code
):
    assert _refused(prescriber_client, patient, body)[field] == code


def test_without_logged_intakes_the_level_cannot_be_read(prescriber_client, patient, today):
    body = {"samples": [level(today)]}
    assert _refused(prescriber_client, patient, body) == {"intakes": "required"}


def test_the_latest_estimate_can_be_read_back(prescriber_client, patient, saved_entries, today):
    latest = f"/api/v1/patients/{patient.pk}/pk/individual"
    assert prescriber_client.get(latest).status_code == 404
    posted = send_json(prescriber_client, "post", url(patient), {"samples": [level(today)]})
    response = prescriber_client.get(latest)
    assert response.status_code == 200
    assert response.json() == posted.json()


def test_the_estimate_is_in_the_patients_export(
    prescriber_client, patient_client, patient, saved_entries, today
):
    send_json(prescriber_client, "post", url(patient), {"samples": [level(today)]})
    [exported] = patient_client.get("/api/v1/me/export").json()["pk_estimates"]
    assert exported["levels"][0]["value"] == 250
    assert exported["estimate"]["model"] == "simon-2018"
