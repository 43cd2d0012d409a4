"""The charts page (journal.views.charts): staircase with craving and alcohol, the day's curve."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse

from baclo.journal import entry_to_dict, parse_entry
from baclo.web.care.services import plan_payload
from baclo.web.journal import charts as chart_data
from baclo.web.journal.models import JournalEntry
from baclo.web.journal.services import save_entry

from .conftest import NOT_PATIENTS, PLAN_START, TODAY

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


def _year_of_entries(patient) -> None:
    """A logged day every week for a year, today included."""
    for week in range(53):
        day = TODAY - dt.timedelta(weeks=week)
        data = entry_to_dict(parse_entry({"craving": {"intensity": 3}}, entry_date=day))
        JournalEntry.objects.create(patient=patient, date=day, data=data, craving_intensity=3)


def test_it_shows_the_last_three_months_and_two_weeks_of_plan_by_default(
    patient_client: Client, patient, plan
) -> None:
    _year_of_entries(patient)
    response = patient_client.get(URL)
    rows = response.context["rows"]
    # The oldest entry of the last 90 days is 12 weeks old; older ones are not shown.
    assert (rows[0]["date"], rows[-1]["date"]) == (
        TODAY - dt.timedelta(weeks=12),
        TODAY + dt.timedelta(days=14),
    )
    assert response.context["period"] == 90
    assert '<a href="?period=90" aria-current="page">3 mois</a>' in response.content.decode()


@pytest.mark.parametrize(("period", "days"), [("30", 30), ("365", 365)], ids=["30 days", "1 year"])
def test_another_period_is_shown_on_demand(
    patient_client: Client, patient, plan, period: str, days: int
) -> None:
    _year_of_entries(patient)
    rows = patient_client.get(URL, {"period": period}).context["rows"]
    weeks = (days - 1) // 7
    assert rows[0]["date"] == TODAY - dt.timedelta(weeks=weeks)
    logged = [row["date"] for row in rows if row["craving"] is not None]
    assert logged == [TODAY - dt.timedelta(weeks=w) for w in reversed(range(weeks + 1))]


@pytest.mark.parametrize(
    "period", ["abc", "1000", "", "-5"], ids=["text", "not offered", "empty", "negative"]
)
def test_a_period_the_page_does_not_offer_shows_the_default(
    patient_client: Client, plan, period: str
) -> None:
    response = patient_client.get(URL, {"period": period})
    assert response.status_code == 200
    assert response.context["period"] == 90


def test_the_planned_doses_are_those_of_the_plan(patient_client: Client, plan) -> None:
    rows = patient_client.get(URL).context["rows"]
    payload = {d["date"]: d["dose_mg"] for d in plan_payload(plan, TODAY)["days"]}
    assert rows[0]["date"] == PLAN_START
    assert {row["date"].isoformat(): row["planned_mg"] for row in rows} == {
        day: dose
        for day, dose in payload.items()
        if day <= (TODAY + dt.timedelta(days=14)).isoformat()
    }


def test_it_rejects_post(patient_client: Client) -> None:
    assert patient_client.post(URL).status_code == 405


@NOT_PATIENTS
def test_it_is_only_for_patients(request: pytest.FixtureRequest, client_name: str) -> None:
    assert request.getfixturevalue(client_name).get(URL).status_code == 404


def test_the_day_curve_of_a_schedule_is_computed_once(
    patient_client: Client, plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = patient_client.get(URL).context["curve"]
    monkeypatch.setattr(chart_data, "population_band", _refuse_to_compute)
    again = patient_client.get(URL).context["curve"]
    assert again == first


def _refuse_to_compute(*args: object, **kwargs: object) -> None:
    raise AssertionError("the band of a schedule already drawn was computed again")
