"""Urgent rules: dark thoughts (journal or PHQ-9 item 9), mania, confusion, sleep attacks."""

import pytest

from baclo.safety import Severity
from tests.safety.make import day, entry, fired, state


@pytest.mark.parametrize("severity", [1, 2, 3], ids=["mild", "moderate", "severe"])
def test_dark_thoughts_at_any_severity_are_urgent_and_open_the_crisis_panel(severity):
    [alert] = fired("dark_thoughts", state([entry(6, effects={"dark_thoughts": severity})]))
    assert alert.severity is Severity.URGENT
    assert alert.crisis
    assert "3114" in alert.patient_message.en
    assert "3114" in alert.patient_message.fr
    body = alert.to_dict()
    assert [r["number"] for r in body["crisis_resources"]] == ["3114", "15", "112"]
    assert alert.key == "dark_thoughts:2026-03-08"


def test_dark_thoughts_logged_at_zero_do_not_trigger():
    assert fired("dark_thoughts", state([entry(6, effects={"dark_thoughts": 0})])) == []


@pytest.mark.parametrize(
    ("logged_on", "expected"),
    [(6, 1), (-1, 1), (-2, 0)],
    ids=["today", "7-days-ago-still-editable", "8-days-ago"],
)
def test_the_look_back_is_the_journal_edit_window(logged_on, expected):
    patient = state([entry(logged_on, effects={"dark_thoughts": 2})])
    assert len(fired("dark_thoughts", patient)) == expected


def test_an_entry_dated_after_today_is_ignored():
    assert fired("dark_thoughts", state([entry(7, effects={"dark_thoughts": 3})])) == []


@pytest.mark.parametrize(
    ("item9", "answered", "expected"),
    [
        pytest.param(1, 6, 1, id="item9-1-today"),
        pytest.param(0, 6, 0, id="item9-0"),
        pytest.param(3, -7, 1, id="13-days-ago"),
        pytest.param(3, -8, 0, id="14-days-ago-out-of-recall"),
        pytest.param(2, 9, 0, id="dated-in-the-future"),
        pytest.param(None, 6, 0, id="never-answered"),
    ],
)
def test_phq9_item_9_above_zero_in_its_two_week_recall_is_urgent(item9, answered, expected):
    patient = state(phq9_item9=item9, phq9_on=day(answered))
    alerts = fired("dark_thoughts", patient)
    assert len(alerts) == expected
    if alerts:
        assert alerts[0].crisis
        assert "PHQ-9 item 9" in alerts[0].prescriber_message.en


def test_a_phq9_answer_without_a_date_counts_as_today():
    assert len(fired("dark_thoughts", state(phq9_item9=1))) == 1


def test_journal_and_phq9_give_one_alert_with_both_facts():
    patient = state([entry(4, effects={"dark_thoughts": 1})], phq9_item9=2, phq9_on=day(5))
    [alert] = fired("dark_thoughts", patient)
    assert alert.dates == (day(4), day(5))
    assert "journal" in alert.prescriber_message.en
    assert "PHQ-9" in alert.prescriber_message.fr


@pytest.mark.parametrize(
    ("kind", "rule_id", "no_driving"),
    [
        ("agitation_euphoria", "mania", False),
        ("confusion", "confusion", False),
        ("sleep_attacks", "sleep_attacks", True),
    ],
    ids=["mania", "confusion", "sleep-attacks"],
)
@pytest.mark.parametrize("severity", [1, 3], ids=["mild", "severe"])
def test_dangerous_side_effects_are_urgent(kind, rule_id, no_driving, severity):
    [alert] = fired(rule_id, state([entry(5, effects={kind: severity})]))
    assert alert.severity is Severity.URGENT
    assert alert.no_driving is no_driving
    assert not alert.crisis
    assert f"{severity}/3" in alert.prescriber_message.en
    assert alert.patient_message.fr


def test_sleep_attacks_tell_the_patient_not_to_drive_or_use_machines():
    [alert] = fired("sleep_attacks", state([entry(6, effects={"sleep_attacks": 1})]))
    assert "Do not drive or use machines" in alert.patient_message.en
    assert "Ne conduisez pas et n'utilisez pas de machines" in alert.patient_message.fr
    assert alert.to_dict()["no_driving"] is True


@pytest.mark.parametrize("rule_id", ["mania", "confusion", "sleep_attacks"])
def test_ordinary_side_effects_do_not_trigger_urgent_rules(rule_id):
    patient = state([entry(6, effects={"fatigue": 3, "somnolence": 3, "dizziness": 3})])
    assert fired(rule_id, patient) == []


@pytest.mark.parametrize(
    ("prescriber", "expected_en", "absent_en"),
    [
        pytest.param(
            "Dr Anne M.",
            "Your prescriber (Dr Anne M.) will see this alert",
            "No prescriber",
            id="linked",
        ),
        pytest.param(None, "nobody is notified", "will see this alert", id="none"),
    ],
)
def test_dark_thoughts_say_who_will_see_the_alert(prescriber, expected_en, absent_en):
    patient = state([entry(6, effects={"dark_thoughts": 1})], prescriber=prescriber)
    [alert] = fired("dark_thoughts", patient)
    assert expected_en in alert.patient_message.en
    assert absent_en not in alert.patient_message.en
    assert "3114" in alert.patient_message.fr


@pytest.mark.parametrize("rule_id", ["mania", "confusion", "sleep_attacks"])
@pytest.mark.parametrize(
    ("prescriber", "expected"),
    [
        pytest.param("Dr Anne M.", "Contact your prescriber (Dr Anne M.) today.", id="linked"),
        pytest.param(None, "Call your doctor today, or 15 if it cannot wait.", id="none"),
    ],
)
def test_urgent_side_effects_say_whom_to_call(rule_id, prescriber, expected):
    kind = {"mania": "agitation_euphoria"}.get(rule_id, rule_id)
    patient = state([entry(6, effects={kind: 1})], prescriber=prescriber)
    [alert] = fired(rule_id, patient)
    assert alert.patient_message.en.endswith(expected)
