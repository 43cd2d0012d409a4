"""GET and PUT /api/v1/plan: the caller's protocol, start, ceiling, events and split settings."""

from __future__ import annotations

import pytest

from baclo.web.care.models import Plan
from tests.web.api.conftest import AMEISEN, NOT_PATIENTS
from tests.web.conftest import send_json

URL = "/api/v1/plan"


def test_a_patient_creates_a_plan_with_the_default_ceiling(patient_client, patient):
    response = send_json(patient_client, "put", URL, AMEISEN)
    assert response.status_code == 201
    body = response.json()
    assert (body["protocol"], body["start"], body["ceiling_mg"]) == ("ameisen", "2026-01-05", 80)
    # Ameisen table (Association Baclofène 2014): 30 30 30 50 50 50 70 ..., held at the 80 mg/day
    # ceiling.
    doses = [d["dose_mg"] for d in body["days"]]
    assert doses[:10] == [30, 30, 30, 50, 50, 50, 70, 70, 70, 80]
    assert max(doses) == 80
    assert body["capped"] is True
    assert body["ceiling_acknowledgement"] is None
    assert Plan.objects.get(patient=patient).updated_by == patient


def test_a_second_put_updates_and_answers_200(patient_client):
    send_json(patient_client, "put", URL, AMEISEN)
    response = send_json(
        patient_client,
        "put",
        URL,
        {
            "events": [{"kind": "hold", "date": "2026-01-07", "days": 3}],
            "split": {"mode": "fractionated"},
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert [d["dose_mg"] for d in body["days"][:7]] == [30, 30, 30, 30, 30, 30, 50]
    assert body["split"]["mode"] == "fractionated"


def test_get_returns_the_saved_plan(patient_client):
    send_json(patient_client, "put", URL, {**AMEISEN, "split": {"craving_onset": "18:00"}})
    response = patient_client.get(URL)
    assert response.status_code == 200
    assert response.json()["split"]["craving_onset"] == "18:00"


def test_get_without_a_plan_is_404(patient_client):
    assert patient_client.get(URL).status_code == 404


@pytest.mark.parametrize(
    ("ceiling", "code"),
    [
        pytest.param(150, "prescriber_only", id="above-80"),
        pytest.param(301, "above_hard_limit", id="above-300"),
        pytest.param(0, "range", id="zero"),
        pytest.param("80", "type", id="text"),
        pytest.param(82.5, "type", id="not-whole"),
    ],
)
def test_a_patient_cannot_set_a_ceiling_above_80(patient_client, ceiling, code):
    response = send_json(patient_client, "put", URL, {**AMEISEN, "ceiling_mg": ceiling})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["field"], error["code"]) == ("ceiling_mg", code)
    assert not Plan.objects.exists()


def test_a_patient_may_lower_their_own_ceiling(patient_client):
    response = send_json(patient_client, "put", URL, {**AMEISEN, "ceiling_mg": 60})
    assert response.status_code == 201
    assert max(d["dose_mg"] for d in response.json()["days"]) == 60


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        pytest.param({"start": "2026-01-05"}, {"protocol"}, id="missing-protocol"),
        pytest.param({"protocol": "ameisen"}, {"start"}, id="missing-start"),
        pytest.param({**AMEISEN, "protocol": "fast"}, {"protocol"}, id="unknown-protocol"),
        pytest.param({**AMEISEN, "start": "2026-02-30"}, {"start"}, id="impossible-start"),
        pytest.param({**AMEISEN, "colour": "red"}, {"colour"}, id="unknown-field"),
        pytest.param(
            {**AMEISEN, "split": {"wake": "7h", "mode": "fast", "tablet_mg": 7}},
            {"split.wake", "split.mode", "split.tablet_mg"},
            id="bad-split",
        ),
        pytest.param({**AMEISEN, "tablets": [7.3]}, {"tablets"}, id="tablet-not-half-mg"),
        pytest.param({**AMEISEN, "tablets": []}, {"tablets"}, id="no-tablet"),
        pytest.param({**AMEISEN, "tablets": [10, 10]}, {"tablets"}, id="tablet-twice"),
        pytest.param({**AMEISEN, "tablets": "10"}, {"tablets"}, id="tablets-not-a-list"),
        pytest.param({**AMEISEN, "tablets": [-10]}, {"tablets"}, id="negative-tablet"),
        pytest.param(
            {**AMEISEN, "split": {"tablet_mg": 10}},
            {"split.tablet_mg"},
            id="tablet-size-moved-to-tablets",
        ),
        pytest.param(
            {**AMEISEN, "events": [{"kind": "party", "date": "2026-01-06"}]},
            {"events.kind"},
            id="unknown-event",
        ),
        pytest.param(
            {**AMEISEN, "events": [{"kind": "hold", "date": "2025-12-01", "days": 2}]},
            {"events.date"},
            id="event-before-start",
        ),
        pytest.param({**AMEISEN, "ceiling_mg": 20}, {"ceiling_mg"}, id="below-first-dose"),
        pytest.param(
            {"protocol": "custom", "start": "2026-01-05", "parameters": {"speed": 2}},
            {"parameters"},
            id="unknown-parameter",
        ),
        pytest.param({**AMEISEN, "parameters": []}, {"parameters"}, id="parameters-not-object"),
        pytest.param({**AMEISEN, "events": "hold"}, {"events"}, id="events-not-a-list"),
        pytest.param({**AMEISEN, "parameters": {"start_mg": 5}}, {"parameters"}, id="fixed-table"),
        pytest.param([AMEISEN], {"body"}, id="a-list"),
        pytest.param("{garbage", {"body"}, id="garbage"),
    ],
)
def test_it_names_the_bad_fields_with_422(patient_client, body, fields):
    response = send_json(patient_client, "put", URL, body)
    assert response.status_code == 422, response.json()
    assert {item["field"] for item in response.json()["detail"]} == fields
    assert not Plan.objects.exists()


