"""The split planner (journal.views.planner): the curve of any split, without saving anything."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from baclo.pk import load_model

from .conftest import NOT_PATIENTS

URL = reverse("journal:planner")


def test_it_starts_from_todays_planned_split(patient_client: Client, plan) -> None:
    response = patient_client.get(URL)
    assert response.status_code == 200
    assert response.context["total"] == 60
    assert response.context["curve"] is not None
    assert response.context["model"]["ka"] == load_model().ka_per_h  # what the browser uses
    # After an edit the browser asks the API for the population band.
    assert 'data-simulate-url="/api/v1/pk/simulate"' in response.content.decode()


def test_without_javascript_the_form_redraws_on_the_server(patient_client: Client) -> None:
    response = patient_client.get(URL, {"time": ["08:00", "17:00", ""], "dose": ["20", "40,5", ""]})
    assert response.context["total"] == 60.5
    assert response.context["curve"]["intakes"] == [
        {"time": "08:00", "dose_mg": 20.0},
        {"time": "17:00", "dose_mg": 40.5},
    ]


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ({"time": ["08:00"], "dose": ["-10"]}, ("dose_errors",)),
        ({"time": ["8h"], "dose": ["10"]}, ("time_errors",)),
        ({"time": [""], "dose": ["400"]}, ("time_errors", "dose_errors")),
    ],
    ids=["negative-dose", "bad-time", "no-time-and-too-much"],
)
def test_it_shows_bad_input_next_to_the_field(
    patient_client: Client, query: dict[str, list[str]], errors: tuple[str, ...]
) -> None:
    response = patient_client.get(URL, query)
    assert response.status_code == 200
    first = response.context["rows"][0]
    assert all(first[name] for name in errors)
    assert response.context["curve"] is None


def test_it_rejects_post(patient_client: Client) -> None:
    assert patient_client.post(URL).status_code == 405


@NOT_PATIENTS
def test_it_is_only_for_patients(request: pytest.FixtureRequest, client_name: str) -> None:
    assert request.getfixturevalue(client_name).get(URL).status_code == 404
