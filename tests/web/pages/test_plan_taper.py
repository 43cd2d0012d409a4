"""The taper part of the plan page (care.views.plan / patient_plan, ``action=taper`` and
``action=cancel_taper``), and the today page during a taper.

Plan (conftest): de Beaurepaire from 2 March, 60 mg/day on 17 March; the ``fast`` preset takes
10 mg off every 7 days: a taper from 18 March gives 50, 40, 30, 20, 10, 0 (the last three
steps cut more than 25 % of the dose, so the page warns on them).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from baclo.web.care.models import AccessLog, Plan

from .conftest import NOT_PATIENTS, main_content

URL = reverse("care:plan")
FAST = {"action": "taper", "taper-start": "2026-03-18", "taper-speed": "fast", "taper-to_mg": "0"}


def patient_plan_url(patient) -> str:
    return reverse("care:patient_plan", args=[patient.pk])


def tapers(patient) -> list:
    return Plan.objects.get(patient=patient).tapers


def test_a_patient_starts_a_taper_and_sees_its_steps_and_warnings(
    patient_client: Client, patient, plan
) -> None:
    response = patient_client.post(URL, FAST)
    assert response.status_code == 302
    assert tapers(patient)[0]["from_mg"] == 60
    page = patient_client.get(URL)
    taper = page.context["taper"]
    assert [s["dose_mg"] for s in taper["step_list"]] == [50, 40, 30, 20, 10, 0]
    assert [s.get("current", False) for s in taper["step_list"]] == [True] + [False] * 5
    html = main_content(page)
    assert "Diminution en cours depuis" in html, "French by default"
    assert html.count("risque de sevrage") == 3
    # The staircase follows the taper from 18 March.
    cells = {c["date"].isoformat(): c["dose_mg"] for week in page.context["weeks"] for c in week}
    assert (cells["2026-03-17"], cells["2026-03-18"]) == (60, 50)


def test_the_page_speaks_english_too(patient_client: Client, patient, plan) -> None:
    patient_client.post(URL, FAST)
    patient_client.cookies["django_language"] = "en"
    html = main_content(patient_client.get(URL))
    assert "Tapering since" in html
    assert "withdrawal risk" in html


def test_today_follows_the_taper(patient_client: Client, patient, plan) -> None:
    patient_client.post(URL, FAST)
    page = patient_client.get(reverse("journal:today"))
    assert page.context["planned"]["dose_mg"] == 50
    assert "Vous diminuez" in main_content(page)


def test_today_says_when_the_taper_is_paused(patient_client: Client, patient, plan) -> None:
    patient_client.post(URL, FAST)
    patient_client.post(URL, {"action": "cancel_taper"})
    page = patient_client.get(reverse("journal:today"))
    assert page.context["planned"]["dose_mg"] == 50
    assert "Votre diminution est en pause" in main_content(page)


def test_the_prescriber_sees_the_taper_on_the_patient_page(
    prescriber_client: Client, patient, plan
) -> None:
    prescriber_client.post(patient_plan_url(patient), FAST)
    page = prescriber_client.get(reverse("care:patient", args=[patient.pk]))
    assert page.context["planned"]["dose_mg"] == 50
    assert "en diminution" in main_content(page)


def test_a_custom_taper_from_the_form(patient_client: Client, patient, plan) -> None:
    form = {**FAST, "taper-speed": "custom", "taper-step_mg": "5", "taper-interval_days": "14"}
    assert patient_client.post(URL, form).status_code == 302
    assert (tapers(patient)[0]["step_mg"], tapers(patient)[0]["interval_days"]) == (5, 14)


def test_a_preset_ignores_the_custom_fields_left_filled(patient_client, patient, plan) -> None:
    assert patient_client.post(URL, {**FAST, "taper-step_mg": "5"}).status_code == 302
    assert tapers(patient)[0]["step_mg"] is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        pytest.param({"taper-start": ""}, "start", id="no-date"),
        pytest.param({"taper-start": "2026-02-30"}, "start", id="impossible-date"),
        pytest.param({"taper-start": "2026-03-01"}, "start", id="before-the-plan"),
        pytest.param({"taper-speed": "turbo"}, "speed", id="unknown-speed"),
        pytest.param({"taper-speed": "custom"}, "step_mg", id="custom-without-step"),
        pytest.param({"taper-to_mg": "60"}, "to_mg", id="residual-not-below-start"),
        pytest.param({"taper-to_mg": "abc"}, "to_mg", id="residual-as-words"),
        pytest.param({"taper-from_mg": "120"}, "from_mg", id="above-the-ceiling"),
        pytest.param({"taper-start": "2026-03-17"}, "start", id="yesterday"),
        pytest.param({"taper-from_mg": "70"}, "from_mg", id="above-the-dose-of-the-day-before"),
    ],
)
def test_bad_input_shows_a_field_error_and_saves_nothing(
    patient_client: Client, patient, plan, change, field
) -> None:
    response = patient_client.post(URL, {**FAST, **change})
    assert response.status_code == 200
    assert field in response.context["taper_form"].errors
    assert tapers(patient) == []


def test_a_taper_error_is_translated(patient_client: Client, patient, plan) -> None:
    response = patient_client.post(URL, {**FAST, "taper-from_mg": "120"})
    assert "au-dessus du plafond" in main_content(response)


@pytest.mark.parametrize(
    ("change", "field", "french"),
    [
        pytest.param(
            {"taper-start": "2026-03-17"},
            "start",
            "Une diminution commence aujourd'hui ou plus tard.",
            id="in-the-past",
        ),
        pytest.param(
            {"taper-from_mg": "70"},
            "from_mg",
            "Une diminution ne commence jamais au-dessus de la dose du plan de la veille",
            id="above-the-dose-of-the-day-before",
        ),
    ],
)
def test_a_start_in_the_past_or_a_higher_dose_is_explained_in_french(
    patient_client: Client, patient, plan, change, field, french
) -> None:
    response = patient_client.post(URL, {**FAST, **change})
    assert french in " ".join(response.context["taper_form"].errors[field])


PLAN_FORM = {
    "protocol": "beaurepaire",
    "start": "2026-03-02",
    "ceiling_mg": "80",
    "wake": "07:00",
    "sleep": "23:00",
    "mode": "targeted",
    "tablets": ["10"],
}


def test_the_plan_form_refuses_a_change_that_would_raise_the_dose_into_the_taper(
    patient_client: Client, patient, plan
) -> None:
    # The taper began today from 60 mg/day; from 10 March, de Beaurepaire gives 30 on 17 March.
    patient_client.post(URL, FAST)
    response = patient_client.post(URL, {**PLAN_FORM, "start": "2026-03-10"})
    assert response.status_code == 200
    assert "la dose remonterait" in " ".join(response.context["form"].non_field_errors())
    plan.refresh_from_db()
    assert plan.start_date.isoformat() == "2026-03-02"


def test_the_plan_form_refuses_a_start_on_or_after_the_taper(
    patient_client: Client, patient, plan
) -> None:
    patient_client.post(URL, FAST)
    response = patient_client.post(URL, {**PLAN_FORM, "start": "2026-03-20"})
    assert response.status_code == 200
    assert "Le plan doit commencer avant sa diminution." in response.context["form"].errors["start"]


def test_stopping_the_taper_holds_the_dose(patient_client: Client, patient, plan) -> None:
    patient_client.post(URL, FAST)
    response = patient_client.post(URL, {"action": "cancel_taper"}, follow=True)
    assert response.status_code == 200
    assert tapers(patient)[0]["stopped_on"] == "2026-03-18"
    taper = response.context["taper"]
    assert taper["status"] == "stopped"
    assert [s["dose_mg"] for s in taper["step_list"]] == [50], "the cancelled steps are left out"
    assert taper["warning_list"] == []


def test_cancelling_without_a_taper_says_so(patient_client: Client, patient, plan) -> None:
    response = patient_client.post(URL, {"action": "cancel_taper"}, follow=True)
    assert response.status_code == 200
    assert "Aucune diminution à annuler" in main_content(response)


def test_without_a_plan_there_is_no_taper_form(patient_client: Client) -> None:
    assert 'value="taper"' not in patient_client.get(URL).content.decode()


def test_a_linked_prescriber_starts_the_taper_and_it_is_logged(
    prescriber_client: Client, patient, plan
) -> None:
    response = prescriber_client.post(patient_plan_url(patient), FAST)
    assert response.status_code == 302
    assert tapers(patient)[0]["set_by"] == "dr-carol"
    assert AccessLog.objects.filter(patient=patient, action="change").exists()


@pytest.mark.parametrize(
    "client_name",
    ["other_patient_client", "unlinked_prescriber_client", "analyst_client", "staff_client"],
)
def test_nobody_else_can_start_the_taper(request, client_name, patient, plan) -> None:
    client = request.getfixturevalue(client_name)
    response = client.post(patient_plan_url(patient), FAST)
    assert response.status_code == 404
    assert tapers(patient) == []


@NOT_PATIENTS
def test_the_own_plan_page_is_for_patients_only(request, client_name, patient, plan) -> None:
    response = request.getfixturevalue(client_name).post(URL, FAST)
    assert response.status_code == 404
    assert tapers(patient) == []


BEYOND_LIMITS = {
    **FAST,
    "taper-speed": "custom",
    "taper-step_mg": "20",
    "taper-interval_days": "1",
}


def test_a_patient_has_no_override_and_a_pace_beyond_the_limits_is_explained(
    patient_client: Client, patient, plan
) -> None:
    assert "override_reason" not in patient_client.get(URL).context["taper_form"].fields
    response = patient_client.post(URL, {**BEYOND_LIMITS, "taper-override_reason": "now"})
    assert response.status_code == 200
    errors = response.context["taper_form"].errors
    assert "Une diminution au plus tous les 2 jours" in str(errors["interval_days"])
    assert tapers(patient) == []


def test_a_prescriber_goes_beyond_the_limits_with_a_recorded_reason(
    prescriber_client: Client, patient, plan
) -> None:
    body = {**BEYOND_LIMITS, "taper-override_reason": "hospital follow-up"}
    response = prescriber_client.post(patient_plan_url(patient), body)
    assert response.status_code == 302
    assert tapers(patient)[0]["override"] == "hospital follow-up"


def test_new_tablets_that_cannot_make_the_taper_are_a_form_error_in_french(
    patient_client: Client, patient, plan
) -> None:
    # 60 -> 45 in 15 mg steps: 20 mg tablets make 10 mg steps only.
    custom = {**FAST, "taper-speed": "custom", "taper-step_mg": "15", "taper-interval_days": "7"}
    assert patient_client.post(URL, custom).status_code == 302
    response = patient_client.post(URL, {**PLAN_FORM, "tablets": ["20"]})
    assert response.status_code in {200, 422}
    assert response.context["form"].errors["tablets"] == [
        "Ces comprimés ne permettent pas de faire toutes les doses à venir du plan ou de sa "
        "diminution : ajoutez un dosage plus petit, choisissez un autre protocole, ou arrêtez ou "
        "modifiez d'abord la diminution."
    ]
    assert Plan.objects.get(patient=patient).tablets == [10]
