"""``baclo synth-cohort``: a reproducible, clearly labelled synthetic cohort file."""

from __future__ import annotations

import json

import pytest

from baclo.stats.csvfile import COLUMNS, read_cohort


def test_it_writes_a_cohort_file_that_stats_reads_back(run_cli, tmp_path):
    out = tmp_path / "cohort.csv"
    result = run_cli("synth-cohort", "--n", "120", "--seed", "9", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert "Wrote 120 synthetic people (seed 9)" in result.stdout
    assert "SYNTHETIC DATA" in result.stdout
    assert out.read_text().splitlines()[0] == ",".join(COLUMNS)
    cohort = read_cohort(out).cohort
    assert cohort.n == 120
    assert cohort.is_synthetic


def test_the_same_seed_writes_the_same_bytes(run_cli, tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    run_cli("synth-cohort", "--n", "50", "--seed", "3", "--out", str(first))
    run_cli("synth-cohort", "--n", "50", "--seed", "3", "--out", str(second))
    assert first.read_bytes() == second.read_bytes()


def test_json_names_the_file_and_the_calibration_targets(run_cli, tmp_path):
    out = tmp_path / "c.csv"
    result = run_cli(
        "synth-cohort", "--n", "10", "--seed", "1", "--out", str(out), "--format", "json"
    )
    assert result.exit_code == 0, result.stderr
    body = json.loads(result.stdout)
    assert body["synthetic"] is True
    assert (body["n"], body["seed"], body["file"]) == (10, 1, str(out))
    assert body["targets"]["mean_dose_mg"] == 170


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["--n", "0", "--seed", "1"],
            "n must be an integer from 1 to 10000000, got 0",
            id="zero-people",
        ),
        pytest.param(["--n", "ten", "--seed", "1"], "'ten' is not a valid integer", id="n-not-int"),
        pytest.param(
            ["--n", "5", "--seed", "-2"],
            "seed must be a non-negative integer, got -2",
            id="negative-seed",
        ),
        pytest.param(["--n", "5"], "Missing option '--seed'", id="missing-seed"),
    ],
)
def test_bad_options_exit_2_with_one_line(run_cli, tmp_path, args, message):
    result = run_cli("synth-cohort", *args, "--out", str(tmp_path / "x.csv"))
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


def test_an_unwritable_destination_exits_2(run_cli, tmp_path):
    out = tmp_path / "no-such-dir" / "c.csv"
    result = run_cli("synth-cohort", "--n", "5", "--seed", "1", "--out", str(out))
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: cannot write")
    assert str(out) in result.stderr
