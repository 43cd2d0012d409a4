"""One patient seen by their prescriber (care.views.patient_detail): 404 for anyone else."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from baclo.web.care.models import AccessLog
from baclo.web.journal.services import save_entry

from .conftest import TODAY


def url(patient) -> str:
    return reverse("care:patient", args=[patient.pk])


def test_a_linked_prescriber_sees_plan_chart_and_entries(
    prescriber_client: Client, prescriber, patient, plan
) -> None:
    save_entry(
        patient,
        TODAY,
        {"side_effects": [{"kind": "somnolence", "severity": 2}], "note": "tired"},
        today=TODAY,
    )
    response = prescriber_client.get(url(patient))
    assert response.status_code == 200
    assert response.context["planned"]["dose_mg"] == 60
    [entry] = response.context["recent"]
    assert entry["effects"] == "Somnolence 2/3"
    assert "staircase-data" in response.content.decode()
    log = AccessLog.objects.get(actor=prescriber, patient=patient)
    assert (log.action, log.path) == ("view", url(patient))


@pytest.mark.parametrize(
    "client_name",
    [
        "unlinked_prescriber_client",
        "other_patient_client",
        "patient_client",
        "analyst_client",
        "staff_client",
    ],
    ids=["unlinked-prescriber", "other-patient", "the-patient-itself", "analyst", "staff"],
)
def test_anyone_else_gets_404(request: pytest.FixtureRequest, client_name: str, patient) -> None:
    assert request.getfixturevalue(client_name).get(url(patient)).status_code == 404
    assert not AccessLog.objects.exists()


def test_an_unknown_patient_is_404_like_a_forbidden_one(prescriber_client: Client) -> None:
    assert prescriber_client.get(reverse("care:patient", args=[999999])).status_code == 404


def test_it_rejects_post(prescriber_client: Client, patient) -> None:
    assert prescriber_client.post(url(patient)).status_code == 405
