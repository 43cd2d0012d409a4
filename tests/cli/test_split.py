"""``baclo split``: intakes in half tablets, explained against an even split; bad input."""

import json

import pytest

BASE = ("split", "--daily", "60", "--craving", "18:00")


def test_the_json_has_the_contract_shape(run_cli):
    result = run_cli(*BASE, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [intake["time"] for intake in data["intakes"]] == ["13:00", "15:00", "17:00"]
    assert sum(intake["dose_mg"] for intake in data["intakes"]) == 60
    assert data["intakes"][0]["tablets"] == "2 × 10 mg"
    assert data["conc_at_craving_mg_l"] > data["even_split"]["conc_at_craving_mg_l"]
    assert data["model"]["id"]
    assert data["assumptions"]


def test_the_fractionated_mode_lowers_the_peak(run_cli):
    targeted = json.loads(run_cli(*BASE, "--format", "json").stdout)
    fractionated = json.loads(run_cli(*BASE, "--mode", "fractionated", "--format", "json").stdout)
    assert fractionated["peak_mg_l"] < targeted["peak_mg_l"]
    assert len(fractionated["intakes"]) == 6


def test_wake_sleep_and_tablet_are_passed_through(run_cli):
    result = run_cli(
        "split", "--daily", "60", "--craving", "21:00", "--wake", "09:00", "--sleep", "01:00",
        "--tablets", "20", "--format", "json",
    )  # fmt: skip
    data = json.loads(result.stdout)
    assert data["intakes"][-1]["time"] == "20:00"
    assert data["tablets"] == {"strengths_mg": [20], "scored": True}
    assert all(intake["dose_mg"] % 10 == 0 for intake in data["intakes"])


def test_several_strengths_and_unscored_tablets_are_passed_through(run_cli):
    result = run_cli(*BASE, "--tablets", "20,40", "--unscored", "--format", "json")
    data = json.loads(result.stdout)
    assert data["tablets"] == {"strengths_mg": [20, 40], "scored": False}
    assert all(intake["dose_mg"] % 20 == 0 for intake in data["intakes"])


def test_the_guards_are_set_by_options(run_cli):
    data = json.loads(
        run_cli(*BASE, "--max-intake", "15", "--max-peak", "2", "--format", "json").stdout
    )
    assert (data["guards"]["max_intake_mg"], data["guards"]["max_peak_mg_l"]) == (15, 2.0)
    assert [intake["dose_mg"] for intake in data["intakes"]] == [15, 15, 15, 15]


def test_the_table_shows_intakes_and_the_comparison_with_its_model(run_cli):
    result = run_cli(*BASE)
    assert result.exit_code == 0
    assert "13:00" in result.stdout
    assert "2 × 10 mg" in result.stdout
    assert "even split" in result.stdout
    assert "Simon" in result.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        pytest.param(("--daily", "23", "--craving", "18:00"), "half tablets", id="half-tablets"),
        pytest.param(("--daily", "0", "--craving", "18:00"), "above 0", id="zero"),
        pytest.param(("--daily", "-30", "--craving", "18:00"), "-30", id="negative"),
        pytest.param(("--daily", "lots", "--craving", "18:00"), "lots", id="non-numeric"),
        pytest.param(("--daily", "90", "--craving", "25:00"), "25:00", id="impossible-time"),
        pytest.param(("--daily", "90", "--craving", "6pm"), "6pm", id="malformed-time"),
        pytest.param(
            ("--daily", "90", "--craving", "05:30"), "outside waking hours", id="before-wake"
        ),
        pytest.param(
            ("--daily", "90", "--craving", "23:30"), "outside waking hours", id="after-sleep"
        ),
        pytest.param(
            ("--daily", "90", "--craving", "07:30"), "less than 60 min", id="too-early-targeted"
        ),
        pytest.param(
            ("--daily", "90", "--craving", "18:00", "--wake", "7h"), "7h", id="malformed-wake"
        ),
        pytest.param(("--daily", "90", "--craving", "18:00", "--mode", "even"), "even", id="mode"),
        pytest.param(
            ("--daily", "90", "--craving", "18:00", "--tablet", "0"),
            "positive multiple",
            id="tablet-zero",
        ),
        pytest.param(
            ("--daily", "90", "--craving", "18:00", "--tablets", "10,7.3"),
            "7.3",
            id="tablet-not-half-mg",
        ),
        pytest.param(
            ("--daily", "90", "--craving", "18:00", "--tablets", ","),
            "at least one",
            id="tablets-empty",
        ),
        pytest.param(
            ("--daily", "90", "--craving", "18:00", "--tablets", "10,10"),
            "twice",
            id="tablets-duplicate",
        ),
        pytest.param(
            ("--daily", "90", "--craving", "18:00", "--max-intake", "4"),
            "smallest dose",
            id="cap-below-smallest-tablet",
        ),
        pytest.param(
            ("--daily", "90", "--craving", "18:00", "--max-intake", "10"),
            "more than 6",
            id="cap-needs-more-than-6-intakes",
        ),
        pytest.param(
            ("--daily", "90", "--craving", "18:00", "--max-peak", "-1"), "-1", id="max-peak"
        ),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_it(run_cli, args, fragment):
    result = run_cli("split", *args)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: ")
    assert fragment in result.stderr


def test_a_peak_in_the_intoxication_range_is_warned_on_stderr(run_cli):
    result = run_cli("split", "--daily", "90", "--craving", "18:00", "--max-peak", "1")
    assert "intoxications have been reported" in result.stderr
    assert "intoxications" not in run_cli(*BASE, "--mode", "fractionated").stderr


def test_a_lower_creatinine_clearance_raises_the_concentration(run_cli):
    normal = json.loads(run_cli(*BASE, "--format", "json").stdout)
    impaired = json.loads(run_cli(*BASE, "--crcl", "40", "--format", "json").stdout)
    assert impaired["conc_at_craving_mg_l"] > normal["conc_at_craving_mg_l"]
    assert any("40 mL/min" in line for line in impaired["assumptions"])


def test_a_clearance_below_30_is_warned(run_cli):
    result = run_cli("split", "--daily", "30", "--craving", "18:00", "--crcl", "20")
    assert result.exit_code == 0
    assert "should be avoided" in result.stderr


def test_an_impossible_clearance_exits_2(run_cli):
    result = run_cli(*BASE, "--crcl", "-4")
    assert result.exit_code == 2
    assert "-4" in result.stderr
