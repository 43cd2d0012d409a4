"""``baclo simulate`` and ``baclo models``: output contract (docs/architecture.md, Contracts) and
bad input."""

from __future__ import annotations

import json

import pytest

from baclo.pk import load_model

TWO_INTAKES = ("--intake", "08:00=20", "--intake", "17:00=30")


def _json(run_cli, *args: str) -> dict:
    result = run_cli("simulate", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_json_has_exactly_the_documented_keys(run_cli):
    data = _json(run_cli, *TWO_INTAKES, "--days", "2")
    assert set(data) == {
        "model",
        "t_h",
        "conc_mg_l",
        "last_day",
        "band",
        "measurement_band",
        "models",
        "model_disagreement",
        "warnings",
    }
    assert set(data["last_day"]) == {"cmax_mg_l", "tmax", "cmin_mg_l", "auc_mg_h_l"}
    assert set(data["band"]) == {
        "n_subjects",
        "seed",
        "population",
        "variability",
        "p5",
        "p50",
        "p95",
    }
    assert data["band"]["n_subjects"] == 1000
    assert data["band"]["seed"] == 2026
    assert {"id", "parameters", "sources", "assumptions"} <= set(data["model"])


def test_json_time_axis_counts_hours_from_day_one_on_a_six_minute_grid(run_cli):
    data = _json(run_cli, *TWO_INTAKES, "--days", "2")
    assert data["t_h"][0] == 0.0
    assert data["t_h"][1] == pytest.approx(0.1)
    assert data["t_h"][-1] == pytest.approx(48.0)
    n = len(data["t_h"])
    assert n == 481
    assert len(data["conc_mg_l"]) == len(data["band"]["p5"]) == len(data["band"]["p95"]) == n


def test_json_model_names_the_default_parameter_set_and_its_source(run_cli):
    data = _json(run_cli, *TWO_INTAKES)
    model = data["model"]
    assert model["id"] == "simon-2018"
    assert model["parameters"]["cl"]["value"] == 11.6
    assert model["parameters"]["cl"]["unit"] == "L/h"
    assert "10.3389/fpsyt.2018.00385" in model["citation"]


def test_last_day_auc_equals_daily_dose_over_clearance_at_steady_state(run_cli):
    # AUC over one dosing day at steady state = daily dose / (CL/F): 50 mg / 11.6 L/h.
    data = _json(run_cli, *TWO_INTAKES, "--days", "7")
    assert data["last_day"]["auc_mg_h_l"] == pytest.approx(50 / 11.6, rel=1e-3)
    assert data["last_day"]["tmax"] == "18:30"


def test_model_option_selects_another_parameter_set(run_cli):
    data = _json(run_cli, *TWO_INTAKES, "--model", "marsot-2014")
    assert data["model"]["id"] == "marsot-2014"
    assert data["model"]["parameters"]["v"]["value"] == load_model("marsot-2014").v_l


def test_crcl_lowers_clearance_and_says_so(run_cli):
    data = _json(run_cli, *TWO_INTAKES, "--crcl", "50")
    assert data["model"]["renal"]["clearance_factor"] == pytest.approx(0.575)
    codes = {w["code"] for w in data["warnings"]}
    assert "renal_outside_validity" in codes


def test_json_mode_keeps_warnings_in_the_json_and_stderr_empty(run_cli):
    result = run_cli(
        "simulate", "--intake", "08:00=200", "--intake", "20:00=150", "--format", "json"
    )
    assert result.exit_code == 0
    assert result.stderr == ""
    codes = {w["code"] for w in json.loads(result.stdout)["warnings"]}
    assert {"dose_above_hard_limit", "dose_above_validity"} <= codes


def test_table_mode_prints_model_metrics_and_hourly_curve(run_cli):
    result = run_cli("simulate", *TWO_INTAKES, "--days", "3")
    assert result.exit_code == 0
    assert "Simon et al. 2018" in result.stdout
    assert "Assumptions:" in result.stdout
    assert "Cmax" in result.stdout
    assert "AUC(0-24)" in result.stdout
    assert "23:00" in result.stdout
    assert "Bundled models, last day" in result.stdout
    # the only caution of this schedule: the three published models disagree on its peak
    assert result.stderr.startswith("Warning: the bundled models differ by")
    assert result.stderr.count("\n") == 1


def test_table_mode_prints_warnings_on_stderr(run_cli):
    result = run_cli("simulate", "--intake", "08:00=10", "--crcl", "20")
    assert result.exit_code == 0
    assert "Warning:" in result.stderr
    assert "20 mL/min" in result.stderr


@pytest.mark.parametrize("suffix", [".png", ".svg"], ids=["png", "svg"])
def test_plot_writes_the_figure(run_cli, tmp_path, suffix):
    target = tmp_path / f"curve{suffix}"
    result = run_cli("simulate", *TWO_INTAKES, "--days", "2", "--plot", str(target))
    assert result.exit_code == 0, result.stderr
    assert target.stat().st_size > 1000
    head = target.read_bytes()[:64]
    assert head.startswith(b"\x89PNG") if suffix == ".png" else b"<?xml" in head


def test_models_lists_every_parameter_set_with_its_source(run_cli):
    result = run_cli("models", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["default"] == "simon-2018"
    assert [m["id"] for m in data["models"]] == ["simon-2018", "chevillard-2018", "marsot-2014"]
    assert all("doi:" in m["citation"] for m in data["models"])


def test_models_table_shows_half_lives(run_cli):
    result = run_cli("models")
    assert result.exit_code == 0
    assert "simon-2018" in result.stdout
    assert "4.4" in result.stdout


@pytest.mark.parametrize(
    ("args", "echoed"),
    [
        (("--intake", "25:00=10"), "25:00=10"),
        (("--intake", "08:60=10"), "08:60=10"),
        (("--intake", "08:00=-5"), "08:00=-5"),
        (("--intake", "08:00=0"), "08:00=0"),
        (("--intake", "08:00=abc"), "abc"),
        (("--intake", "08:00=nan"), "nan"),
        (("--intake", "0800=10"), "0800=10"),
        (("--intake", "8:00=10"), "8:00=10"),
        ((), "no intake"),
        (("--intake", "08:00=10", "--intake", "08:00=20"), "08:00"),
        (("--intake", "08:00=10", "--days", "0"), "days 0"),
        (("--intake", "08:00=10", "--days", "366"), "days 366"),
        (("--intake", "08:00=10", "--days", "abc"), "abc"),
        (("--intake", "08:00=10", "--crcl", "0"), "0 mL/min"),
        (("--intake", "08:00=10", "--crcl", "-10"), "-10 mL/min"),
        (("--intake", "08:00=10", "--crcl", "251"), "251 mL/min"),
        (("--intake", "08:00=10", "--model", "nobody-1999"), "nobody-1999"),
        (("--intake", "08:00=10", "--drug", "aspirin"), "aspirin"),
        (("--intake", "08:00=10", "--plot", "curve.pdf"), "curve.pdf"),
        (("--intake", "08:00=10", "--plot", "/no-such-baclo-dir/c.png"), "/no-such-baclo-dir"),
    ],
    ids=[
        "hour-25",
        "minute-60",
        "negative-dose",
        "zero-dose",
        "dose-not-a-number",
        "dose-nan",
        "no-colon",
        "one-digit-hour",
        "no-intake",
        "same-time-twice",
        "days-0",
        "days-366",
        "days-not-a-number",
        "crcl-0",
        "crcl-negative",
        "crcl-above-250",
        "unknown-model",
        "unknown-drug",
        "unsupported-plot-extension",
        "plot-in-a-missing-directory",
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_value(run_cli, tmp_path, args, echoed):
    result = run_cli("simulate", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    assert result.stderr.count("\n") == 1
    assert echoed in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "curve.pdf").exists()
