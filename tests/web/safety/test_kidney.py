"""The PK curve at the declared clearance (safety.kidney), the renal rule's one-tap action."""

from __future__ import annotations

import pytest
from django.urls import reverse

from baclo.web.safety.models import Alert, HealthProfile

from .conftest import entry, save

URL = reverse("safety:kidney")


def test_a_lower_clearance_gives_a_higher_exposure_than_normal_kidneys(
    patient, patient_client, plan
):
    HealthProfile.objects.create(patient=patient, crcl_ml_min=40)
    response = patient_client.get(URL)
    context = response.context
    (_, normal), (_, reduced) = context["rows"]
    assert reduced.auc_mg_h_l > normal.auc_mg_h_l
    # CL/F = CL_typ x (0.15 + 0.85 x CrCl/100) (calibration in src/baclo/pk/drugs/baclofen.toml):
    # at 40 mL/min the factor is 0.49, so the daily AUC at steady state is about 1/0.49 = 2.04 times
    # higher.
    assert context["ratio"] == pytest.approx(1 / (0.15 + 0.85 * 0.40), rel=0.05)
    assert 'id="kidney-curves"' in response.content.decode()


def test_the_renal_alert_links_to_the_curve(patient, patient_client, plan):
    HealthProfile.objects.create(patient=patient, crcl_ml_min=45)
    save(patient, entry())
    assert Alert.objects.filter(patient=patient, rule="renal_function").exists()
    html = patient_client.get(reverse("journal:today")).content.decode()
    assert f'href="{URL}"' in html


def test_without_a_declared_clearance_the_page_asks_for_it(patient_client, plan):
    html = patient_client.get(URL).content.decode()
    assert reverse("safety:health") in html
    assert 'id="kidney-curves"' not in html


def test_without_any_intake_there_is_nothing_to_simulate(patient, patient_client):
    HealthProfile.objects.create(patient=patient, crcl_ml_min=45)
    response = patient_client.get(URL)
    assert response.status_code == 200
    assert response.context["rows"] is None


def test_a_clearance_of_60_to_90_carries_the_mild_note_in_french(patient, patient_client, plan):
    HealthProfile.objects.create(patient=patient, crcl_ml_min=75)
    html = patient_client.get(URL, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "légèrement diminuée (60-90 mL/min)" in html
