"""``baclo individualise``: the estimate as a table or json, and bad input refused with exit 2."""

from __future__ import annotations

import json

import pytest

INTAKES = (
    "--intake",
    "2026-03-02/08:00=30",
    "--intake",
    "2026-03-02/20:00=30",
    "--intake",
    "2026-03-03T08:00=30",
)
NOW = ("--now", "2026-03-04T00:00")


def test_json_holds_the_estimate_with_intervals_and_the_fit(run_cli):
    result = run_cli(
        "individualise", *INTAKES, "--sample", "2026-03-03 10:00=320", *NOW, "--format", "json"
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    cl = data["parameters"]["cl"]
    assert cl["interval_90"][0] < cl["estimate"] < cl["interval_90"][1]
    assert data["parameters"]["ka"]["estimated"] is False
    assert data["samples"][0]["observed_mg_l"] == 0.32
    assert data["model"] == "simon-2018"


def test_table_shows_population_and_patient_side_by_side(run_cli):
    result = run_cli("individualise", *INTAKES, "--sample", "2026-03-03/19:00=150", *NOW)
    assert result.exit_code == 0, result.stderr
    assert "this patient" in result.stdout
    assert "CL/F (L/h)" in result.stdout
    assert "fixed" in result.stdout  # ka, one level only


def test_intakes_can_come_from_a_journal_csv(run_cli, tmp_path):
    journal = tmp_path / "journal.csv"
    journal.write_text(
        "date,intakes,craving_intensity\n2026-03-02,08:00=30;20:00=30,4\n2026-03-03,08:00=30,\n",
        encoding="utf-8",
    )
    args = ("--sample", "2026-03-03/10:00=320", *NOW, "--format", "json")
    from_csv = run_cli("individualise", "--intakes-csv", str(journal), *args)
    from_options = run_cli("individualise", *INTAKES, *args)
    assert from_csv.exit_code == 0, from_csv.stderr
    assert json.loads(from_csv.stdout) == json.loads(from_options.stdout)


def test_a_unit_confusion_is_detected_and_can_be_confirmed(run_cli):
    args = ("individualise", *INTAKES, "--sample", "2026-03-03/10:00=320", "--unit", "mg/L", *NOW)
    asked = run_cli(*args)
    assert asked.exit_code == 2
    assert "was it 320 ng/mL?" in asked.stderr
    confirmed = run_cli(*args, "--confirm-unit")
    assert confirmed.exit_code == 2  # 320 mg/L is then beyond what an assay reports
    assert "outside what an assay reports" in confirmed.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ("--sample", "2026-03-03/10:00=320"), "at least one logged intake", id="no-intake"
        ),
        pytest.param((*INTAKES,), "at least one measured level", id="no-sample"),
        pytest.param((*INTAKES, "--sample", "2026-03-05/10:00=320"), "in the future", id="future"),
        pytest.param(
            (*INTAKES, "--sample", "2026-03-01/10:00=320"), "before the first", id="before"
        ),
        pytest.param(
            ("--intake", "2026-03-02=30", "--sample", "2026-03-03/10:00=320"),
            "expected YYYY-MM-DD/HH:MM=NUMBER",
            id="intake-without-time",
        ),
        pytest.param(
            ("--intake", "2026-02-30/08:00=30", "--sample", "2026-03-03/10:00=320"),
            "is not a date and time",
            id="impossible-date",
        ),
        pytest.param(
            (*INTAKES, "--sample", "2026-03-03/10:00=abc"), "is not a number", id="level-text"
        ),
        pytest.param(
            (*INTAKES, "--sample", "2026-03-03/10:00=320", "--unit", "g"),
            "expected ng/mL or mg/L",
            id="unknown-unit",
        ),
        pytest.param(
            (*INTAKES, "--sample", "2026-03-03/10:00=320", "--intakes-csv", "/nonexistent.csv"),
            "cannot read",
            id="missing-csv",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line(run_cli, args, message):
    result = run_cli("individualise", *args, *NOW)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_a_level_far_from_any_fit_is_estimated_with_a_warning_on_stderr(run_cli):
    result = run_cli("individualise", *INTAKES, "--sample", "2026-03-03/10:00=30", *NOW)
    assert result.exit_code == 0
    assert "Warning: the level of 2026-03-03 10:00 is" in result.stderr
