"""Failures an attack of the running server found, each reproduced as it was reported.

Every test here failed before its fix: a 500, a broken plan saved, a header missing. Bad input
must answer a 4xx naming the field, and nothing invalid may reach the database.
"""

from __future__ import annotations

import json
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from baclo.journal.entry import MAX_INTAKE_MG
from baclo.web.care.models import Plan
from baclo.web.journal.services import local_today
from tests.web.conftest import PASSWORD, send_json

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _plan_reads(patient_id: int) -> list[str]:
    return ["/api/v1/plan", "/plan/", f"/api/v1/patients/{patient_id}/plan"]


def test_a_plan_starting_in_year_9999_is_refused_and_not_saved(patient_client, patient):
    response = send_json(
        patient_client, "put", "/api/v1/plan", {"protocol": "ameisen", "start": "9999-12-31"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "start"
    assert not Plan.objects.filter(patient=patient).exists()


def test_the_plan_pages_still_answer_after_a_refused_far_start(
    patient_client, prescriber_client, patient
):
    send_json(patient_client, "put", "/api/v1/plan", {"protocol": "ameisen", "start": "9999-12-31"})
    assert patient_client.get("/api/v1/plan").status_code == 404
    assert patient_client.get("/plan/").status_code == 200
    assert prescriber_client.get(f"/patients/{patient.pk}/").status_code == 200


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity"])
def test_a_ceiling_that_is_not_a_finite_number_is_refused(patient_client, number):
    body = f'{{"protocol": "ameisen", "start": "2026-01-05", "ceiling_mg": {number}}}'
    response = send_json(patient_client, "put", "/api/v1/plan", body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "ceiling_mg"


def test_a_lone_surrogate_in_a_journal_note_is_refused(patient_client):
    response = send_json(
        patient_client, "put", f"/api/v1/journal/{local_today().isoformat()}", {"note": "\ud800"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["code"] == "encoding"


def test_a_lone_surrogate_as_a_username_is_refused_without_login(anonymous_client):
    response = send_json(
        anonymous_client, "post", "/api/v1/auth/token", {"username": "\ud800", "password": "x"}
    )
    assert response.status_code == 422


def test_a_report_of_year_one_is_refused(patient_client):
    response = patient_client.get("/me/report.pdf?from=0001-01-01&to=0001-12-31")
    assert response.status_code == 400
    assert b"1900-01-01" in response.content


def test_a_custom_taper_step_has_an_upper_bound(patient_client, patient):
    send_json(patient_client, "put", "/api/v1/plan", {"protocol": "ameisen", "start": "2026-01-05"})
    taper = {"speed": "custom", "step_mg": 1e308, "interval_days": 7}
    response = send_json(patient_client, "put", "/api/v1/plan/taper", taper)
    assert response.status_code == 422
    assert "taper.step_mg" in {error["field"] for error in response.json()["detail"]}


def test_a_ten_megabyte_body_answers_413_json_with_debug_on(patient_client, settings):
    settings.DEBUG = True
    body = json.dumps({"note": "x" * 10_000_000})
    response = send_json(patient_client, "put", "/api/v1/plan", body)
    assert response.status_code == 413
    assert response.json()["detail"][0]["code"] == "too_large"


def test_the_api_docs_state_the_intake_range_the_server_applies():
    limits = (DOCS / "api.md").read_text(encoding="utf-8")
    assert f"intake above 0 and up to {MAX_INTAKE_MG:g} mg" in limits


def test_registration_is_throttled_per_address(anonymous_client):
    statuses = []
    for n in range(12):
        form = {
            "username": f"someone-{n}",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "role": "patient",
            "language": "fr",
        }
        statuses.append(Client().post("/accounts/register/", form).status_code)
    assert statuses[0] == 302
    assert statuses[-1] == 429


def test_login_attempts_are_limited_per_account_whatever_the_address(patient):
    statuses = [
        Client(REMOTE_ADDR=f"10.0.0.{n}")
        .post("/accounts/login/", {"username": patient.username, "password": "wrong"})
        .status_code
        for n in range(12)
    ]
    assert statuses[-1] == 429


def test_the_pages_carry_a_content_security_policy_without_inline_scripts(anonymous_client):
    policy = anonymous_client.get("/accounts/login/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_deleting_an_account_deletes_its_sessions(patient):
    client = Client()
    client.post("/accounts/login/", {"username": patient.username, "password": PASSWORD})
    key = client.session.session_key
    store = import_module(settings.SESSION_ENGINE).SessionStore
    assert store().exists(key)
    response = send_json(client, "delete", "/api/v1/me", {"password": PASSWORD})
    assert response.status_code == 204
    assert not store().exists(key)
