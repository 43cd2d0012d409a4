"""The banner on every patient page: what needs action in full, suggestions folded in one line,
so that today's dose stays near the top of the first screen."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from baclo.web.safety.models import Alert


def make_alert(patient, severity: str, rule: str) -> Alert:
    text = {"en": f"{rule} title", "fr": f"titre {rule}"}
    return Alert.objects.create(
        patient=patient,
        rule=rule,
        key=f"{rule}:2026-03-18",
        severity=severity,
        title=text,
        patient_message=text,
        prescriber_message=text,
        advice=text,
        source="test",
        raised_on=dt.date(2026, 3, 18),
    )


def folded_part(html: str) -> str:
    start = html.find('id="safety-suggestions"')
    return html[start : html.find("</details>", start)] if start >= 0 else ""


@pytest.mark.parametrize("severity", ["urgent", "warning"])
def test_alerts_that_need_action_are_shown_in_full(patient, patient_client, severity):
    alert = make_alert(patient, severity, "some_rule")
    html = patient_client.get(reverse("journal:today")).content.decode()
    assert f'id="alert-{alert.pk}"' in html
    assert f'id="alert-{alert.pk}"' not in folded_part(html)


def test_info_suggestions_are_folded_into_one_counted_line(patient, patient_client):
    urgent = make_alert(patient, "urgent", "urgent_rule")
    infos = [make_alert(patient, "info", f"info_{n}") for n in range(2)]
    html = patient_client.get(reverse("journal:today")).content.decode()
    folded = folded_part(html)
    assert "2 suggestions pour vous" in folded
    assert all(f'id="alert-{a.pk}"' in folded for a in infos)
    assert f'id="alert-{urgent.pk}"' not in folded


def test_there_is_no_folded_line_without_suggestions(patient, patient_client):
    make_alert(patient, "warning", "warning_rule")
    html = patient_client.get(reverse("journal:today")).content.decode()
    assert 'id="safety-suggestions"' not in html


def test_an_alert_raised_since_the_last_visit_shows_on_both_parts_of_today(patient, patient_client):
    # Today reads the open alerts once per request (both banner parts), never across requests.
    patient_client.get(reverse("journal:today"))
    alert = make_alert(patient, "urgent", "urgent_rule")
    alert.crisis = True
    alert.save()
    html = patient_client.get(reverse("journal:today")).content.decode()
    assert f'id="alert-{alert.pk}"' in html
    assert 'id="crisis-panel"' in html
