"""``baclo plan``: the day-by-day plan as a table, json, csv; the ceiling; bad input."""

import csv
import io
import json

import icalendar
import pytest

BASE = ("plan", "--protocol", "ameisen", "--start", "2026-01-05")


def test_the_json_has_the_contract_shape_and_the_seed_doses(run_cli):
    result = run_cli(*BASE, "--ceiling", "300", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["protocol"] == "ameisen"
    assert data["ceiling_mg"] == 300
    assert data["capped"] is False
    assert len(data["days"]) == 21
    assert data["days"][0] == {"date": "2026-01-05", "dose_mg": 30}
    # Ameisen table (Association Baclofène 2014), week 3 Sunday
    assert data["days"][20] == {"date": "2026-01-25", "dose_mg": 150}


def test_the_json_says_capped_when_the_default_ceiling_cuts_the_protocol(run_cli):
    data = json.loads(run_cli(*BASE, "--format", "json").stdout)
    assert data["ceiling_mg"] == 80
    assert data["capped"] is True
    assert data["capped_from"] == "2026-01-14"
    assert max(day["dose_mg"] for day in data["days"]) == 80


def test_the_table_has_week_rows_monday_to_sunday_and_warns_when_capped(run_cli):
    result = run_cli(*BASE)
    assert result.exit_code == 0
    assert "Mon" in result.stdout
    assert "Sun" in result.stdout
    assert "│ 2026-01-05 │ 30  │ 30  │ 30  │ 50  │ 50  │ 50  │ 70  │" in result.stdout
    assert "cuts the ameisen protocol from 2026-01-14" in result.stderr


def test_a_ceiling_above_80_prints_the_prescriber_notice(run_cli):
    result = run_cli(*BASE, "--ceiling", "200")
    assert result.exit_code == 0
    assert "only a prescriber may set it" in result.stderr
    assert "collegial opinion" in result.stderr


def test_the_csv_has_a_header_and_one_row_per_day(run_cli):
    result = run_cli(*BASE, "--days", "5", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["dose_mg"] for row in rows] == ["30", "30", "30", "50", "50"]


def test_label_parameters_are_passed_through(run_cli):
    result = run_cli(
        "plan", "--protocol", "label", "--start", "2026-01-05", "--start-dose", "20",
        "--step-days", "4", "--days", "5", "--format", "json",
    )  # fmt: skip
    assert [day["dose_mg"] for day in json.loads(result.stdout)["days"]] == [20, 20, 20, 20, 30]


def test_a_custom_protocol_is_built_from_options(run_cli):
    result = run_cli(
        "plan", "--protocol", "custom", "--start", "2026-01-05", "--start-dose", "10",
        "--increment", "5", "--step-days", "2", "--days", "6", "--format", "json",
    )  # fmt: skip
    assert [day["dose_mg"] for day in json.loads(result.stdout)["days"]] == [10, 10, 15, 15, 20, 20]


def test_events_change_the_plan_and_are_echoed_in_the_json(run_cli):
    result = run_cli(
        *BASE, "--days", "12", "--event", "hold:2026-01-08:2", "--event",
        "effective_dose:2026-01-13", "--format", "json",
    )  # fmt: skip
    data = json.loads(result.stdout)
    assert [day["dose_mg"] for day in data["days"]] == [30] * 3 + [50] * 5 + [70] * 4
    assert data["events"] == [
        {"kind": "hold", "date": "2026-01-08", "days": 2},
        {"kind": "effective_dose", "date": "2026-01-13"},
    ]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        pytest.param(("--protocol", "ameisn", "--start", "2026-01-05"), "ameisn", id="protocol"),
        pytest.param(("--protocol", "ameisen", "--start", "05/01/2026"), "05/01/2026", id="date"),
        pytest.param(
            ("--protocol", "ameisen", "--start", "2026-02-30"), "2026-02-30", id="impossible-date"
        ),
        pytest.param((*BASE[1:], "--ceiling", "lots"), "lots", id="non-numeric-ceiling"),
        pytest.param((*BASE[1:], "--ceiling", "-40"), "-40", id="negative-ceiling"),
        pytest.param((*BASE[1:], "--ceiling", "0"), "positive", id="zero-ceiling"),
        pytest.param((*BASE[1:], "--ceiling", "400"), "hard limit", id="ceiling-above-300"),
        pytest.param((*BASE[1:], "--ceiling", "20"), "below the first dose", id="low-ceiling"),
        pytest.param((*BASE[1:], "--days", "0"), "0", id="zero-days"),
        pytest.param((*BASE[1:], "--increment", "10"), "fixed table", id="fixed-table"),
        pytest.param(
            ("--protocol", "label", "--start", "2026-01-05", "--start-dose", "30"),
            "15-20",
            id="label-start-dose",
        ),
        pytest.param(
            (
                "--protocol",
                "custom",
                "--start",
                "2026-01-05",
                "--start-dose",
                "-5",
                "--increment",
                "5",
                "--step-days",
                "3",
            ),
            "-5",
            id="custom-negative-dose",
        ),
        pytest.param((*BASE[1:], "--format", "pdf"), "pdf", id="format"),
        pytest.param((*BASE[1:], "--event", "pause:2026-01-08"), "pause", id="event-kind"),
        pytest.param(
            (*BASE[1:], "--event", "hold:2026-01-08:two"), "whole number", id="event-days"
        ),
        pytest.param(
            (*BASE[1:], "--event", "step_back:2026-01-06"), "first step", id="event-first-step"
        ),
        pytest.param((*BASE[1:], "--event", "hold:2026-01-08"), "1 day", id="hold-no-days"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_it(run_cli, args, fragment):
    result = run_cli("plan", *args)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: ")
    assert fragment in result.stderr


def test_the_calendar_has_one_event_and_one_alarm_per_intake(run_cli):
    result = run_cli(
        "plan", "--protocol", "beaurepaire", "--start", "2026-01-05", "--days", "6",
        "--format", "ics", "--craving", "18:00",
    )  # fmt: skip
    assert result.exit_code == 0
    calendar = icalendar.Calendar.from_ical(result.stdout)
    events = list(calendar.walk("VEVENT"))
    # 3 days at 10 mg (2 x 5 mg), then 3 days at 20 mg (2 x 10 mg: at most a third of the
    # dose per intake, rounded up to a half tablet).
    assert len(events) == 3 * 2 + 3 * 2
    assert len(list(calendar.walk("VALARM"))) == len(events)
    assert str(events[0]["summary"]) == "Baclofène 5 mg"


def test_the_calendar_needs_a_craving_time(run_cli):
    result = run_cli(*BASE, "--format", "ics")
    assert result.exit_code == 2
    assert "--craving" in result.stderr


TAPERED = ("plan", "--protocol", "beaurepaire", "--start", "2026-01-05")


def test_a_plan_with_a_taper_follows_it_through_its_last_step(run_cli):
    # De Beaurepaire climbs to the 80 mg/day ceiling by 26 January; the fast preset takes 10 mg
    # off every 7 days from 2 March: 70 on 2 March ... 0 on 20 April.
    result = run_cli(
        *TAPERED, "--taper-start", "2026-03-02", "--taper-speed", "fast", "--format", "json"
    )
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    doses = {day["date"]: day["dose_mg"] for day in data["days"]}
    assert (doses["2026-03-01"], doses["2026-03-02"], doses["2026-03-09"]) == (80, 70, 60)
    assert data["days"][-1] == {"date": "2026-04-20", "dose_mg": 0}
    assert (data["taper"]["from_mg"], data["taper"]["speed"]) == (80, "fast")
    assert [step["dose_mg"] for step in data["taper"]["steps"]][:2] == [70, 60]


def test_a_custom_taper_takes_its_step_and_interval_and_warns_on_large_steps(run_cli):
    result = run_cli(
        *TAPERED, "--taper-start", "2026-03-02", "--taper-speed", "custom",
        "--taper-step", "20", "--taper-every", "14", "--format", "csv",
    )  # fmt: skip
    assert result.exit_code == 0
    rows = {row["date"]: row["dose_mg"] for row in csv.DictReader(io.StringIO(result.stdout))}
    # 80 -> 60 is 25 %; from 60 a step may cut 15 mg at most, so the next step is 60 -> 45.
    assert (rows["2026-03-01"], rows["2026-03-02"], rows["2026-03-16"]) == ("80", "60", "45")
    assert "taper from 2026-03-02: 80 mg/day, -20 mg every 14 days" in result.stderr
    assert "withdrawal symptoms" in result.stderr


def test_the_table_shows_the_taper_days(run_cli):
    result = run_cli(*TAPERED, "--taper-start", "2026-03-02", "--taper-speed", "fast")
    assert result.exit_code == 0
    assert "│ 2026-03-02 │ 70  │ 70  │ 70  │ 70  │ 70  │ 70  │ 70  │" in result.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        pytest.param(
            ("--taper-start", "2026-01-05"), "--taper-start: a taper starts after", id="on-start"
        ),
        pytest.param(
            ("--taper-start", "2026-02-30"), "--taper-start: expected a date", id="bad-date"
        ),
        pytest.param(
            ("--taper-start", "2026-03-02", "--taper-step", "5"),
            "--taper-step: the slow preset",
            id="preset-step",
        ),
        pytest.param(
            ("--taper-start", "2026-03-02", "--taper-speed", "custom"),
            "--taper-step: a custom taper needs it",
            id="custom-without-pace",
        ),
        pytest.param(
            ("--taper-start", "2026-03-02", "--taper-speed", "turbo"),
            "--taper-speed: unknown speed",
            id="speed",
        ),
        pytest.param(
            ("--taper-start", "2026-03-02", "--taper-to", "90"),
            "--taper-to:",
            id="residual-above-dose",
        ),
    ],
)
def test_a_taper_the_course_refuses_exits_2_naming_the_option(run_cli, args, fragment):
    result = run_cli(*TAPERED, *args)
    assert result.exit_code == 2
    assert fragment in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_a_taper_in_the_plan_is_made_of_the_tablets_given(run_cli):
    # 20 mg tablets make 10 mg steps: the 20 mg step from 80 then shrinks to 10 mg, not 15.
    result = run_cli(
        *TAPERED, "--tablets", "20", "--taper-start", "2026-03-02", "--taper-speed", "custom",
        "--taper-step", "20", "--taper-every", "14", "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert all(day["dose_mg"] % 10 == 0 for day in data["days"])
    steps = data["taper"]["steps"]
    assert [step["dose_mg"] for step in steps][:3] == [60, 50, 40]
    assert all("× 20 mg" in step["tablets"] or step["dose_mg"] == 0 for step in steps)


def test_a_taper_step_the_tablets_given_cannot_make_exits_2(run_cli):
    result = run_cli(
        *TAPERED, "--tablets", "20", "--taper-start", "2026-03-02", "--taper-speed", "custom",
        "--taper-step", "15", "--taper-every", "14",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "--taper-step" in result.stderr
    assert "Traceback" not in result.stderr
