"""Doses above the ceiling or the plan; tiered high-dose notices above 80, 120, 180 mg/day."""

import pytest

from baclo.safety import Severity
from tests.safety.make import entry, fired, state


@pytest.mark.parametrize(
    ("taken", "ceiling", "expected"),
    [
        pytest.param(80, 80, 0, id="at-ceiling"),
        pytest.param(80.5, 80, 1, id="above-ceiling"),
        pytest.param(300, None, 0, id="hard-limit-reached"),
        pytest.param(310, None, 1, id="above-hard-limit"),
        pytest.param(310, 400, 1, id="ceiling-above-hard-limit-is-capped"),
    ],
)
def test_dose_above_ceiling_boundaries(taken, ceiling, expected):
    patient = state([entry(6, dose=taken, times=("08:00", "18:00"))], ceiling_mg=ceiling)
    alerts = fired("dose_above_ceiling", patient)
    assert len(alerts) == expected
    if alerts:
        assert alerts[0].severity is Severity.WARNING


@pytest.mark.parametrize(
    ("taken", "planned", "expected"),
    [
        pytest.param(50, 50, 0, id="as-planned"),
        pytest.param(55, 50, 1, id="above-plan"),
        pytest.param(40, 50, 0, id="below-plan"),
        pytest.param(55, None, 0, id="no-plan-that-day"),
        pytest.param(90, 50, 0, id="above-ceiling-reported-there-only"),
    ],
)
def test_dose_above_plan_boundaries(taken, planned, expected):
    plan = {} if planned is None else {6: planned}
    patient = state([entry(6, dose=taken)], plan=plan, ceiling_mg=80)
    assert len(fired("dose_above_plan", patient)) == expected


def test_dose_above_plan_names_both_doses():
    [alert] = fired("dose_above_plan", state([entry(5, dose=70)], plan={5: 50}, ceiling_mg=80))
    assert "70 mg, more than the 50 mg planned" in alert.patient_message.en


@pytest.mark.parametrize(
    ("planned", "taken", "tier"),
    [
        pytest.param(80, 0, None, id="80-no-notice"),
        pytest.param(85, 0, "80", id="85-planned"),
        pytest.param(120, 0, "80", id="120-still-tier-80"),
        pytest.param(125, 0, "120", id="125"),
        pytest.param(180, 0, "120", id="180-still-tier-120"),
        pytest.param(190, 0, "180", id="190"),
        pytest.param(60, 130, "120", id="logged-dose-above-plan"),
        pytest.param(None, 200, "180", id="no-plan-logged-dose"),
    ],
)
def test_dose_tiers(planned, taken, tier):
    plan = {} if planned is None else {6: planned}
    entries = [entry(5, dose=taken, times=("08:00", "20:00"))] if taken else []
    alerts = fired("dose_tier", state(entries, plan=plan, ceiling_mg=300))
    assert [a.key for a in alerts] == ([] if tier is None else [f"dose_tier:{tier}"])
    if alerts:
        assert alerts[0].severity is Severity.INFO


def test_the_180_notice_gives_the_dated_facts():
    [alert] = fired("dose_tier", state(plan={6: 200}, ceiling_mg=300))
    assert "2014 RTU required a collegial opinion" in alert.patient_message.en
    assert "2.27" in alert.patient_message.en
    assert "2,27" in alert.patient_message.fr
    assert "dated facts" in alert.patient_message.en
