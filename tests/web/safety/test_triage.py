"""Prescriber triage (open alerts counted for the patients list) and acknowledging alerts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from baclo.web.accounts.models import Role, User
from baclo.web.care.models import AccessLog, CareLink, LinkStatus
from baclo.web.safety import services
from baclo.web.safety.models import Alert

from ..conftest import make_user
from .conftest import TODAY, entry, save


def link(prescriber, username: str):
    patient = make_user(username, Role.PATIENT)
    CareLink.objects.create(
        patient=patient, prescriber=prescriber, status=LinkStatus.ACTIVE, accepted_at=timezone.now()
    )
    return patient


def raise_alert(patient, severity: str, rule: str = "test_rule") -> Alert:
    return Alert.objects.create(
        patient=patient,
        rule=rule,
        key=f"{rule}:{severity}:{Alert.objects.count()}",
        severity=severity,
        title={"en": rule, "fr": rule},
        patient_message={"en": "p", "fr": "p"},
        prescriber_message={"en": f"{rule} for prescriber", "fr": f"{rule} pour prescripteur"},
        advice={"en": "", "fr": ""},
        source="test",
        raised_on=TODAY,
    )


def listed_usernames(client) -> list[str]:
    return [row["patient"].username for row in client.get(reverse("care:patients")).context["rows"]]


def test_triage_puts_urgent_first_then_warnings_then_longest_without_entry(
    patient, prescriber, prescriber_client
):
    quiet_recent = link(prescriber, "quiet-recent")
    quiet_old = link(prescriber, "quiet-old")
    link(prescriber, "never")
    warned = link(prescriber, "warned")
    raise_alert(patient, "urgent")
    raise_alert(warned, "warning")
    raise_alert(warned, "info")
    for someone, day in ((quiet_recent, TODAY), (warned, TODAY), (patient, TODAY)):
        save(someone, entry(dose=0), day)
    save(quiet_old, entry(dose=0), TODAY - dt.timedelta(days=6))
    assert listed_usernames(prescriber_client) == [
        "alice",
        "warned",
        "never",
        "quiet-old",
        "quiet-recent",
    ]


def test_acknowledged_alerts_no_longer_count(patient, prescriber, prescriber_client):
    alert = raise_alert(patient, "urgent")
    services.acknowledge(prescriber, patient, alert.pk, "called")
    counted = services.with_open_alert_counts(User.objects.filter(pk=patient.pk)).get()
    assert (counted.open_urgent, counted.open_warning, counted.open_info) == (0, 0, 0)


def test_the_patients_page_lists_the_urgent_patient_first(patient, prescriber, prescriber_client):
    link(prescriber, "zoe")
    save(patient, entry(effects={"dark_thoughts": 1}))
    html = prescriber_client.get(reverse("care:patients")).content.decode()
    table = html[html.index('id="patients-table"') :]
    assert table.index("alice") < table.index("zoe")


def ack_url(patient, alert) -> str:
    return reverse("safety:acknowledge", args=[patient.pk, alert.pk])


def test_the_prescriber_acknowledges_with_a_comment(patient, prescriber, prescriber_client):
    alert = raise_alert(patient, "urgent")
    response = prescriber_client.post(ack_url(patient, alert), {"comment": " Called, seen today "})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert (alert.status, alert.acknowledged_by, alert.comment) == (
        "acknowledged",
        prescriber,
        "Called, seen today",
    )
    assert alert.acknowledged_at is not None
    history = prescriber_client.get(reverse("safety:patient_alerts", args=[patient.pk]))
    assert "Called, seen today" in history.content.decode()


def test_acknowledging_is_logged_as_a_change(patient, prescriber, prescriber_client):
    alert = raise_alert(patient, "warning")
    prescriber_client.post(ack_url(patient, alert), {"comment": ""})
    assert AccessLog.objects.filter(patient=patient, actor=prescriber, action="change").exists()


def test_acknowledging_twice_keeps_the_first(patient, prescriber, prescriber_client):
    alert = raise_alert(patient, "urgent")
    prescriber_client.post(ack_url(patient, alert), {"comment": "first"})
    prescriber_client.post(ack_url(patient, alert), {"comment": "second"})
    alert.refresh_from_db()
    assert alert.comment == "first"


def test_a_too_long_comment_acknowledges_nothing(patient, prescriber_client):
    alert = raise_alert(patient, "urgent")
    prescriber_client.post(ack_url(patient, alert), {"comment": "x" * 2001})
    alert.refresh_from_db()
    assert alert.status == "open"


@pytest.mark.parametrize("intruder", ["unlinked_prescriber", "patient", "other_patient", "staff"])
def test_only_the_linked_prescriber_acknowledges(patient, client_of, intruder):
    alert = raise_alert(patient, "urgent")
    response = client_of(intruder).post(ack_url(patient, alert), {"comment": "no"})
    assert response.status_code == 404
    alert.refresh_from_db()
    assert alert.status == "open"


def test_an_alert_of_another_patient_is_not_found(patient, other_patient, prescriber_client):
    alert = raise_alert(other_patient, "urgent")
    assert prescriber_client.post(ack_url(patient, alert)).status_code == 404


def test_the_alert_history_shows_open_alerts_urgent_first(patient, prescriber_client):
    raise_alert(patient, "info", "first_info")
    raise_alert(patient, "urgent", "then_urgent")
    html = prescriber_client.get(reverse("safety:patient_alerts", args=[patient.pk])).content
    text = html.decode()
    assert text.index('data-rule="then_urgent"') < text.index('data-rule="first_info"')


def test_the_patient_sees_the_acknowledgement_in_their_history(patient, prescriber, patient_client):
    alert = raise_alert(patient, "urgent")
    services.acknowledge(prescriber, patient, alert.pk, "Appointment tomorrow")
    html = patient_client.get(reverse("safety:overview")).content.decode()
    assert "Appointment tomorrow" in html


def test_the_prescriber_sees_declared_facts_and_scores(patient, prescriber_client):
    from baclo.web.safety.models import HealthProfile, QuestionnaireResponse

    HealthProfile.objects.create(patient=patient, crcl_ml_min=45, co_medications=["opioids"])
    QuestionnaireResponse.objects.create(
        patient=patient, instrument="phq9", answers=[1] * 9, score=9, band="mild", date=TODAY
    )
    html = prescriber_client.get(reverse("safety:patient_alerts", args=[patient.pk])).content
    text = html.decode()
    facts = text[text.index('id="health-facts"') :]
    assert "Opioïdes" in facts, "the class in words, not its code"
    assert "45 mL/min" in facts
    scores = text[text.index('id="scores"') :]
    assert "PHQ-9" in scores  # by its name and its band's words, never the codes
    assert "phq9" not in scores
    assert ">mild<" not in scores
