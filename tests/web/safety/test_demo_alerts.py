"""The demo patient (Ameisen plan, steady at 150 mg/day in three intakes, about one intake a
month not ticked) gets no false alarm: a partly logged day is not a dose reduction."""

from __future__ import annotations

import datetime as dt

import pytest

from baclo.web.demo import load_demo
from baclo.web.journal.models import JournalEntry
from baclo.web.safety.models import Alert

pytestmark = pytest.mark.django_db

DEMO_TODAY = dt.date(2026, 3, 18)


@pytest.fixture
def demo_patient():
    return load_demo(DEMO_TODAY)["patient-demo"]


def test_the_demo_patient_gets_no_dose_reduction_alert(demo_patient):
    rules = set(Alert.objects.filter(patient=demo_patient).values_list("rule", flat=True))
    assert "fast_reduction" not in rules
    assert "missed_intakes" not in rules
    messages = Alert.objects.filter(patient=demo_patient).values_list("patient_message", flat=True)
    assert not any("dropped" in m["en"] or "went from" in m["en"] for m in messages)


def test_the_demo_journal_does_have_partly_logged_days(demo_patient):
    # Without such days the test above could not fail.
    partial = [
        e for e in JournalEntry.objects.filter(patient=demo_patient) if len(e.data["intakes"]) < 3
    ]
    assert [e for e in partial if e.dose_mg >= 100]
