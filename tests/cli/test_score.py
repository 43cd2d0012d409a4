"""``baclo score``: json contract, table output, crisis resources, and bad input (exit 2)."""

import json

import pytest


def test_it_prints_the_design_json_shape(run_cli):
    result = run_cli("score", "audit", "--answers", "3,1,2,0,1,0,2,1,0,4", "--format", "json")
    assert result.exit_code == 0, result.stderr
    body = json.loads(result.stdout)
    assert body["instrument"] == "audit"
    assert body["score"] == 14
    assert body["band"] == "zone_2"
    assert body["advice"].startswith("Hazardous drinking")
    assert body["advice_fr"].startswith("Usage à risque")
    assert "crisis_resources" not in body


@pytest.mark.parametrize(
    ("sex", "band"),
    [("m", "below_threshold"), ("f", "misuse"), (None, "misuse")],
    ids=["men", "women", "unknown"],
)
def test_audit_c_uses_the_sex_specific_threshold(run_cli, sex, band):
    args = ["score", "audit-c", "--answers", "1,1,1", "--format", "json"]
    if sex:
        args += ["--sex", sex]
    result = run_cli(*args)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["band"] == band


def test_phq9_item_9_adds_the_crisis_resources_to_the_json(run_cli):
    result = run_cli("score", "phq9", "--answers", "0,0,0,0,0,0,0,0,1", "--format", "json")
    body = json.loads(result.stdout)
    assert body["crisis"] is True
    assert [r["number"] for r in body["crisis_resources"]] == ["3114", "15", "112"]


def test_the_table_shows_score_band_advice_and_crisis_numbers(run_cli):
    result = run_cli("score", "phq9", "--answers", "1, 2, 1, 1, 0, 3, 1, 0, 1")
    assert result.exit_code == 0
    assert "10 / 27" in result.stdout
    assert "Moderate" in result.stdout
    assert "3114" in result.stdout


def test_the_table_of_an_answer_without_crisis_has_no_crisis_numbers(run_cli):
    result = run_cli("score", "ess", "--answers", "1,1,1,1,1,1,1,1")
    assert result.exit_code == 0
    assert "8 / 24" in result.stdout
    assert "3114" not in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["phq9", "--answers", "1,2"], "answers: PHQ-9 has 9 items, got 2 answers", id="count"
        ),
        pytest.param(
            ["phq9", "--answers", "1,2,3,4,0,0,0,0,0"],
            "q4: 4 is not an allowed answer",
            id="out-of-range",
        ),
        pytest.param(
            ["audit-c", "--answers", "1,x,1"], "q2: must be a whole number, got 'x'", id="text"
        ),
        pytest.param(
            ["audit-c", "--answers", "1,,1"], "q2: must be a whole number, got ''", id="empty"
        ),
        pytest.param(
            ["audit", "--answers", "0,0,0,0,0,0,0,0,1,0"],
            "q9: 1 is not an allowed answer (allowed: 0, 2, 4)",
            id="audit-item-9",
        ),
        pytest.param(
            ["gad7", "--answers", "1"], "unknown questionnaire 'gad7'", id="unknown-instrument"
        ),
        pytest.param(
            ["audit-c", "--answers", "1,1,1", "--sex", "x"],
            "sex: expected f or m, got 'x'",
            id="bad-sex",
        ),
        pytest.param(["audit-c"], "--answers", id="missing-answers"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_problem(run_cli, args, message):
    result = run_cli("score", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ")
    assert result.stderr.count("\n") == 1
    assert message in result.stderr
    assert result.stdout == ""


def test_every_bad_item_is_named_in_the_one_line(run_cli):
    result = run_cli("score", "phq9", "--answers", "9,0,0,x,0,0,0,0,0")
    assert result.exit_code == 2
    assert "q1: 9 is not an allowed answer" in result.stderr
    assert "q4: must be a whole number" in result.stderr
