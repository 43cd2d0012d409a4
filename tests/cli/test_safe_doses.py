"""The five commands that used to propose doses a careful prescriber would refuse, pinned.

Each was run as a new user would; each now gives a takeable, guarded result or refuses with
the rule (exit 2, one line on stderr).
"""

import json

import icalendar


def test_split_240_mg_no_longer_stacks_three_80_mg_intakes_before_the_craving(run_cli):
    result = run_cli("split", "--daily", "240", "--craving", "18:00", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    doses = [intake["dose_mg"] for intake in data["intakes"]]
    assert sum(doses) == 240
    assert max(doses) <= 50
    assert data["intakes"][-1]["time"] == "17:00"  # still targeted: 60 min before onset
    assert any("maximum per intake" in note for note in data["notes"])
    assert any("peak guard" in warning for warning in data["warnings"])


def test_split_in_fractionated_mode_does_not_suggest_the_fractionated_mode(run_cli):
    result = run_cli("split", "--daily", "240", "--craving", "18:00", "--mode", "fractionated")
    assert result.exit_code == 0
    assert "fractionated mode" not in result.stderr
    assert "already has the lowest peak" in result.stderr


def test_taper_in_7_mg_steps_is_refused_in_every_format(run_cli):
    base = ("taper", "--from", "100", "--start", "2026-06-01", "--step", "7", "--every", "7")
    for extra in ((), ("--format", "ics", "--craving", "18:00"), ("--format", "json")):
        result = run_cli(*base, *extra)
        assert result.exit_code == 2
        assert result.stderr.count("\n") == 1
        assert "7 mg cannot be made" in result.stderr
        assert "93" not in result.stdout


def test_a_takeable_taper_exports_a_calendar(run_cli):
    result = run_cli(
        "taper", "--from", "100", "--start", "2026-06-01", "--step", "10", "--every", "7",
        "--format", "ics", "--craving", "18:00",
    )  # fmt: skip
    assert result.exit_code == 0
    assert list(icalendar.Calendar.from_ical(result.stdout).walk("VEVENT"))


def test_taper_40_mg_every_day_exits_2_with_the_rule(run_cli):
    result = run_cli(
        "taper", "--from", "80", "--start", "2026-06-01", "--step", "40", "--every", "1"
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "every 2 days (ANSM 2017)" in result.stderr
    assert "beyond the limits" in result.stderr


def test_the_taper_help_tells_the_truth(run_cli):
    result = run_cli("taper", "--help")
    assert "refused" in result.stdout
    assert "never stopped" in result.stdout


def test_plan_with_a_clearance_of_40_lengthens_the_steps_and_shows_the_advice(run_cli):
    args = ("plan", "--protocol", "ameisen", "--start", "2026-01-05", "--ceiling", "300")
    normal = json.loads(run_cli(*args, "--format", "json").stdout)
    impaired = json.loads(run_cli(*args, "--crcl", "40", "--format", "json").stdout)
    assert normal["days_per_step"] == 3
    assert impaired["days_per_step"] == 4
    assert [d["dose_mg"] for d in impaired["days"][:5]] == [30, 30, 30, 30, 50]
    codes = [n["code"] for n in impaired["notices"]]
    assert "renal_longer_steps" in codes
    assert "renal_ceiling_advice" in codes
    table = run_cli(*args, "--crcl", "40")
    assert "Vlavonou" in table.stderr
    assert "150 mg/day" in table.stderr


def test_simulate_at_65_ml_min_says_the_kidneys_are_mildly_decreased(run_cli):
    table = run_cli("simulate", "--intake", "08:00=10", "--crcl", "65")
    assert table.exit_code == 0
    assert "mildly decreased" in table.stderr
    data = json.loads(
        run_cli("simulate", "--intake", "08:00=10", "--crcl", "65", "--format", "json").stdout
    )
    assert "renal_mild" in [w["code"] for w in data["warnings"]]
