"""PUT/DELETE /api/v1/plan/taper and /api/v1/patients/{id}/plan/taper: start or cancel a taper.

The ``plan`` fixture is Ameisen from 9 days ago (Association Baclofène 2014: 30 30 30 50 50 50 70
70 70
90 ...): yesterday 70 mg/day. The ``fast`` preset takes 10 mg off every 7 days from the taper's
first day, so a taper starting today gives 60 mg/day today.
"""

from __future__ import annotations

import datetime as dt

import pytest

from baclo.web.care.models import AccessLog, Plan
from tests.web.api.conftest import NOT_PATIENTS, OUTSIDERS
from tests.web.conftest import send_json

URL = "/api/v1/plan/taper"


def patient_url(patient) -> str:
    return f"/api/v1/patients/{patient.pk}/plan/taper"


@pytest.fixture
def fast(today) -> dict:
    return {"start": today.isoformat(), "speed": "fast"}


def test_a_patient_starts_a_taper_and_the_plan_follows_it(patient_client, plan, fast, today):
    response = send_json(patient_client, "PUT", URL, fast)
    assert response.status_code == 200
    body = response.json()
    taper = body["taper"]
    assert (taper["from_mg"], taper["status"], taper["speed"]) == (70, "active", "fast")
    assert [s["dose_mg"] for s in taper["steps"]] == [60, 50, 40, 30, 20, 10, 0]
    assert {"code", "date", "message"} <= set(taper["warnings"][0])
    days = {d["date"]: d["dose_mg"] for d in body["days"]}
    assert days[today.isoformat()] == 60
    assert send_json(patient_client, "GET", "/api/v1/plan").json()["taper"] == taper


def test_todays_dose_follows_the_taper(patient_client, plan, fast):
    send_json(patient_client, "PUT", URL, fast)
    today = patient_client.get("/api/v1/plan/today").json()
    assert (today["phase"], today["taper_status"], today["step"]) == ("taper", "active", 0)
    assert today["dose_mg"] == 60
    assert sum(i["dose_mg"] for i in today["intakes"]) == 60


def test_a_linked_prescriber_starts_a_taper_and_it_is_logged(
    prescriber_client, patient, plan, fast
):
    response = send_json(prescriber_client, "PUT", patient_url(patient), fast)
    assert response.status_code == 200
    assert response.json()["taper"]["set_by"] == "dr-carol"
    assert AccessLog.objects.filter(patient=patient, action="change").exists()


def test_cancelling_a_taper_under_way_holds_todays_dose(patient_client, plan, fast, today):
    send_json(patient_client, "PUT", URL, fast)
    response = send_json(patient_client, "DELETE", URL)
    assert response.status_code == 200
    taper = response.json()["taper"]
    assert (taper["status"], taper["stopped_on"]) == ("stopped", today.isoformat())
    assert all(d["dose_mg"] == 60 for d in response.json()["days"] if d["date"] >= str(today))


