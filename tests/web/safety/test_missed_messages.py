"""The missed-day message through the real saves: one variant per length of the gap, with and
without a linked prescriber, and with a declared kidney function (the PK scenarios' estimate)."""

from __future__ import annotations

import datetime as dt

import pytest

from baclo.web.safety.models import Alert, HealthProfile

from .conftest import TODAY, entry, save

pytestmark = pytest.mark.django_db


def _missed(patient, days: int) -> Alert:
    """Intakes logged up to the gap, then ``days`` past days logged without any intake."""
    gap = [TODAY - dt.timedelta(days=n) for n in range(1, days + 1)]
    save(patient, entry(dose=50), gap[-1] - dt.timedelta(days=1))
    for day in gap:
        save(patient, entry(dose=0), day)
    return Alert.objects.get(patient=patient, rule="missed_intakes")


# days missed, a sentence only that variant has (EN, FR)
VARIANTS = [
    pytest.param(
        1,
        "A double first intake would take your level to about",
        "Une première prise doublée porterait votre taux",
        id="one-day-says-what-doubling-does",
    ),
    pytest.param(
        2,
        "baclo advises this as a precaution (no published rule gives the number of days)",
        "aucune règle publiée ne donne ce nombre de jours",
        id="two-days-restart-lower-as-baclos-choice",
    ),
]


@pytest.mark.parametrize(("days", "en", "fr"), VARIANTS)
def test_a_linked_prescriber_is_named_in_the_missed_day_message(
    patient, plan, named_prescriber, days, en, fr
):
    alert = _missed(patient, days)
    assert en in alert.patient_message["en"]
    assert fr in alert.patient_message["fr"]
    assert "Carol D." in alert.patient_message["en"]
    assert "nobody is notified" not in alert.patient_message["en"]
    assert "of the usual level left" in alert.prescriber_message["en"]


@pytest.mark.parametrize(("days", "en", "fr"), VARIANTS)
def test_without_a_prescriber_the_missed_day_message_promises_nobody(patient, plan, days, en, fr):
    alert = _missed(patient, days)
    assert en in alert.patient_message["en"]
    assert fr in alert.patient_message["fr"]
    assert "your prescriber" not in alert.patient_message["en"].lower()
    assert "votre prescripteur" not in alert.patient_message["fr"].lower()
    assert "your doctor" in alert.patient_message["en"]


def test_the_declared_clearance_is_used_and_named_for_both_readers(patient, plan):
    HealthProfile.objects.create(patient=patient, crcl_ml_min=40)
    alert = _missed(patient, 1)
    assert "creatinine clearance 40 mL/min" in alert.patient_message["en"]
    assert "clairance de la créatinine 40 mL/min" in alert.patient_message["fr"]
    assert "CrCl 40 mL/min" in alert.prescriber_message["en"]
