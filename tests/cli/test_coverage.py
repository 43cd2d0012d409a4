"""``baclo coverage JOURNAL.csv``: the analysis of an exported journal, json and table; bad input
exits 2 with one line on stderr."""

from __future__ import annotations

import json

import numpy as np
import pytest

from baclo.coverage.journal_csv import write_journal_csv
from baclo.coverage.synthetic import draw_patient, rising_staircase, write_journal

HEADER = "date,intakes,craving_intensity,craving_onset,side_effects_max"


@pytest.fixture
def journal_file(tmp_path):
    patient = draw_patient(np.random.default_rng(4))
    journal, _ = write_journal(patient, rising_staircase, 24, seed=4)
    path = tmp_path / "journal.csv"
    path.write_text(write_journal_csv(journal), "utf-8")
    return path


def write(tmp_path, *rows, header=HEADER):
    path = tmp_path / "bad.csv"
    path.write_text("\n".join([header, *rows]) + "\n", "utf-8")
    return path


def test_it_prints_the_fit_and_the_suggestions_as_json(run_cli, journal_file):
    result = run_cli("coverage", str(journal_file), "--ceiling", "150", "--format", "json")
    assert result.exit_code == 0, result.stderr
    body = json.loads(result.stdout)
    assert body["craving"]["status"] == "fitted"
    needed = body["craving"]["needed_mg_l"]
    assert needed["low"] <= needed["median"] <= needed["high"]
    assert body["limits"]["ceiling_mg"] == 150
    assert len(body["days"]) == len(journal_file.read_text("utf-8").splitlines()) - 1
    for suggestion in body["suggestions"]:
        assert suggestion["after"]["daily_mg"] <= 150
        assert len(suggestion["curve"]["minute"]) == len(suggestion["curve"]["after_mg_l"])


def test_the_table_says_what_it_found_and_that_it_does_not_prescribe(run_cli, journal_file):
    result = run_cli("coverage", str(journal_file), "--ceiling", "150")
    assert result.exit_code == 0, result.stderr
    assert "Craving falls to 2/10 around" in result.stdout
    assert "never orders" in result.stdout


def test_a_short_journal_says_not_enough_data_and_why(run_cli, tmp_path):
    path = write(tmp_path, "2026-01-05,08:00=10,6,17:00,0", "2026-01-06,08:00=10,5,17:15,0")
    result = run_cli("coverage", str(path))
    assert result.exit_code == 0, result.stderr
    assert "Not enough data yet" in result.stdout
    assert "2 day(s) with a craving onset" in " ".join(result.stdout.split())


@pytest.mark.parametrize(
    ("rows", "header", "message"),
    [
        (["2026-01-05,08:00=10,6,17:00,0"], "date,intakes,craving_intensity", "missing column"),
        (["2026-01-05,08:00=10,11,17:00,0"], HEADER, "line 2: craving.intensity"),
        (["2026-01-05,8h=10,6,17:00,0"], HEADER, "line 2: intakes[0].time"),
        (["2026-01-05,08:00,6,17:00,0"], HEADER, "line 2: intakes"),
        (["2026-02-30,08:00=10,6,17:00,0"], HEADER, "line 2: date"),
        (["2026-01-05,08:00=10,6,17:00,0", "2026-01-05,08:00=10,6,17:00,0"], HEADER, "twice"),
        (["2026-01-05,08:00=10,,17:00,0"], HEADER, "craving.intensity: this field is required"),
        ([], HEADER, "no journal day"),
    ],
    ids=[
        "missing-column",
        "intensity-out-of-range",
        "bad-intake-time",
        "intake-without-dose",
        "impossible-date",
        "same-date-twice",
        "onset-without-intensity",
        "empty",
    ],
)
def test_a_bad_file_exits_2_with_one_line(run_cli, tmp_path, rows, header, message):
    result = run_cli("coverage", str(write(tmp_path, *rows, header=header)))
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--ceiling", "400"], "above the hard limit"),
        (["--tablets", "ten"], "tablet strengths"),
        (["--bedtime", "25:00"], "bedtime"),
        (["--crcl", "0"], "creatinine clearance"),
    ],
    ids=["ceiling-above-300", "tablets-not-numbers", "bad-bedtime", "crcl-zero"],
)
def test_bad_options_exit_2(run_cli, journal_file, options, message):
    result = run_cli("coverage", str(journal_file), *options)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_missing_file_exits_2(run_cli, tmp_path):
    result = run_cli("coverage", str(tmp_path / "absent.csv"))
    assert result.exit_code == 2
    assert "cannot read" in result.stderr
