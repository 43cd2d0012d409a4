"""The core's refusals reach a page in the reader's language: each form (plan, taper, journal,
stock, questionnaire, a one-tap suggestion) posted with a value the core refuses shows the
refusal in French on a French page (none of the English words of the core's message) and in
English on an English one. The core writes these refusals as ``Text`` (``FieldError.text``);
the pages render them through ``baclo.web.wording.error_message``."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from baclo.web.care.models import Plan
from baclo.web.safety.models import Alert

from .conftest import TODAY, main_content
from .test_journal_day import USUAL_DAY
from .test_plan import GOOD
from .test_plan_taper import FAST


@dataclass(frozen=True)
class Case:
    """A form posted with a bad value, and the core's refusal in each language."""

    client: str
    url: Callable[[Any], str]
    post: dict[str, Any]
    english: str
    french: str
    follow: bool = False
    setup: Callable[[Any], None] = field(default=lambda patient: None)
    #: What the English page shows, when the page words it itself (else ``english``).
    english_page: str = ""


def own(name: str) -> Callable[[Any], str]:
    return lambda patient: reverse(name)


def patient_plan(patient) -> str:
    return reverse("care:patient_plan", args=[patient.pk])


def first_step_with_a_step_back_suggestion(patient) -> None:
    """A plan started today (on its first step) and a suggestion to step back one step."""
    Plan.objects.filter(patient=patient).update(start_date=TODAY)
    step_back = {"kind": "step_back", "date": TODAY.isoformat()}
    Alert.objects.create(
        patient=patient,
        rule="severe_side_effect",
        key="severe_side_effect:step-back",
        severity="warning",
        title={"en": "Side effect", "fr": "Effet indésirable"},
        patient_message={"en": "m", "fr": "m"},
        prescriber_message={"en": "m", "fr": "m"},
        advice={"en": "a", "fr": "a"},
        source="association-baclofene",
        actions=[{"type": "plan_event", "label": {"en": "b", "fr": "b"}, "event": step_back}],
        raised_on=TODAY,
    )


def apply_the_suggestion(patient) -> str:
    return reverse("safety:apply", args=[Alert.objects.get(patient=patient).pk, 0])


CASES = {
    "plan-ceiling-below-the-first-dose": Case(
        "patient_client",
        own("care:plan"),
        {**GOOD, "protocol": "ameisen", "ceiling_mg": "20"},
        "is below the first dose of the Ameisen protocol",
        "est sous la première dose du protocole Ameisen",
    ),
    "plan-tablets-cannot-make-a-step": Case(
        "patient_client",
        own("care:plan"),
        {**GOOD, "tablets": ["40"]},
        "cannot be made of whole or half tablets of 40 mg",
        "ces comprimés ne permettent pas de faire toutes les doses à venir",
        english_page="these tablets cannot make every coming dose",
    ),
    "plan-impossible-date": Case(
        "patient_client",
        own("care:plan"),
        {**GOOD, "start": "2026-02-30"},
        "expected a date YYYY-MM-DD",
        "date attendue au format AAAA-MM-JJ",
    ),
    "plan-date-out-of-window": Case(
        "patient_client",
        own("care:plan"),
        {**GOOD, "start": "2300-01-01"},
        "is outside 1900-01-01..2200-12-31",
        "est hors de la période permise",
    ),
    "plan-impossible-time": Case(
        "patient_client",
        own("care:plan"),
        {**GOOD, "wake": "25:00"},
        "expected a time HH:MM",
        "heure attendue au format HH:MM",
    ),
    "plan-label-increment": Case(
        "patient_client",
        own("care:plan"),
        {**GOOD, "protocol": "label", "increment_mg": "15"},
        "the label's increment is 10 mg per step",
        "le schéma de l'AMM monte de 10 mg par marche",
    ),
    "plan-ceiling-by-an-unverified-prescriber": Case(
        "unverified_prescriber_client",
        patient_plan,
        {**GOOD, "ceiling_mg": "120", "ceiling_acknowledged": "on"},
        "only a prescriber verified by the association",
        "seul un prescripteur vérifié par l'association",
        english_page="only a prescriber verified by the association",
    ),
    "taper-date-out-of-window": Case(
        "patient_client",
        own("care:plan"),
        {**FAST, "taper-start": "2300-01-01"},
        "is outside 1900-01-01..2200-12-31",
        "est hors de la période permise",
    ),
    "taper-starting-dose-above-the-hard-limit": Case(
        "patient_client",
        own("care:plan"),
        {**FAST, "taper-from_mg": "400"},
        "must be 0-300 mg, got 400",
        "de 0 à 300 mg, reçu 400",
    ),
    "journal-control-character": Case(
        "patient_client",
        own("journal:day_today"),
        {**USUAL_DAY, "note": "bip\x07"},
        "contains a control character",
        "caractère de contrôle",
    ),
    "stock-infinite-count": Case(
        "patient_client",
        own("phone:stock"),
        {"stock-10-boxes": "1e400", "stock-10-per_box": "50"},
        "expected a number",
        "saisissez un nombre",
        english_page="enter a number",
    ),
    "questionnaire-answer-out-of-range": Case(
        "patient_client",
        lambda patient: reverse("safety:answer", args=["phq9"]),
        {f"q{i}": "1" for i in range(1, 9)} | {"q9": "4"},
        "is not an allowed answer",
        "n'est pas une réponse possible",
    ),
    "questionnaire-answer-not-a-number": Case(
        "patient_client",
        lambda patient: reverse("safety:answer", args=["audit-c"]),
        {"q1": "1", "q2": "1", "q3": "x"},
        "must be a whole number",
        "un nombre entier est attendu",
    ),
    "suggestion-step-back-on-the-first-step": Case(
        "patient_client",
        apply_the_suggestion,
        {"next": "/safety/"},
        "cannot step back",
        "impossible de redescendre d'une marche",
        follow=True,
        setup=first_step_with_a_step_back_suggestion,
    ),
}


def post(request, case: Case, language: str) -> str:
    patient = request.getfixturevalue("patient")
    request.getfixturevalue("plan")
    case.setup(patient)
    client: Client = request.getfixturevalue(case.client)
    client.cookies["django_language"] = language
    response = client.post(case.url(patient), case.post, follow=case.follow)
    assert response.status_code in {200, 422}
    return html.unescape(main_content(response)).lower()


@pytest.mark.parametrize("name", CASES)
def test_a_refusal_of_the_core_is_french_on_a_french_page(request, db, name) -> None:
    case = CASES[name]
    page = post(request, case, "fr")
    assert case.french.lower() in page
    assert case.english.lower() not in page


@pytest.mark.parametrize("name", CASES)
def test_the_same_refusal_is_english_on_an_english_page(request, db, name) -> None:
    case = CASES[name]
    page = post(request, case, "en")
    assert (case.english_page or case.english).lower() in page
