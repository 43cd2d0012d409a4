"""Questionnaire pages (safety.questionnaire_views): the core's validation, nothing stored on
bad input, scores over time, PHQ-9 item 9 opening the crisis panel, reminders on the home."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from baclo.web.safety.models import Alert, HealthProfile, QuestionnaireResponse

from .conftest import TODAY


def url(instrument: str) -> str:
    return reverse("safety:answer", args=[instrument])


def answers(*values: int) -> dict[str, str]:
    return {f"q{n}": str(v) for n, v in enumerate(values, start=1)}


def test_the_form_lists_every_item_with_its_options(patient_client):
    html = patient_client.get(url("phq9")).content.decode()
    assert html.count('type="radio" name="q9"') == 4


def test_an_unknown_questionnaire_is_not_found(patient_client):
    assert patient_client.get(url("beck")).status_code == 404


@pytest.mark.parametrize(
    ("instrument", "post", "bad_item"),
    [
        pytest.param("phq9", answers(1, 1, 1, 1, 1, 1, 1, 1), "q9", id="phq9-item-missing"),
        pytest.param("phq9", answers(1, 1, 1, 1, 1, 1, 1, 1, 4), "q9", id="phq9-out-of-range"),
        pytest.param("audit", answers(0, 0, 0, 0, 0, 0, 0, 0, 1, 0), "q9", id="audit-odd-9"),
        pytest.param("audit-c", {**answers(1, 1), "q3": "x"}, "q3", id="audit-c-not-a-number"),
        pytest.param("ess", answers(1, 1, 1, 1, 1, 1, 1, -1), "q8", id="ess-negative"),
    ],
)
def test_bad_answers_are_shown_next_to_the_item_and_nothing_is_stored(
    patient_client, instrument, post, bad_item
):
    response = patient_client.post(url(instrument), post)
    html = response.content.decode()
    assert response.status_code == 200
    item = html[html.index(f'id="item-{bad_item}"') :]
    assert 'class="field-error"' in item[: item.index("</fieldset>")]
    assert QuestionnaireResponse.objects.count() == 0


def test_a_valid_phq9_is_stored_with_score_and_band(patient, patient_client):
    response = patient_client.post(url("phq9"), answers(1, 1, 1, 1, 1, 1, 0, 0, 0))
    assert response.status_code == 302
    (stored,) = QuestionnaireResponse.objects.filter(patient=patient)
    assert (stored.instrument, stored.score, stored.band, stored.date) == (
        "phq9",
        6,
        "mild",
        TODAY,
    )


def test_phq9_item9_above_zero_opens_the_crisis_panel_on_the_next_page(patient, patient_client):
    response = patient_client.post(url("phq9"), answers(0, 0, 0, 0, 0, 0, 0, 0, 1), follow=True)
    assert 'id="crisis-panel"' in response.content.decode()
    assert Alert.objects.get(patient=patient).severity == "urgent"


def test_audit_c_uses_the_declared_sex(patient, patient_client):
    """AUDIT-C 3 is misuse for women (threshold 3) but not for men (threshold 4)."""
    HealthProfile.objects.create(patient=patient, sex="f")
    patient_client.post(url("audit-c"), answers(1, 1, 1))
    assert QuestionnaireResponse.objects.get(patient=patient).band == "misuse"


def test_scores_are_listed_over_time(patient, patient_client):
    for back, score in ((30, 12), (0, 4)):
        QuestionnaireResponse.objects.create(
            patient=patient,
            instrument="audit",
            answers=[0] * 10,
            score=score,
            band="zone_1",
            date=TODAY - dt.timedelta(days=back),
        )
    html = patient_client.get(reverse("safety:questionnaires")).content.decode()
    section = html[html.index('id="q-audit"') :]
    assert section.index(">4 <") < section.index(">12 <"), "newest first"


def test_reminders_on_the_home_page_during_titration(patient, patient_client, plan):
    html = patient_client.get(reverse("journal:today")).content.decode()
    reminders = html[html.index('id="questionnaire-reminders"') :]
    assert url("audit") in reminders
    assert url("phq9") in reminders


def test_a_recent_phq9_and_audit_silence_the_reminders(patient, patient_client, plan):
    for instrument, back in (("audit", 29), ("phq9", 13)):
        QuestionnaireResponse.objects.create(
            patient=patient,
            instrument=instrument,
            answers=[],
            score=0,
            band="x",
            date=TODAY - dt.timedelta(days=back),
        )
    html = patient_client.get(reverse("journal:today")).content.decode()
    assert 'id="questionnaire-reminders"' not in html


def test_phq9_is_not_reminded_outside_titration(patient_client):
    html = patient_client.get(reverse("journal:today")).content.decode()
    reminders = html[html.index('id="questionnaire-reminders"') :]
    assert url("phq9") not in reminders


@pytest.mark.parametrize("role", ["prescriber", "analyst", "anonymous"])
def test_only_patients_answer_questionnaires(client_of, role, patient):
    response = client_of(role).get(url("phq9"))
    assert response.status_code in (302, 404)
