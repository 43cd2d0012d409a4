"""POST /api/v1/pk/simulate: the curve of a daily schedule, the same json as the CLI."""

from __future__ import annotations

import datetime as dt

import pytest

from baclo.pk import DailyIntake, simulate
from baclo.web.api import pk as pk_api
from tests.web.conftest import send_json

URL = "/api/v1/pk/simulate"
SCHEDULE = {"intakes": [{"time": "08:00", "dose_mg": 20}, {"time": "16:00", "dose_mg": 30}]}


def test_it_returns_the_same_json_as_the_domain_function(patient_client):
    response = send_json(patient_client, "post", URL, {**SCHEDULE, "days": 3})
    assert response.status_code == 200
    expected = simulate(
        [DailyIntake(time=dt.time(8), dose_mg=20), DailyIntake(time=dt.time(16), dose_mg=30)],
        days=3,
    ).to_dict()
    assert response.json() == expected
    assert response.json()["t_h"][-1] == pytest.approx(72.0)


def test_renal_impairment_raises_the_curve(patient_client):
    normal = send_json(patient_client, "post", URL, SCHEDULE).json()["last_day"]
    impaired = send_json(patient_client, "post", URL, {**SCHEDULE, "crcl_ml_min": 40}).json()
    # CL/F falls with creatinine clearance (Vlavonou 2014): a higher exposure.
    assert impaired["last_day"]["auc_mg_h_l"] > normal["auc_mg_h_l"]


@pytest.mark.parametrize("role", ["prescriber", "analyst", "staff"])
def test_every_role_may_simulate(client_of, role):
    assert send_json(client_of(role), "post", URL, SCHEDULE).status_code == 200


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        pytest.param({}, {"intakes"}, id="no-intakes"),
        pytest.param({"intakes": []}, {"intakes"}, id="empty-intakes"),
        pytest.param(
            {"intakes": [{"time": "8h", "dose_mg": "20"}]},
            {"intakes[0].time", "intakes[0].dose_mg"},
            id="bad-intake",
        ),
        pytest.param({"intakes": [{"time": "08:00", "dose_mg": -5}]}, {"body"}, id="negative"),
        pytest.param(
            {"intakes": [{"time": "08:00", "dose_mg": 301}]},
            {"intakes[0].dose_mg"},
            id="intake-above-300",  # found by test_openapi_fuzz: the schema says at most 300
        ),
        pytest.param({**SCHEDULE, "days": 400}, {"days"}, id="too-many-days"),
        pytest.param({**SCHEDULE, "days": "7"}, {"days"}, id="days-as-text"),
        pytest.param({**SCHEDULE, "crcl_ml_min": 900}, {"body"}, id="crcl-out-of-range"),
        pytest.param({**SCHEDULE, "crcl_ml_min": "low"}, {"crcl_ml_min"}, id="crcl-text"),
        pytest.param({**SCHEDULE, "dayz": 3}, {"dayz"}, id="unknown-field"),
        pytest.param("{", {"body"}, id="garbage"),
    ],
)
def test_it_names_the_bad_fields_with_422(patient_client, body, fields):
    response = send_json(patient_client, "post", URL, body)
    assert response.status_code == 422
    assert {item["field"] for item in response.json()["detail"]} == fields


def test_it_needs_credentials(anonymous_client):
    assert send_json(anonymous_client, "post", URL, SCHEDULE).status_code == 401


def _refuse_to_compute(*args, **kwargs):
    raise AssertionError("a cached schedule was simulated again")


def test_the_same_schedule_is_answered_from_the_cache(patient_client, monkeypatch):
    first = send_json(patient_client, "post", URL, {**SCHEDULE, "days": 2})
    monkeypatch.setattr(pk_api, "simulate", _refuse_to_compute)
    reordered = {"intakes": list(reversed(SCHEDULE["intakes"])), "days": 2}
    again = send_json(patient_client, "post", URL, reordered)
    assert again.status_code == 200
    assert again["Content-Type"] == "application/json; charset=utf-8"
    assert again.json() == first.json()


@pytest.mark.parametrize(
    "change",
    [{"days": 3}, {"crcl_ml_min": 40}, {"intakes": [{"time": "08:00", "dose_mg": 25}]}],
    ids=["days", "clearance", "intakes"],
)
def test_any_change_of_the_inputs_is_simulated_anew(patient_client, change):
    send_json(patient_client, "post", URL, {**SCHEDULE, "days": 2})
    body = {**SCHEDULE, "days": 2, **change}
    daily = [
        DailyIntake(time=dt.time.fromisoformat(i["time"]), dose_mg=i["dose_mg"])
        for i in body["intakes"]
    ]
    expected = simulate(daily, days=body["days"], crcl_ml_min=body.get("crcl_ml_min")).to_dict()
    assert send_json(patient_client, "post", URL, body).json() == expected
