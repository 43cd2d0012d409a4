"""The late-intake message through the real saves (the plan's split: 07:00, 15:00, 23:00 on the
page tests' day): it fires on a late intake close to the next one, names a linked prescriber only,
and uses the declared kidney function."""

from __future__ import annotations

import datetime as dt

import pytest

from baclo.web.safety import services
from baclo.web.safety.models import Alert, HealthProfile

from .conftest import entry, save

pytestmark = pytest.mark.django_db


def _morning_taken_at(patient, time: str) -> None:
    save(patient, entry(intakes=[{"time": time, "dose_mg": 20, "planned": "07:00"}]))


def _message(patient) -> Alert:
    return Alert.objects.get(patient=patient, rule="late_intake")


@pytest.mark.parametrize(
    ("taken", "expected"),
    [
        pytest.param("11:01", 1, id="4h01-late-3h59-before-15h-fires"),
        pytest.param("11:00", 0, id="halfway-does-not"),
    ],
)
def test_a_late_intake_close_to_the_next_one_raises_the_alert(patient, plan, taken, expected):
    _morning_taken_at(patient, taken)
    assert Alert.objects.filter(patient=patient, rule="late_intake").count() == expected


def test_a_linked_prescriber_is_named_in_the_late_message(patient, plan, named_prescriber):
    _morning_taken_at(patient, "12:30")
    message = _message(patient).patient_message
    assert "Take your next intake at 15:00 as planned and never double it" in message["en"]
    assert "Your prescriber (Carol D.) will see this alert" in message["en"]
    assert "Votre prescripteur (Carol D.)" in message["fr"]


def test_without_a_prescriber_the_late_message_promises_nobody(patient, plan):
    _morning_taken_at(patient, "12:30")
    message = _message(patient).patient_message
    assert "nobody is notified: call your doctor, or 15" in message["en"]
    assert "your prescriber" not in message["en"].lower()
    assert "votre prescripteur" not in message["fr"].lower()


def test_the_late_message_uses_the_declared_clearance(patient, plan):
    HealthProfile.objects.create(patient=patient, crcl_ml_min=45)
    _morning_taken_at(patient, "12:30")
    alert = _message(patient)
    assert "creatinine clearance 45 mL/min" in alert.patient_message["en"]
    assert "if shifted by the same delay" in alert.prescriber_message["en"]
    assert "CrCl 45 mL/min" in alert.prescriber_message["en"]


@pytest.mark.parametrize(
    ("days_later", "shown"),
    [
        pytest.param(0, True, id="on-the-day"),
        pytest.param(1, False, id="stale-the-day-after"),
    ],
)
def test_the_late_advice_is_on_the_patients_pages_only_on_its_day(patient, plan, days_later, shown):
    _morning_taken_at(patient, "12:30")
    alert = _message(patient)
    later = alert.raised_on + dt.timedelta(days=days_later)
    assert (alert in services.banner_alerts(patient, later)) is shown
