"""PUT /api/v1/journal/{date}: create (201) or replace (200) the caller's entry of a day."""

from __future__ import annotations

import pytest
from django.test import Client

from baclo.web.accounts.models import ApiToken
from baclo.web.journal.models import JournalEntry
from tests.web.api.conftest import NOT_PATIENTS, USUAL_DAY, day
from tests.web.conftest import send_json


def url(date: str) -> str:
    return f"/api/v1/journal/{date}"


def test_it_creates_the_entry_and_adds_computed_fields(patient_client, patient, today):
    response = send_json(patient_client, "put", url(day(today, 0)), USUAL_DAY)
    assert response.status_code == 201
    body = response.json()
    assert body["date"] == day(today, 0)
    assert body["craving"] == {"intensity": 4, "onset": "17:30"}
    # beer 250 mL x 5 % x 0.789 = 9.86 g; custom 330 mL x 8 % x 0.789 = 20.83 g (ethanol density
    # 0.789 g/mL)
    assert body["alcohol_g"] == pytest.approx(30.7, abs=0.05)
    assert body["standard_drinks"] == pytest.approx(3.1, abs=0.05)
    assert body["dose_mg"] == 70
    assert body["alerts"] == []
    stored = JournalEntry.objects.get(patient=patient)
    assert (stored.dose_mg, stored.craving_intensity, stored.mood) == (70, 4, 6)


def test_a_retried_put_replaces_and_answers_200(patient_client, patient, today):
    first = send_json(patient_client, "put", url(day(today, 1)), USUAL_DAY)
    again = send_json(patient_client, "put", url(day(today, 1)), USUAL_DAY)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert JournalEntry.objects.filter(patient=patient).count() == 1


def test_a_put_replaces_the_whole_entry(patient_client, patient, today):
    send_json(patient_client, "put", url(day(today, 0)), USUAL_DAY)
    response = send_json(patient_client, "put", url(day(today, 0)), {"mood": 3})
    assert response.status_code == 200
    assert response.json()["drinks"] == []
    assert JournalEntry.objects.get(patient=patient).alcohol_g == 0


def test_the_last_editable_day_is_seven_days_back(patient_client, today):
    assert send_json(patient_client, "put", url(day(today, 7)), {"mood": 5}).status_code == 201


@pytest.mark.parametrize(
    ("date", "code"),
    [
        pytest.param("tomorrow", "future", id="future"),
        pytest.param("8-days-back", "too_old", id="too-old"),
        pytest.param("2026-02-30", "invalid_date", id="impossible-date"),
        pytest.param("2026-1-5", "invalid_date", id="not-iso"),
        pytest.param("yesterday", "invalid_date", id="a-word"),
    ],
)
def test_it_refuses_dates_outside_the_edit_window(patient_client, patient, today, date, code):
    dates = {"tomorrow": day(today, -1), "8-days-back": day(today, 8)}
    response = send_json(patient_client, "put", url(dates.get(date, date)), USUAL_DAY)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "date"
    assert response.json()["detail"][0]["code"] == code
    assert not JournalEntry.objects.filter(patient=patient).exists()


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        pytest.param({"craving": {"intensity": 11}}, {"craving.intensity"}, id="craving-11"),
        pytest.param({"craving": {"intensity": "4"}}, {"craving.intensity"}, id="craving-text"),
        pytest.param(
            {"intakes": [{"time": "08:00", "dose_mg": -10}]},
            {"intakes[0].dose_mg"},
            id="negative-mg",
        ),
        pytest.param(
            {"intakes": [{"time": "25:00", "dose_mg": 10}]}, {"intakes[0].time"}, id="bad-time"
        ),
        pytest.param(
            {"drinks": [{"kind": "custom", "volume_ml": 500, "abv_percent": 120}]},
            {"drinks[0].abv_percent"},
            id="abv-over-100",
        ),
        pytest.param({"drinks": [{"kind": "cider"}]}, {"drinks[0].kind"}, id="unknown-drink"),
        pytest.param(
            {"side_effects": [{"kind": "fatigue", "severity": 4}]},
            {"side_effects[0].severity"},
            id="severity-4",
        ),
        pytest.param({"note": "x" * 5001}, {"note"}, id="oversized-note"),
        pytest.param({"mood": 5, "moood": 6}, {"moood"}, id="misspelt-field"),
        pytest.param({"mood": 11, "note": 3}, {"mood", "note"}, id="two-bad-fields"),
        pytest.param({"drinks": "beer"}, {"drinks"}, id="drinks-not-a-list"),
        pytest.param([1, 2], {"body"}, id="a-list"),
        pytest.param("{garbage", {"body"}, id="garbage"),
        pytest.param("", {"body"}, id="empty-body"),
    ],
)
def test_it_names_every_bad_field_with_422(patient_client, patient, today, body, fields):
    response = send_json(patient_client, "put", url(day(today, 0)), body)
    assert response.status_code == 422
    assert {item["field"] for item in response.json()["detail"]} == fields
    assert not JournalEntry.objects.filter(patient=patient).exists()


def test_a_refused_put_leaves_the_saved_entry_untouched(patient_client, patient, today):
    send_json(patient_client, "put", url(day(today, 0)), USUAL_DAY)
    send_json(patient_client, "put", url(day(today, 0)), {"mood": 42})
    assert JournalEntry.objects.get(patient=patient).mood == 6


@pytest.mark.parametrize("role", NOT_PATIENTS)
def test_other_roles_have_no_journal(client_of, today, role):
    response = send_json(client_of(role), "put", url(day(today, 0)), USUAL_DAY)
    assert response.status_code == 403
    assert not JournalEntry.objects.exists()


def test_it_needs_credentials(anonymous_client, today):
    assert send_json(anonymous_client, "put", url(day(today, 0)), USUAL_DAY).status_code == 401


def test_each_patient_writes_only_their_own_journal(
    patient_client, other_patient_client, patient, other_patient, today
):
    send_json(patient_client, "put", url(day(today, 0)), USUAL_DAY)
    send_json(other_patient_client, "put", url(day(today, 0)), {"mood": 1})
    assert JournalEntry.objects.get(patient=patient).mood == 6
    assert JournalEntry.objects.get(patient=other_patient).mood == 1


def test_a_browser_session_must_send_the_csrf_token(patient, today):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(patient)
    refused = send_json(browser, "put", url(day(today, 0)), USUAL_DAY)
    assert refused.status_code == 403
    token = "k" * 32  # what the page's CSRF cookie holds (Django's unmasked secret length)
    browser.cookies["csrftoken"] = token
    accepted = send_json(browser, "put", url(day(today, 0)), USUAL_DAY, X_CSRFToken=token)
    assert accepted.status_code == 201


def test_a_bearer_token_needs_no_csrf_token(anonymous_client, patient, today):
    _, key = ApiToken.objects.issue(patient)
    program = Client(enforce_csrf_checks=True)
    response = send_json(
        program, "put", url(day(today, 0)), USUAL_DAY, Authorization=f"Bearer {key}"
    )
    assert response.status_code == 201


def test_a_nul_character_in_the_note_is_refused_on_every_database(patient_client, today):
    # PostgreSQL's jsonb cannot store U+0000: refuse it for everyone, with a field error.
    response = send_json(patient_client, "put", url(day(today, 0)), '{"note": "a\\u0000b"}')
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "note"