def test_a_linked_prescriber_cancels_a_planned_taper(prescriber_client, patient, plan, today):
    future = {"start": today.replace(year=today.year + 1).isoformat(), "speed": "slow"}
    send_json(prescriber_client, "PUT", patient_url(patient), future)
    response = send_json(prescriber_client, "DELETE", patient_url(patient))
    assert response.status_code == 200
    assert response.json()["taper"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({"start": "2026-02-30"}, "taper.start", id="impossible-date"),
        pytest.param({"start": "2000-01-01"}, "taper.start", id="before-the-plan"),
        pytest.param({"start": "9999-12-25"}, "taper.start", id="ends-after-9999"),
        pytest.param({"speed": "fast", "start": None}, "taper.start", id="null-start"),
        pytest.param({"speed": "turbo"}, "taper.speed", id="unknown-speed"),
        pytest.param({"speed": "custom"}, "taper.step_mg", id="custom-without-step"),
        pytest.param({"to_mg": 500}, "taper.to_mg", id="residual-above-start"),
        pytest.param({"from_mg": 81}, "taper.from_mg", id="above-the-ceiling"),
        pytest.param({"from_mg": "70"}, "taper.from_mg", id="dose-as-text"),
        pytest.param({"colour": "red"}, "taper.colour", id="unknown-field"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(patient_client, patient, plan, fast, body, field):
    response = send_json(patient_client, "PUT", URL, {**fast, **body})
    assert response.status_code == 422
    assert field in {d["field"] for d in response.json()["detail"]}
    assert Plan.objects.get(patient=patient).tapers == []


@pytest.mark.parametrize("body", ["[1, 2]", "null", "{", '"slow"'], ids=str)
def test_a_body_that_is_not_an_object_is_a_422(patient_client, plan, body):
    assert send_json(patient_client, "PUT", URL, body).status_code == 422


def test_without_a_plan_it_is_a_422(patient_client, fast):
    response = send_json(patient_client, "PUT", URL, fast)
    assert response.status_code == 422
    assert response.json()["detail"][0]["code"] == "no_plan"


def test_cancelling_without_a_taper_is_a_422(patient_client, plan):
    response = send_json(patient_client, "DELETE", URL)
    assert response.status_code == 422
    assert response.json()["detail"][0]["code"] == "no_taper"


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
@pytest.mark.parametrize("role", NOT_PATIENTS)
def test_other_roles_have_no_taper_of_their_own(client_of, plan, fast, role, method):
    assert send_json(client_of(role), method, URL, fast).status_code == 403


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_cannot_touch_the_patients_taper(client_of, patient, plan, fast, role, method):
    assert send_json(client_of(role), method, patient_url(patient), fast).status_code == 404
    assert Plan.objects.get(patient=patient).tapers == []


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_it_needs_credentials(anonymous_client, plan, fast, method):
    assert send_json(anonymous_client, method, URL, fast).status_code == 401


def test_a_taper_starting_yesterday_is_a_422_in_past(patient_client, patient, plan, today):
    yesterday = today - dt.timedelta(days=1)
    response = send_json(patient_client, "PUT", URL, {"start": yesterday.isoformat()})
    assert response.status_code == 422
    assert [(d["field"], d["code"]) for d in response.json()["detail"]] == [
        ("taper.start", "in_past")
    ]
    assert Plan.objects.get(patient=patient).tapers == []


def test_a_taper_above_yesterdays_dose_is_a_422(patient_client, patient, plan, fast):
    # Yesterday 70 mg/day (fixture); 80 is the ceiling, allowed as such, but above yesterday's.
    response = send_json(patient_client, "PUT", URL, {**fast, "from_mg": 80})
    assert response.status_code == 422
    assert response.json()["detail"][0]["code"] == "above_current_dose"
    assert Plan.objects.get(patient=patient).tapers == []


def test_a_plan_change_raising_the_dose_into_a_begun_taper_is_a_422(
    patient_client, patient, plan, fast, today
):
    # The taper began today from 70; from 3 days ago, Ameisen gives 30 mg/day yesterday.
    send_json(patient_client, "PUT", URL, fast)
    later = (today - dt.timedelta(days=3)).isoformat()
    response = send_json(patient_client, "PUT", "/api/v1/plan", {"start": later})
    assert response.status_code == 422
    assert response.json()["detail"][0]["code"] == "below_taper"
    assert Plan.objects.get(patient=patient).start_date == today - dt.timedelta(days=9)


def beyond_limits(today) -> dict:
    """-20 mg every day from 70 mg/day: faster and larger than the taper limits allow."""
    return {"start": today.isoformat(), "speed": "custom", "step_mg": 20, "interval_days": 1}


def test_a_pace_beyond_the_limits_is_refused(patient_client, patient, plan, today):
    response = send_json(patient_client, "PUT", URL, beyond_limits(today))
    assert response.status_code == 422
    codes = {(e["field"], e["code"]) for e in response.json()["detail"]}
    assert ("taper.interval_days", "fast_pace") in codes
    assert Plan.objects.get(patient=patient).tapers == []


def test_a_patient_cannot_override_the_limits(patient_client, patient, plan, today):
    body = {**beyond_limits(today), "override_reason": "I want to stop now"}
    response = send_json(patient_client, "PUT", URL, body)
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["field"], error["code"]) == ("taper.override_reason", "prescriber_only")
    assert Plan.objects.get(patient=patient).tapers == []


def test_a_linked_prescriber_overrides_the_limits_with_a_recorded_reason(
    prescriber_client, patient, plan, today
):
    reason = "severe side effects, hospital follow-up"
    body = {**beyond_limits(today), "override_reason": reason}
    response = send_json(prescriber_client, "PUT", patient_url(patient), body)
    assert response.status_code == 200
    taper = response.json()["taper"]
    assert taper["override"]["reason"] == reason
    assert [s["dose_mg"] for s in taper["steps"]][:2] == [50, 30]
    assert Plan.objects.get(patient=patient).tapers[0]["override"] == reason


def test_new_tablets_that_cannot_make_the_coming_taper_doses_answer_422_naming_tablets(
    patient_client, plan, today
):
    # From 70 in 15 mg steps: 55 mg today, which 20 mg tablets (10 mg steps) cannot make.
    custom = {"start": today.isoformat(), "speed": "custom", "step_mg": 15, "interval_days": 7}
    assert send_json(patient_client, "PUT", URL, custom).status_code == 200
    response = send_json(patient_client, "PUT", "/api/v1/plan", {"tablets": [20]})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["field"], error["code"]) == ("tablets", "not_takeable")
    assert Plan.objects.get().tablets == [10]
