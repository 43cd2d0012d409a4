"""Honest messages: a linked prescriber is named; without one the patient is told that nobody is
notified and to call their doctor or 15 (one test per message variant, through the real saves)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from baclo.web.safety import services
from baclo.web.safety.models import Alert

from .conftest import TODAY, entry, save

pytestmark = pytest.mark.django_db


def _message(patient, rule: str) -> dict:
    return Alert.objects.get(patient=patient, rule=rule).patient_message


# rule, how to raise it, the linked text, the unlinked text
CASES = [
    pytest.param(
        "dark_thoughts",
        lambda p: save(p, entry(effects={"dark_thoughts": 1})),
        "Your prescriber (Carol D.) will see this alert",
        "nobody is notified: call your doctor, or 15",
        id="dark-thoughts",
    ),
    pytest.param(
        "confusion",
        lambda p: save(p, entry(effects={"confusion": 1})),
        "Contact your prescriber (Carol D.) today.",
        "Call your doctor today, or 15 if it cannot wait.",
        id="confusion",
    ),
    pytest.param(
        "mania",
        lambda p: save(p, entry(effects={"agitation_euphoria": 2})),
        "Contact your prescriber (Carol D.) today.",
        "Call your doctor today, or 15 if it cannot wait.",
        id="mania",
    ),
    pytest.param(
        "sleep_attacks",
        lambda p: save(p, entry(effects={"sleep_attacks": 1})),
        "Contact your prescriber (Carol D.) today.",
        "Call your doctor today, or 15 if it cannot wait.",
        id="sleep-attacks",
    ),
    pytest.param(
        "sleepiness",
        lambda p: services.record_questionnaire(p, "ess", [0, 0, 0, 0, 0, 0, 0, 2], TODAY),
        "Your prescriber (Carol D.) will see this alert",
        "nobody is notified",
        id="epworth-item-8",
    ),
    pytest.param(
        "kidney_risk",
        lambda p: [
            save(p, entry(dose=80, health_events=["vomiting"]), day)
            for day in (TODAY.replace(day=17), TODAY)
        ],
        "Contact your prescriber (Carol D.) today.",
        "Call your doctor today, or 15 if it cannot wait.",
        id="kidney-risk",
    ),
]


@pytest.mark.parametrize(("rule", "raise_it", "linked", "unlinked"), CASES)
def test_a_linked_prescriber_is_named(patient, named_prescriber, rule, raise_it, linked, unlinked):
    raise_it(patient)
    message = _message(patient, rule)
    assert linked in message["en"]
    assert unlinked not in message["en"]
    assert "Carol D." in message["fr"]


@pytest.mark.parametrize(("rule", "raise_it", "linked", "unlinked"), CASES)
def test_without_a_linked_prescriber_nobody_is_promised(patient, rule, raise_it, linked, unlinked):
    raise_it(patient)
    message = _message(patient, rule)
    assert unlinked in message["en"]
    assert "your prescriber" not in message["en"].lower()
    assert "votre prescripteur" not in message["fr"].lower()


def test_a_revoked_link_no_longer_names_the_prescriber(patient, named_prescriber):
    named_prescriber.patient_links.update(status="revoked")
    save(patient, entry(effects={"confusion": 1}))
    assert "Call your doctor today" in _message(patient, "confusion")["en"]


@pytest.mark.parametrize(
    "url",
    [
        "journal:today",
        "journal:day_today",
        "safety:overview",
        "safety:health",
        "safety:questionnaires",
    ],
)
def test_the_crisis_numbers_are_on_every_patient_page(patient_client, plan, url):
    html = patient_client.get(reverse(url)).content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    for number in ("3114", "15", "112"):
        assert number in footer