def test_an_empty_put_keeps_the_stored_plan(patient_client):
    created = send_json(patient_client, "put", URL, AMEISEN).json()
    response = send_json(patient_client, "put", URL, {})
    assert response.status_code == 200
    assert response.json() == created


def test_a_new_plan_without_protocol_and_start_names_both(patient_client):
    response = send_json(patient_client, "put", URL, {})
    assert response.status_code == 422
    assert {(i["field"], i["code"]) for i in response.json()["detail"]} == {
        ("protocol", "required"),
        ("start", "required"),
    }
    assert not Plan.objects.exists()


def test_the_schema_requires_no_field_because_a_put_keeps_what_it_omits(anonymous_client):
    document = anonymous_client.get("/api/v1/openapi.json").json()
    body = document["paths"][URL]["put"]["requestBody"]["content"]["application/json"]["schema"]
    assert "required" not in body
    assert "default" not in body["properties"]["protocol"]


@pytest.mark.parametrize("role", NOT_PATIENTS)
def test_other_roles_have_no_plan_of_their_own(client_of, role):
    assert send_json(client_of(role), "put", URL, AMEISEN).status_code == 403
    assert client_of(role).get(URL).status_code == 403


def test_it_needs_credentials(anonymous_client):
    assert anonymous_client.get(URL).status_code == 401
    assert send_json(anonymous_client, "put", URL, AMEISEN).status_code == 401


def test_events_are_stored_as_the_domain_reads_them(patient_client, patient):
    event = {"kind": "hold", "date": "2026-01-07", "days": 2, "why": "tired"}
    response = send_json(patient_client, "put", URL, {**AMEISEN, "events": [event]})
    assert response.status_code == 201
    assert Plan.objects.get(patient=patient).events == [
        {"kind": "hold", "date": "2026-01-07", "days": 2}
    ]


def test_the_tablets_are_stored_sorted_and_answered(patient_client, patient):
    send_json(patient_client, "put", URL, AMEISEN)
    response = send_json(patient_client, "put", URL, {"tablets": [40, 10, 20]})
    assert response.status_code == 200
    assert response.json()["tablets"] == [10, 20, 40]
    assert Plan.objects.get(patient=patient).tablets == [10, 20, 40]


def test_a_new_plan_has_one_10_mg_tablet(patient_client):
    assert send_json(patient_client, "put", URL, AMEISEN).json()["tablets"] == [10]


def test_bad_tablets_change_nothing(patient_client, patient):
    send_json(patient_client, "put", URL, {**AMEISEN, "tablets": [20]})
    response = send_json(patient_client, "put", URL, {"tablets": [0.3], "ceiling_mg": 60})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["field"], error["code"]) == ("tablets", "tablet_not_half_mg")
    plan = Plan.objects.get(patient=patient)
    assert (plan.tablets, plan.ceiling_mg) == ([20], 80)


def test_tablets_that_cannot_make_the_plans_doses_are_refused(patient_client, patient):
    # RTU 2014 starts at 15 mg/day: halves of a 20 mg tablet make 10, 20, 30 ... never 15.
    send_json(patient_client, "put", URL, {**AMEISEN, "protocol": "rtu-2014"})
    response = send_json(patient_client, "put", URL, {"tablets": [20]})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["field"], error["code"]) == ("tablets", "not_takeable")
    assert Plan.objects.get(patient=patient).tablets == [10]
