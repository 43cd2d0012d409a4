"""The charts page (journal.views.charts): staircase with craving and alcohol, the day's curve."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from baclo.web.journal.services import save_entry

from .conftest import NOT_PATIENTS, TODAY

URL = reverse("journal:charts")


def test_it_shows_the_staircase_with_what_was_logged(patient_client: Client, patient, plan) -> None:
    save_entry(
        patient,
        TODAY,
        {
            "intakes": [{"time": "08:00", "dose_mg": 30}, {"time": "16:00", "dose_mg": 30}],
            "craving": {"intensity": 5, "onset": "17:00"},
            "drinks": [{"kind": "wine"}],
        },
        today=TODAY,
    )
    response = patient_client.get(URL)
    assert response.status_code == 200
    today_row = next(r for r in response.context["rows"] if r["date"] == TODAY)
    # wine 100 mL at 12 %: 100 x 0.12 x 0.789 = 9.468 g -> 9.5 (baclo.alcohol defaults).
    assert today_row == {
        "date": TODAY,
        "planned_mg": 60,
        "taken_mg": 60,
        "craving": 5,
        "alcohol_g": 9.5,
        "drinks": 0.9,  # 9.5 g / 10 g per French standard drink, rounded
    }
    html = response.content.decode()
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert "<table>" in html  # readable without JavaScript


def test_the_day_curve_uses_the_logged_intakes_and_marks_the_craving(
    patient_client: Client, patient, plan
) -> None:
    save_entry(
        patient,
        TODAY,
        {
            "intakes": [{"time": "16:00", "dose_mg": 60}],
            "craving": {"intensity": 5, "onset": "17:00"},
        },
        today=TODAY,
    )
    response = patient_client.get(URL)
    curve = response.context["curve"]
    assert response.context["curve_from_entry"]
    assert curve["intakes"] == [{"time": "16:00", "dose_mg": 60.0}]
    assert response.context["onset"] == "17:00"
    assert all(p["p5"] <= p["typical"] <= p["p95"] for p in curve["points"])
    # One 60 mg intake at 16:00: the steady-state peak comes 1-2 h later (ka 1.64/h, t1/2 ~4.4 h).
    assert "17:00" <= curve["peak"]["clock"] <= "18:00"
    assert 'data-onset="17:00"' in response.content.decode()


def test_without_an_entry_the_curve_uses_the_planned_intakes(patient_client: Client, plan) -> None:
    response = patient_client.get(URL)
    assert not response.context["curve_from_entry"]
    assert sum(i["dose_mg"] for i in response.context["curve"]["intakes"]) == 60


def test_it_says_what_to_do_when_there_is_nothing_yet(patient_client: Client) -> None:
    response = patient_client.get(URL)
    assert response.context["rows"] == []
    assert response.context["curve"] is None


def test_the_chart_data_is_valid_json(patient_client: Client, plan) -> None:
    html = patient_client.get(URL).content.decode()
    start = html.index('id="staircase-data" type="application/json">') + len(
        'id="staircase-data" type="application/json">'
    )
    rows = json.loads(html[start : html.index("</script>", start)])
    assert rows[0]["date"] == "2026-03-02"


def test_it_rejects_post(patient_client: Client) -> None:
    assert patient_client.post(URL).status_code == 405


@NOT_PATIENTS
def test_it_is_only_for_patients(request: pytest.FixtureRequest, client_name: str) -> None:
    assert request.getfixturevalue(client_name).get(URL).status_code == 404
