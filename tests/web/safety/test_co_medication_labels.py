"""Co-medication classes on pages: the words of the core's one table
(``baclo.safety.medications.CLASS_NAMES``) in the reader's language, never their codes
(``z_drugs``), on the prescriber's view of the health profile and in the patient's picker."""

from __future__ import annotations

import pytest
from django.urls import reverse

from baclo.safety import CoMedication
from baclo.web.safety.models import HealthProfile

DECLARED = [CoMedication.BENZODIAZEPINES, CoMedication.Z_DRUGS, CoMedication.NSAIDS]
WORDS = {
    "fr": ["Benzodiazépines", "Somnifères (zolpidem, zopiclone)", "Anti-inflammatoires (AINS)"],
    "en": [
        "Benzodiazepines",
        "Sleeping pills (zolpidem, zopiclone)",
        "Anti-inflammatory painkillers (NSAIDs)",
    ],
}
CODES = [c.value for c in CoMedication if "_" in c.value]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_prescriber_reads_the_declared_classes_as_words(
    prescriber_client, patient, language
) -> None:
    HealthProfile.objects.create(patient=patient, co_medications=[c.value for c in DECLARED])
    prescriber_client.cookies["django_language"] = language
    html = prescriber_client.get(reverse("safety:patient_alerts", args=[patient.pk])).content
    html = html.decode()
    for words in WORDS[language]:
        assert words in html
    assert "z_drugs" not in html


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_patients_picker_groups_names_under_the_class_words(patient_client, language) -> None:
    patient_client.cookies["django_language"] = language
    page = patient_client.get(reverse("safety:health")).content.decode()
    for words in WORDS[language]:
        assert f'label="{words}"' in page or f">{words}<" in page
    for code in CODES:
        assert f">{code}<" not in page
