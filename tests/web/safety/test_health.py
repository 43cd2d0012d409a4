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


def test_a_picked_name_raises_the_sedative_mix_and_keeps_the_day_declared(patient, patient_client):
    patient_client.post(URL, {"medicines": ["Alimémazine (Théralène)"], "sex": ""})
    profile = HealthProfile.objects.get(patient=patient)
    assert profile.medications == [{"name": "Alimémazine (Théralène)", "since": "2026-03-18"}]
    alert = Alert.objects.get(patient=patient, rule="sedative_comedication")
    assert alert.key == "sedative_comedication:sedating_antihistamines"


def test_free_text_is_matched_and_an_unknown_name_is_kept_and_flagged(patient, patient_client):
    patient_client.post(URL, {"other_medicines": "Xeroquel 50 mg\n\nTisane de la voisine\n"})
    profile = HealthProfile.objects.get(patient=patient)
    assert [m["name"] for m in profile.medications] == ["Xeroquel 50 mg", "Tisane de la voisine"]
    unknown = Alert.objects.get(patient=patient, rule="unknown_medication")
    assert "Tisane de la voisine" in unknown.prescriber_message["en"]
    sedation = Alert.objects.get(patient=patient, rule="sedative_comedication")
    assert sedation.key == "sedative_comedication:sedating_antipsychotics"


def test_a_name_declared_again_keeps_its_first_day(patient, patient_client):
    HealthProfile.objects.create(
        patient=patient, medications=[{"name": "Advil", "since": "2026-03-01"}]
    )
    patient_client.post(URL, {"other_medicines": "Advil\nLasilix"})
    rows = HealthProfile.objects.get(patient=patient).medications
    assert rows == [
        {"name": "Advil", "since": "2026-03-01"},
        {"name": "Lasilix", "since": "2026-03-18"},
    ]


def test_the_form_shows_the_names_declared(patient, patient_client):
    HealthProfile.objects.create(
        patient=patient,
        medications=[{"name": "Zolpidem (Stilnox)", "since": "2026-03-01"}, {"name": "X-42"}],
    )
    html = patient_client.get(URL).content.decode()
    assert re.search(r'<input[^>]*value="Zolpidem \(Stilnox\)"[^>]*checked', html)
    assert re.search(r"<textarea[^>]*>\s*X-42</textarea>", html)


def test_too_many_free_text_names_are_refused(patient, patient_client):
    response = patient_client.post(URL, {"other_medicines": "\n".join(f"m{i}" for i in range(31))})
    assert 'class="errorlist' in response.content.decode()
    assert not HealthProfile.objects.filter(patient=patient).exists()


def test_the_linked_prescriber_sees_every_declared_name_and_which_to_check(
    patient, prescriber_client, prescriber
):
    HealthProfile.objects.create(
        patient=patient,
        medications=[{"name": "Théralène", "since": "2026-03-01"}, {"name": "Tisane X"}],
    )
    html = prescriber_client.get(reverse("safety:patient_alerts", args=[patient.pk])).content
    line = html.decode().split('id="declared-medicines"')[1].split("</li>")[0]
    assert "Théralène" in line
    assert "Tisane X" in line
    assert line.count("non reconnu") == 1
