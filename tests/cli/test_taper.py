"""``baclo taper``: steps, warnings, calendar; bad input."""

import json

import icalendar
import pytest

BASE = ("taper", "--from", "40", "--start", "2026-03-02")


def test_the_json_lists_steps_and_warnings(run_cli):
    result = run_cli(*BASE, "--speed", "fast", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["steps"] == [
        {"date": "2026-03-02", "dose_mg": 30, "tablets": "3 × 10 mg"},
        {"date": "2026-03-09", "dose_mg": 20, "tablets": "2 × 10 mg"},
        {"date": "2026-03-16", "dose_mg": 10, "tablets": "1 × 10 mg"},
        {"date": "2026-03-23", "dose_mg": 0, "tablets": "no tablet"},
    ]
    assert [w["date"] for w in data["warnings"]] == ["2026-03-09", "2026-03-16", "2026-03-23"]


def test_the_default_is_the_slow_preset(run_cli):
    data = json.loads(run_cli(*BASE, "--format", "json").stdout)
    assert data["steps"][1]["date"] == "2026-03-30"


def test_a_residual_dose_and_a_custom_pace_are_honoured(run_cli):
    result = run_cli(
        "taper", "--from", "120", "--start", "2026-03-02", "--to", "60", "--step", "15",
        "--every", "14", "--format", "json",
    )  # fmt: skip
    data = json.loads(result.stdout)
    assert [s["dose_mg"] for s in data["steps"]] == [105, 90, 75, 60]
    assert data["steps"][-1]["date"] == "2026-04-13"


def test_the_table_lists_steps_and_warns_on_stderr(run_cli):
    result = run_cli(*BASE)
    assert result.exit_code == 0
    assert "2026-03-30" in result.stdout
    assert "withdrawal symptoms" in result.stderr


def test_the_calendar_parses_back_with_one_event_and_alarm_per_intake(run_cli):
    result = run_cli(*BASE, "--speed", "fast", "--format", "ics", "--craving", "18:00")
    assert result.exit_code == 0
    calendar = icalendar.Calendar.from_ical(result.stdout)
    events = list(calendar.walk("VEVENT"))
    # 7 days at 30 mg (3 intakes) + 7 at 20 mg (2) + 7 at 10 mg (2); nothing after the stop.
    assert len(events) == 7 * 3 + 7 * 2 + 7 * 2
    assert len(list(calendar.walk("VALARM"))) == len(events)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        pytest.param(("--from", "40", "--start", "2026-03-02", "--to", "50"), "below the",
                     id="target-above-start"),
        pytest.param(("--from", "-40", "--start", "2026-03-02"), "-40", id="negative"),
        pytest.param(("--from", "0", "--start", "2026-03-02"), "above 0", id="zero"),
        pytest.param(("--from", "forty", "--start", "2026-03-02"), "forty", id="non-numeric"),
        pytest.param(("--from", "40", "--start", "2026-02-30"), "2026-02-30", id="date"),
        pytest.param(("--from", "40", "--start", "2026-03-02", "--speed", "abrupt"), "abrupt",
                     id="speed"),
        pytest.param(("--from", "40", "--start", "2026-03-02", "--format", "ics"), "--craving",
                     id="ics-without-craving"),
        pytest.param(("--from", "40", "--start", "2026-03-02", "--step", "1e-300"), "1e-300",
                     id="step-too-small-to-end"),
        pytest.param(("--from", "40", "--start", "9999-12-25"), "9999-12-25",
                     id="ends-after-9999"),
        pytest.param(("--from", "100", "--start", "2026-03-02", "--tablets", "20", "--step", "15"),
                     "steps of 10 mg", id="step-the-tablets-cannot-make"),
        pytest.param(("--from", "40", "--start", "2026-03-02", "--tablets", "10,0.2"), "0.2",
                     id="bad-tablet"),
        pytest.param(("--from", "100", "--start", "2026-03-02", "--step", "30", "--every", "14"),
                     "beyond the limits", id="step-beyond-the-limits"),
    ],
)  # fmt: skip
def test_bad_input_exits_2_with_one_line_naming_it(run_cli, args, fragment):
    result = run_cli("taper", *args)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: ")
    assert fragment in result.stderr
