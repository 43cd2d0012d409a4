"""The declared creatinine clearance (the health profile) in the plan every page and the API
read: longer steps and the ceiling advice below 60 mL/min, an information note at 60-90."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from baclo.web.safety.models import HealthProfile

from .conftest import main_content

PLAN_URL = reverse("care:plan")
TODAY_URL = reverse("journal:today")


def declare(patient, crcl: float | None) -> None:
    HealthProfile.objects.create(patient=patient, crcl_ml_min=crcl)


@pytest.mark.parametrize(
    ("crcl", "dose_mg"),
    [(None, 60), (75, 60), (40, 50)],
    ids=["not-declared", "mild-same-steps", "moderate-4-day-steps"],
)
def test_today_follows_the_steps_of_the_declared_clearance(
    patient_client: Client, patient, plan, crcl, dose_mg
) -> None:
    # De Beaurepaire, day 17: 3-day steps give 60 mg; at 40 mL/min each step lasts 4 days, 50 mg
    if crcl is not None:
        declare(patient, crcl)
    response = patient_client.get(TODAY_URL)
    assert response.context["planned"]["dose_mg"] == dose_mg


def test_the_plan_page_shows_longer_steps_and_the_ceiling_advice_in_french(
    patient_client: Client, patient, plan
) -> None:
    declare(patient, 40)
    response = patient_client.get(PLAN_URL, HTTP_ACCEPT_LANGUAGE="fr")
    html = main_content(response)
    assert [cell["dose_mg"] for cell in response.context["weeks"][0]] == [10] * 4 + [20] * 3
    assert "chaque palier dure 4 jours au lieu de 3" in html
    assert "Vlavonou et al. 2014 proposent de réduire la dose habituelle" in html
    assert "each step lasts" not in html


def test_today_shows_the_mild_note_between_60_and_90(patient_client: Client, patient, plan) -> None:
    declare(patient, 75)
    html = main_content(patient_client.get(TODAY_URL, HTTP_ACCEPT_LANGUAGE="fr"))
    assert "légèrement diminuée (60-90 mL/min)" in html


def test_without_a_declared_clearance_no_renal_notice_is_shown(
    patient_client: Client, plan
) -> None:
    response = patient_client.get(TODAY_URL)
    assert response.context["renal_notices"] == []


def test_the_api_plan_carries_the_clearance_its_steps_and_notices(
    patient_client: Client, patient, plan
) -> None:
    declare(patient, 40)
    body = patient_client.get("/api/v1/plan").json()
    assert (body["crcl_ml_min"], body["days_per_step"]) == (40, 4)
    codes = [n["code"] for n in body["notices"]]
    assert {"renal_longer_steps", "renal_ceiling_advice"} <= set(codes)
    assert [day["dose_mg"] for day in body["days"][:8]] == [10] * 4 + [20] * 4


def test_today_follows_a_clearance_declared_since_the_last_visit(
    patient_client: Client, patient, plan
) -> None:
    # Today reads the clearance once per request, never once for several requests.
    assert patient_client.get(TODAY_URL).context["planned"]["dose_mg"] == 60
    declare(patient, 40)
    assert patient_client.get(TODAY_URL).context["planned"]["dose_mg"] == 50
