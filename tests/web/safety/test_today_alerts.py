"""Alerts on Today while they are current: open urgent ones always, warnings and suggestions for 7
days after being raised, none once acknowledged; the dose of the day comes before the alert cards,
the crisis panel before the dose. Older alerts live in the safety history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from baclo.web.safety import services
from baclo.web.safety.models import Alert, AlertStatus

from .conftest import TODAY
from .test_banner import make_alert

TODAY_URL = reverse("journal:today")


def raised(alert: Alert, days_ago: int) -> Alert:
    alert.raised_on = TODAY - dt.timedelta(days=days_ago)
    alert.save(update_fields=["raised_on"])
    return alert


@pytest.mark.parametrize(
    ("severity", "days_ago", "shown"),
    [
        pytest.param("urgent", 30, True, id="urgent-30-days-old"),
        pytest.param("warning", 6, True, id="warning-6-days-old"),
        pytest.param("warning", 7, False, id="warning-7-days-old"),
        pytest.param("info", 6, True, id="info-6-days-old"),
        pytest.param("info", 7, False, id="info-7-days-old"),
    ],
)
def test_an_alert_shows_on_today_while_it_is_current(
    patient, patient_client, severity, days_ago, shown
):
    alert = raised(make_alert(patient, severity, "some_rule"), days_ago)
    html = patient_client.get(TODAY_URL).content.decode()
    assert (f'id="alert-{alert.pk}"' in html) is shown
    history = patient_client.get(reverse("safety:overview")).content.decode()
    assert "some_rule title" in history or "titre some_rule" in history


def test_an_acknowledged_alert_leaves_today(patient, patient_client):
    alert = make_alert(patient, "urgent", "some_rule")
    Alert.objects.filter(pk=alert.pk).update(status=AlertStatus.ACKNOWLEDGED)
    assert f'id="alert-{alert.pk}"' not in patient_client.get(TODAY_URL).content.decode()


def test_the_prescriber_still_sees_an_old_open_warning(patient):
    alert = raised(make_alert(patient, "warning", "some_rule"), 20)
    assert alert in services.open_alerts(patient)
    assert not services.is_current(alert, TODAY)


def test_the_dose_comes_before_the_alerts_and_the_crisis_panel_before_the_dose(
    patient, patient_client, plan
):
    crisis = make_alert(patient, "urgent", "dark_thoughts")
    Alert.objects.filter(pk=crisis.pk).update(crisis=True)
    warnings = [make_alert(patient, "warning", f"rule_{n}") for n in range(2)]
    html = patient_client.get(TODAY_URL).content.decode()
    dose = html.index('id="dose-title"')
    assert html.index('id="crisis-panel"') < dose
    for alert in (crisis, *warnings):
        assert html.index(f'id="alert-{alert.pk}"') > dose
    assert html.count('id="crisis-panel"') == 1


def test_other_pages_show_the_whole_banner_first(patient, patient_client, plan):
    alert = make_alert(patient, "warning", "some_rule")
    html = patient_client.get(reverse("safety:health")).content.decode()
    assert html.index(f'id="alert-{alert.pk}"') < html.index("<h1")
