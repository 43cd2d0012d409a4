"""``baclo stats FILE.csv``: json contract, table, strictness, publication, bad input (exit 2)."""

from __future__ import annotations

import json

import pytest

from baclo.cli.stats import HELP_MIN_K
from baclo.stats import MIN_K
from tests.stats.conftest import csv_bytes

GOOD = [
    "a,f,30-44,20,80,ameisen,120,30,200,0,abstinent",
    "b,m,45-59,25,100,ameisen,150,60,200,1,controlled",
    "c,m,45-59,30,150,beaurepaire,180,,90,2,",
    "d,f,60+,35,200,beaurepaire,210,100,300,3,unchanged",
    "e,m,18-29,,120,,240,150,400,1,halved",
]


@pytest.fixture
def cohort_file(tmp_path):
    path = tmp_path / "cohort.csv"
    path.write_bytes(csv_bytes(*GOOD))
    return path


@pytest.fixture
def synthetic_file(tmp_path, run_cli):
    path = tmp_path / "synthetic.csv"
    assert run_cli("synth-cohort", "--n", "300", "--seed", "5", "--out", str(path)).exit_code == 0
    return path


def test_it_prints_the_design_json_shape(run_cli, cohort_file):
    result = run_cli("stats", str(cohort_file), "--format", "json")
    assert result.exit_code == 0, result.stderr
    body = json.loads(result.stdout)
    assert body["n"] == 5
    assert body["effective_dose_mg"]["mean"] == pytest.approx(180)
    assert set(body["correlations"]) == {"dose_vs_audit", "dose_vs_grams"}
    assert body["time_to_effective"]["events"] == 4
    assert body["outcomes"]["n"] == 4
    assert body["side_effects"]["any"]["count"] == 4
    assert set(body["subgroups"]["by_protocol"]) == {"ameisen", "beaurepaire"}
    assert body["synthetic"] is False
    assert body["k_anonymity"] is None
    assert result.stderr == ""


def test_the_table_shows_every_section(run_cli, cohort_file):
    result = run_cli("stats", str(cohort_file))
    assert result.exit_code == 0, result.stderr
    for title in ("Effective dose", "Correlation", "Kaplan-Meier", "Outcome", "Side effects"):
        assert title in result.stdout
    assert "SYNTHETIC" not in result.stdout


def test_a_synthetic_file_is_labelled_synthetic_in_both_formats(run_cli, synthetic_file):
    assert "SYNTHETIC DATA" in run_cli("stats", str(synthetic_file)).stdout
    body = json.loads(run_cli("stats", str(synthetic_file), "--format", "json").stdout)
    assert body["synthetic"] is True


def test_a_malformed_file_exits_2_with_the_first_bad_line_and_reason(run_cli, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(GOOD[0], "x,f,30-44,99,,,,,,,", "y,q,,,,,,,,,"))
    result = run_cli("stats", str(path))
    assert result.exit_code == 2
    assert result.stderr == "Error: line 3: audit_before '99' is not an integer from 0 to 40\n"
    assert result.stdout == ""


def test_no_strict_skips_bad_rows_and_reports_how_many_on_stderr(run_cli, tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes(csv_bytes(*GOOD, "x,f,30-44,99,,,,,,,", "y,q,,,,,,,,,", "z,f"))
    result = run_cli("stats", str(path), "--no-strict", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["n"] == 5
    assert "skipped 3 bad row(s)" in result.stderr
    assert "line 7: audit_before '99'" in result.stderr
    assert "line 8: sex 'q'" in result.stderr
    assert "line 9: expected 11 fields, found 2" in result.stderr


def test_publish_suppresses_small_cells(run_cli, synthetic_file):
    private = json.loads(run_cli("stats", str(synthetic_file), "--format", "json").stdout)
    result = run_cli("stats", str(synthetic_file), "--format", "json", "--publish", "--k", "10")
    assert result.exit_code == 0, result.stderr
    published = json.loads(result.stdout)
    assert published["k_anonymity"] == 10
    assert private["subgroups"]["by_sex"]["other"]["n"] < 10
    assert "other" not in published["subgroups"]["by_sex"]


def test_publish_of_a_cohort_smaller_than_k_prints_that_nothing_is_published(run_cli, cohort_file):
    result = run_cli("stats", str(cohort_file), "--publish", "--k", "6")
    assert result.exit_code == 0, result.stderr
    assert "nothing can be published" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["--publish", "--k", "4"], "k must be an integer of at least 5, got 4", id="k-below-5"
        ),
        pytest.param(["--k", "7"], "--k applies only with --publish", id="k-without-publish"),
        pytest.param(["--format", "xml"], "'xml' is not one of", id="unknown-format"),
    ],
)
def test_bad_options_exit_2_with_one_line(run_cli, cohort_file, args, message):
    result = run_cli("stats", str(cohort_file), *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(None, "no such file", id="missing-file"),
        pytest.param(b"", "line 1: empty file", id="empty-file"),
        pytest.param(b"id,sex\nx,f\n", "line 1: missing column 'age_band'", id="missing-column"),
        pytest.param(b"\x7fELF\x02\x01\xd0\xff\n", "not UTF-8 text", id="binary-file"),
    ],
)
def test_a_file_that_is_not_a_cohort_exits_2(run_cli, tmp_path, content, message):
    path = tmp_path / "file.csv"
    if content is not None:
        path.write_bytes(content)
    result = run_cli("stats", str(path))
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_directory_instead_of_a_file_exits_2_naming_it(run_cli, tmp_path):
    result = run_cli("stats", str(tmp_path))
    assert result.exit_code == 2
    assert f"cannot read {tmp_path}" in result.stderr
    assert result.stderr.count("\n") == 1


def test_the_published_table_hides_small_groups_and_marks_hidden_cells(run_cli, synthetic_file):
    private = run_cli("stats", str(synthetic_file)).stdout
    result = run_cli("stats", str(synthetic_file), "--publish", "--k", "10")
    assert result.exit_code == 0, result.stderr
    assert "Published form: cells with fewer than 10 people show '-'" in result.stdout
    assert "other" in private
    assert "other" not in result.stdout


def test_the_k_help_states_the_minimum_k_of_the_publication_rules(run_cli):
    assert HELP_MIN_K == MIN_K
    result = run_cli("stats", "--help")
    assert result.exit_code == 0
    assert f"minimum {MIN_K}" in " ".join(result.stdout.split())
