"""The patient's health facts (safety.patient_views.health): co-medications, CrCl, sex."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from baclo.web.safety.models import Alert, HealthProfile

URL = reverse("safety:health")


def test_declaring_benzodiazepines_raises_the_sedative_mix_warning_at_once(patient, patient_client):
    response = patient_client.post(
        URL, {"co_medications": ["benzodiazepines"], "crcl_ml_min": "", "sex": "f"}, follow=True
    )
    assert 'data-rule="sedative_comedication"' in response.content.decode()
    profile = HealthProfile.objects.get(patient=patient)
    assert (profile.co_medications, profile.crcl_ml_min, profile.sex) == (
        ["benzodiazepines"],
        None,
        "f",
    )
    assert Alert.objects.filter(patient=patient, rule="sedative_comedication").exists()


@pytest.mark.parametrize(
    "post",
    [
        pytest.param({"crcl_ml_min": "-5"}, id="negative-clearance"),
        pytest.param({"crcl_ml_min": "abc"}, id="clearance-not-a-number"),
        pytest.param({"co_medications": ["aspirin"]}, id="unknown-medicine"),
        pytest.param({"sex": "x"}, id="unknown-sex"),
    ],
)
def test_bad_health_facts_are_refused_and_nothing_is_stored(patient, patient_client, post):
    response = patient_client.post(URL, post)
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not HealthProfile.objects.filter(patient=patient).exists()


def test_the_form_shows_what_was_declared(patient, patient_client):
    HealthProfile.objects.create(patient=patient, crcl_ml_min=45, co_medications=["opioids"])
    html = patient_client.get(URL).content.decode()
    assert re.search(r'<input[^>]*name="crcl_ml_min"[^>]*value="45(\.0)?"', html)
    assert re.search(r'<input[^>]*value="opioids"[^>]*checked', html)


def test_prescribers_have_no_such_page(prescriber_client):
    assert prescriber_client.get(URL).status_code == 404
