"""My tablets (phone.views.stock_page) and where the stock shows: counted down by the intakes
taken, days left at the course's coming doses, a warning 7 days before, on Today, on the
prescriber's patient page and in the report."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.test import Client
from django.urls import reverse

from baclo.web.journal.services import save_entry
from baclo.web.phone.models import StockCount
from baclo.web.phone.stock import stock_status

from .conftest import TODAY

URL = reverse("phone:stock")
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def count(patient, tablets: float, *, when: dt.datetime | None = None) -> StockCount:
    moment = when or dt.datetime.combine(TODAY, dt.time(0, 0), tzinfo=PARIS)
    return StockCount.objects.create(
        patient=patient, counted_at=moment, halves={"10": round(tablets * 2)}
    )


def test_it_records_boxes_and_loose_tablets(patient_client: Client, patient, plan) -> None:
    response = patient_client.post(
        URL, {"stock-10-boxes": "2", "stock-10-per_box": "50", "stock-10-loose": "3,5"}
    )
    assert response.status_code == 302
    assert StockCount.objects.get(patient=patient).halves == {"10": 2 * 103.5}


@pytest.mark.parametrize(
    ("post", "field", "message"),
    [
        pytest.param({"stock-10-loose": "-4"}, "stock-10-loose", "0 ou plus", id="below-zero"),
        pytest.param({"stock-10-loose": "10001"}, "stock-10-loose", "Au plus", id="absurd"),
        pytest.param(
            {"stock-10-boxes": "300", "stock-10-per_box": "50"},
            "stock-10",
            "Au plus",
            id="absurd-total",
        ),
        pytest.param({"stock-10-loose": "beaucoup"}, "stock-10-loose", "nombre", id="text"),
    ],
)
def test_a_bad_count_is_refused_with_a_field_error(
    patient_client: Client, patient, plan, post, field, message
) -> None:
    response = patient_client.post(URL, post)
    assert response.status_code == 422
    page = response.content.decode()
    assert message in page
    assert 'aria-invalid="true"' in page or field == "stock-10"
    assert not StockCount.objects.exists()


def test_intakes_taken_after_the_count_count_it_down(patient, plan) -> None:
    count(patient, 100, when=dt.datetime.combine(TODAY, dt.time(9, 0), tzinfo=PARIS))
    intakes = [{"time": "08:00", "dose_mg": 20}, {"time": "13:00", "dose_mg": 15}]
    save_entry(patient, TODAY, {"intakes": intakes}, today=TODAY)
    # The 08:00 intake was before the count; 15 mg = 1½ tablets of 10 mg after it.
    assert stock_status(patient, TODAY)["left"] == [{"strength_mg": 10.0, "tablets": 98.5}]


def test_the_forecast_follows_the_rising_titration(patient, plan) -> None:
    """De Beaurepaire: 60 mg/day on 18 March, 70 from the 20th, then the 80 mg/day ceiling."""
    count(patient, 60)
    forecast = stock_status(patient, TODAY)["forecast"]
    # 60 tablets last 10 days at today's 6 tablets a day, 8 at the coming doses.
    assert forecast.days_left == 8


def test_a_large_stock_lasts_beyond_the_horizon(patient, plan) -> None:
    count(patient, 10_000)
    status = stock_status(patient, TODAY)
    assert status["forecast"].run_out_on is None


def test_today_warns_seven_days_before_running_out(patient_client: Client, patient, plan) -> None:
    count(patient, 40)
    page = patient_client.get(reverse("journal:today")).content.decode()
    assert 'id="stock-forecast"' in page
    assert "notice warn" in page.split('id="stock-forecast"')[0].rsplit("<p", 1)[1]


def test_today_invites_to_count_the_tablets(patient_client: Client, plan) -> None:
    assert URL in patient_client.get(reverse("journal:today")).content.decode()


def test_the_prescriber_sees_the_stock_on_the_patient_page(
    prescriber_client: Client, patient, plan
) -> None:
    count(patient, 40)
    page = prescriber_client.get(reverse("care:patient", args=[patient.pk])).content.decode()
    assert 'id="stock-forecast"' in page
    assert URL not in page


def test_the_report_says_how_long_the_stock_lasts(patient, plan) -> None:
    from django.template.loader import render_to_string

    count(patient, 40)
    html = render_to_string("phone/_stock_report.html", {"status": stock_status(patient, TODAY)})
    assert "40" in html
    assert "jours" in html or "days" in html


@pytest.mark.parametrize("client_name", ["prescriber_client", "analyst_client", "staff_client"])
def test_other_roles_get_404(request, client_name: str) -> None:
    assert request.getfixturevalue(client_name).get(URL).status_code == 404
