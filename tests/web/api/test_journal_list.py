"""GET /api/v1/journal?from&to: the caller's entries by date."""

from __future__ import annotations

import datetime as dt

import pytest

from baclo.web.journal import services
from tests.web.api.conftest import NOT_PATIENTS


def dates(response) -> list[str]:
    return [entry["date"] for entry in response.json()]


def test_it_lists_all_entries_by_date(patient_client, saved_entries):
    response = patient_client.get("/api/v1/journal")
    assert response.status_code == 200
    assert dates(response) == saved_entries


def test_it_filters_by_inclusive_range(patient_client, saved_entries):
    response = patient_client.get(
        "/api/v1/journal", {"from": saved_entries[1], "to": saved_entries[2]}
    )
    assert dates(response) == saved_entries[1:]


def test_an_open_ended_range_works(patient_client, saved_entries):
    assert dates(patient_client.get("/api/v1/journal", {"to": saved_entries[0]})) == [
        saved_entries[0]
    ]


def test_it_lists_only_the_callers_entries(other_patient_client, saved_entries):
    assert other_patient_client.get("/api/v1/journal").json() == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        pytest.param({"from": "2026-02-30"}, "from", id="impossible-from"),
        pytest.param({"to": "soon"}, "to", id="word-to"),
        pytest.param({"from": "2026-03-02", "to": "2026-03-01"}, "from", id="reversed"),
    ],
)
def test_it_refuses_bad_ranges_with_422(patient_client, query, field):
    response = patient_client.get("/api/v1/journal", query)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == field


@pytest.mark.parametrize("role", NOT_PATIENTS)
def test_other_roles_have_no_journal(client_of, saved_entries, role):
    assert client_of(role).get("/api/v1/journal").status_code == 403


def test_it_needs_credentials(anonymous_client):
    assert anonymous_client.get("/api/v1/journal").status_code == 401


def test_the_number_of_queries_does_not_grow_with_the_entries(
    patient_client, patient, today, django_assert_max_num_queries
):
    for days_back in range(8):
        services.save_entry(patient, today - dt.timedelta(days=days_back), {"mood": 5}, today=today)
    # session, user, entries, open alerts: one query each, not one per entry.
    with django_assert_max_num_queries(6):
        assert len(patient_client.get("/api/v1/journal").json()) == 8
