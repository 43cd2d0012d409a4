"""Effective dose reached during titration; craving coming back during a taper."""

import pytest

from baclo.protocols.plan import EventKind, PlanEvent
from baclo.safety import ActionType, Phase, Severity
from tests.safety.make import day, entry, fired, state


def days_of(cravings, dose=140):
    return [entry(n, dose=dose, craving=c) for n, c in enumerate(cravings) if c is not None]


def test_seven_quiet_days_in_titration_ask_whether_craving_has_gone():
    patient = state(days_of([1] * 7), phase=Phase.TITRATION)
    [alert] = fired("effective_dose", patient)
    assert alert.severity is Severity.INFO
    assert "Has craving gone?" in alert.patient_message.en
    assert "140 mg/day" in alert.patient_message.en
    [action] = alert.actions
    assert PlanEvent.from_dict(action.params["event"]) == PlanEvent(
        kind=EventKind.EFFECTIVE_DOSE, on=day(6)
    )


@pytest.mark.parametrize(
    ("cravings", "phase", "expected"),
    [
        pytest.param([1] * 7, Phase.MAINTENANCE, 0, id="already-maintained"),
        pytest.param([1, 1, 1, 1, 5, 5, 5], Phase.TITRATION, 0, id="4-of-7"),
        pytest.param([1, 1, 1, 1, 1, 5, 5], Phase.TITRATION, 1, id="5-of-7"),
    ],
)
def test_effective_dose_boundaries(cravings, phase, expected):
    assert len(fired("effective_dose", state(days_of(cravings), phase=phase))) == expected


@pytest.mark.parametrize(
    ("cravings", "phase", "expected"),
    [
        pytest.param([1, 4, 1, 4, 1, 4, 1], Phase.TAPER, 1, id="3-of-7"),
        pytest.param([1, 4, 1, 4, 1, 1, 1], Phase.TAPER, 0, id="2-of-7"),
        pytest.param([1, 4, 1, 4, 1, 4, 1], Phase.TITRATION, 0, id="not-tapering"),
    ],
)
def test_craving_return_during_a_taper(cravings, phase, expected):
    alerts = fired("craving_return", state(days_of(cravings), phase=phase))
    assert len(alerts) == expected
    if alerts:
        assert alerts[0].severity is Severity.WARNING
        assert "140 mg/day" in alerts[0].patient_message.en
        assert [a.type for a in alerts[0].actions] == [ActionType.PAUSE_TAPER]


@pytest.mark.parametrize(
    ("taper_start", "expected"),
    [
        pytest.param(None, 1, id="start-unknown-whole-window"),
        pytest.param(0, 1, id="all-three-days-in-the-taper"),
        pytest.param(2, 0, id="first-craving-day-before-the-taper"),
    ],
)
def test_craving_return_counts_only_days_of_the_taper(taper_start, expected):
    # Craving 4/10 on days 1, 3 and 5: three days only if day 1 belongs to the taper.
    patient = state(
        days_of([1, 4, 1, 4, 1, 4, 1]),
        phase=Phase.TAPER,
        taper_start=None if taper_start is None else day(taper_start),
    )
    assert len(fired("craving_return", patient)) == expected
