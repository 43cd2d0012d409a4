"""The sedative mix: > 6 standard drinks in a day on baclofen; benzodiazepines or opioids."""

import pytest

from baclo.safety import CoMedication, Severity
from tests.safety.make import entry, fired, state


@pytest.mark.parametrize(
    ("drinks", "dose", "plan", "expected"),
    [
        pytest.param(6, 60, {}, 0, id="6-drinks"),
        pytest.param(6.1, 60, {}, 1, id="6.1-drinks"),
        pytest.param(9, 0, {}, 0, id="not-on-baclofen"),
        pytest.param(9, 0, {6: 30}, 1, id="planned-dose-counts"),
    ],
)
def test_heavy_drinking_day_on_baclofen(drinks, dose, plan, expected):
    patient = state([entry(6, dose=dose, alcohol=drinks)], plan=plan)
    alerts = fired("heavy_drinking", patient)
    assert len(alerts) == expected
    if alerts:
        assert alerts[0].severity is Severity.WARNING
        assert "15" in alerts[0].advice.en


@pytest.mark.parametrize(
    ("declared", "key"),
    [
        pytest.param({CoMedication.BENZODIAZEPINES}, "benzodiazepines", id="benzodiazepines"),
        pytest.param({CoMedication.OPIOIDS}, "opioids", id="opioids"),
        pytest.param(
            {CoMedication.OPIOIDS, CoMedication.BENZODIAZEPINES},
            "benzodiazepines+opioids",
            id="both",
        ),
    ],
)
def test_sedative_co_medication_warns_once(declared, key):
    [alert] = fired("sedative_comedication", state(co_medications=declared))
    assert alert.key == f"sedative_comedication:{key}"
    assert alert.severity is Severity.WARNING


def test_no_co_medication_no_warning():
    assert fired("sedative_comedication", state()) == []


def test_both_names_are_translated():
    declared = {CoMedication.OPIOIDS, CoMedication.BENZODIAZEPINES}
    [alert] = fired("sedative_comedication", state(co_medications=declared))
    assert "benzodiazepines and opioids" in alert.patient_message.en
    assert "benzodiazépines et opioïdes" in alert.patient_message.fr
