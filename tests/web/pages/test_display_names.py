"""People are shown by the name they chose (``User.display_name``), never by their login: the
access log a patient reads, who set a taper or a ceiling, on pages and in messages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from baclo.web.accounts.models import User
from baclo.web.care.access import patient_for
from tests.web.conftest import send_json

from .conftest import main_content
from .test_plan_taper import FAST

LOGIN = "dr-carol"


@pytest.fixture
def named_prescriber(prescriber: User) -> User:
    prescriber.first_name, prescriber.last_name = "Carole", "Martin"
    prescriber.save()
    return prescriber


@pytest.mark.parametrize("url", ["care:sharing", "safety:access_log"], ids=["sharing", "log"])
def test_the_patient_reads_who_saw_their_data_by_name(
    patient_client: Client, patient, named_prescriber, url
) -> None:
    patient_for(named_prescriber, patient.pk)  # one logged access
    html = main_content(patient_client.get(reverse(url)))
    assert "Carole Martin" in html
    assert LOGIN not in html


def test_a_deleted_prescriber_stays_in_the_log_under_the_name_recorded(
    patient_client: Client, patient, named_prescriber
) -> None:
    patient_for(named_prescriber, patient.pk)
    named_prescriber.delete()
    assert LOGIN in main_content(patient_client.get(reverse("safety:access_log")))


def test_the_plan_page_says_who_set_the_taper_by_name(
    patient_client: Client, prescriber_client: Client, patient, named_prescriber, plan
) -> None:
    prescriber_client.post(reverse("care:patient_plan", args=[patient.pk]), FAST)
    html = main_content(patient_client.get(reverse("care:plan")))
    assert "Carole Martin" in html
    assert LOGIN not in html


def test_the_ceiling_refusal_names_the_prescriber_by_name(
    patient_client: Client, prescriber_client: Client, patient, named_prescriber, plan
) -> None:
    send_json(prescriber_client, "put", f"/api/v1/patients/{patient.pk}/plan", {"ceiling_mg": 60})
    response = send_json(patient_client, "put", "/api/v1/plan", {"ceiling_mg": 70})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["code"] == "set_by_prescriber"
    assert "Carole Martin" in error["message"]
    assert LOGIN not in error["message"]
