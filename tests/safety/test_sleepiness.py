"""Epworth sleepiness: item 8 (in a car stopped in traffic) at 2 or more, or a total above 10,
gives 'do not drive' and reaches the prescriber (Johns 1991)."""

import pytest

from baclo.safety import Severity
from tests.safety.make import day, fired, state


def ess(total_rest, in_traffic):
    """8 answers: items 1-7 sum to ``total_rest`` (spread 0-3), item 8 = ``in_traffic``."""
    rest = [min(3, max(0, total_rest - 3 * i)) for i in range(7)]
    assert sum(rest) == total_rest
    return [*rest, in_traffic]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        pytest.param(ess(10, 0), 0, id="total-10"),
        pytest.param(ess(10, 1), 1, id="total-11"),
        pytest.param(ess(0, 1), 0, id="in-traffic-1"),
        pytest.param(ess(0, 2), 1, id="in-traffic-2-with-a-normal-total"),
        pytest.param(ess(3, 3), 1, id="in-traffic-3"),
        pytest.param([1] * 7, 0, id="incomplete-answers-ignored"),
    ],
)
def test_sleepiness_boundaries(answers, expected):
    alerts = fired("sleepiness", state(ess_answers=answers, ess_on=day(6)))
    assert len(alerts) == expected
    if alerts:
        assert alerts[0].no_driving
        assert alerts[0].severity is Severity.WARNING
        assert "Do not drive" in alerts[0].patient_message.en


@pytest.mark.parametrize(
    ("answered_on", "expected"),
    [pytest.param(-23, 1, id="29-days-ago"), pytest.param(-24, 0, id="30-days-ago")],
)
def test_an_old_epworth_no_longer_counts(answered_on, expected):
    patient = state(ess_answers=ess(0, 3), ess_on=day(answered_on))
    assert len(fired("sleepiness", patient)) == expected


@pytest.mark.parametrize(
    ("prescriber", "expected"),
    [
        pytest.param("Dr Anne M.", "Your prescriber (Dr Anne M.) will see this alert", id="linked"),
        pytest.param(None, "No prescriber is linked", id="none"),
    ],
)
def test_the_sleepiness_message_is_honest_about_who_sees_it(prescriber, expected):
    patient = state(ess_answers=ess(0, 2), ess_on=day(6), prescriber=prescriber)
    [alert] = fired("sleepiness", patient)
    assert expected in alert.patient_message.en


def test_sleep_attacks_stay_urgent():
    from tests.safety.make import entry

    patient = state([entry(6, effects={"sleep_attacks": 1})], ess_answers=ess(0, 0))
    [alert] = fired("sleep_attacks", patient)
    assert alert.severity is Severity.URGENT
