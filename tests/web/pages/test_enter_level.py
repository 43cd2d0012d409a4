"""A prescriber enters a measured level (levels.views.enter_level); the PK card shows it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from baclo.web.care.models import AccessAction, AccessLog
from baclo.web.journal.services import save_entry
from baclo.web.levels.models import IndividualEstimate

from .conftest import NOT_PRESCRIBERS, TODAY, main_content

DAY = {"intakes": [{"time": "08:00", "dose_mg": 20}, {"time": "13:00", "dose_mg": 20}]}


def url(patient) -> str:
    return reverse("levels:enter", args=[patient.pk])


@pytest.fixture
def journal(patient) -> None:
    """Two logged days of intakes, the day before the fixed 'today' and today."""
    for date in (TODAY - dt.timedelta(days=1), TODAY):
        save_entry(patient, date, DAY, today=TODAY)


def level(value: str = "250", unit: str = "ng/mL", **extra: str) -> dict[str, str]:
    return {"taken_at": f"{TODAY.isoformat()}T10:00", "value": value, "unit": unit, **extra}


def test_a_level_is_estimated_stored_and_shown_on_the_patient_page(
    prescriber_client: Client, prescriber, patient, plan, journal
) -> None:
    response = prescriber_client.post(url(patient), level())
    assert response.status_code == 302
    assert response.url == reverse("care:patient", args=[patient.pk])
    [estimate] = IndividualEstimate.objects.all()
    assert (estimate.patient, estimate.created_by) == (patient, prescriber)
    assert AccessLog.objects.filter(action=AccessAction.CHANGE, patient=patient).exists()
    page = prescriber_client.get(response.url)
    card = page.context["pk_card"]
    assert card["estimate"] == estimate
    assert card["points"][0]["individual"] > 0
    html = main_content(page)
    assert "pk-own-data" in html
    assert "Intervalle à 90 %" in html  # French by default


def test_the_card_gives_peak_and_craving_onset_under_the_patient_parameters(
    prescriber_client: Client, patient, plan, journal
) -> None:
    plan.craving_onset = dt.time(18)
    plan.save()
    prescriber_client.post(url(patient), level())
    card = prescriber_client.get(reverse("care:patient", args=[patient.pk])).context["pk_card"]
    assert card["onset"] == "18:00"
    at_six = next(p for p in card["points"] if p["clock"] == "18:00")
    assert card["individual_at_onset"] == at_six["individual"]
    assert card["population_at_onset"] == at_six["typical"]
    assert card["individual_peak"]["individual"] >= at_six["individual"]


def test_without_a_level_the_card_invites_one(prescriber_client: Client, patient, plan) -> None:
    page = prescriber_client.get(reverse("care:patient", args=[patient.pk]))
    assert page.context["pk_card"] is None
    assert "Aucun dosage pour l'instant" in main_content(page)


def test_a_suspected_unit_is_shown_on_the_field_and_nothing_stored(
    prescriber_client: Client, patient, journal
) -> None:
    response = prescriber_client.post(url(patient), level(unit="mg/L"))
    assert response.status_code == 200
    assert "1 000 fois" in response.context["form"].errors["value"][0]
    assert not IndividualEstimate.objects.exists()


def test_a_confirmed_unit_is_accepted(prescriber_client: Client, patient, journal) -> None:
    response = prescriber_client.post(url(patient), level(value="0.25", unit="mg/L"))
    assert response.status_code == 302
    assert IndividualEstimate.objects.get().samples[0]["unit"] == "mg/L"


def test_without_logged_intakes_the_form_says_why(prescriber_client: Client, patient) -> None:
    response = prescriber_client.post(url(patient), level())
    assert response.status_code == 200
    assert "Aucune prise" in response.context["form"].non_field_errors()[0]
    assert not IndividualEstimate.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        pytest.param(level(value="abc"), "value", id="text-level"),
        pytest.param(level(value="-3"), "value", id="negative-level"),
        pytest.param({**level(), "taken_at": "2026-02-30T10:00"}, "taken_at", id="bad-date"),
        pytest.param(level(unit="g/L"), "unit", id="unknown-unit"),
    ],
)
def test_bad_input_is_a_form_error(
    prescriber_client: Client, patient, journal, data, field
) -> None:
    response = prescriber_client.post(url(patient), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not IndividualEstimate.objects.exists()


def test_unlinked_prescriber_gets_404(unlinked_prescriber_client: Client, patient) -> None:
    assert unlinked_prescriber_client.get(url(patient)).status_code == 404
    assert unlinked_prescriber_client.post(url(patient), level()).status_code == 404


@NOT_PRESCRIBERS
def test_other_roles_cannot_enter_levels(
    request: pytest.FixtureRequest, client_name: str, patient
) -> None:
    assert request.getfixturevalue(client_name).get(url(patient)).status_code in (302, 403, 404)


def test_a_level_the_model_cannot_explain_is_stored_with_a_warning_on_the_card(
    prescriber_client: Client, patient, plan, journal
) -> None:
    prescriber_client.post(url(patient), level(value="15"))
    assert IndividualEstimate.objects.get().result["warnings"][0]["code"] == "poor_fit"
    page = prescriber_client.get(reverse("care:patient", args=[patient.pk]))
    assert "le modèle ne peut pas l'expliquer" in main_content(page)
