"""Renal function: < 60 mL/min info with the PK curve at that clearance; < 30 warning, avoid.
Expected exposure ratio from the PK model's calibration 1 / (0.15 + 0.85 x CrCl / 100)."""

import math

import pytest

from baclo.safety import ActionType, Severity
from tests.safety.make import fired, state


@pytest.mark.parametrize(
    ("crcl", "severity"),
    [
        pytest.param(60, None, id="60-normal-enough"),
        pytest.param(59, Severity.INFO, id="59"),
        pytest.param(30, Severity.INFO, id="30"),
        pytest.param(29, Severity.WARNING, id="29-avoid"),
        pytest.param(None, None, id="unknown"),
        pytest.param(math.nan, None, id="nan-ignored"),
        pytest.param(-5, None, id="negative-ignored"),
        pytest.param(0, None, id="zero-ignored"),
    ],
)
def test_renal_boundaries(crcl, severity):
    alerts = fired("renal_function", state(crcl_ml_min=crcl))
    assert [a.severity for a in alerts] == ([] if severity is None else [severity])


def test_the_alert_offers_the_pk_curve_and_gives_the_exposure_ratio():
    [alert] = fired("renal_function", state(crcl_ml_min=50))
    [action] = alert.actions
    assert action.type is ActionType.PK_CURVE
    assert action.to_dict()["crcl_ml_min"] == 50
    ratio = 1 / (0.15 + 0.85 * 50 / 100)
    assert f"{ratio:.1f} times" in alert.patient_message.en


def test_below_30_says_avoid():
    [alert] = fired("renal_function", state(crcl_ml_min=20))
    assert "avoided" in alert.patient_message.en
    assert "à éviter" in alert.patient_message.fr
