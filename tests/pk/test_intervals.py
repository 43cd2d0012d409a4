"""Honest bands: what the spread is made of, the band of a measured level, model disagreement."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from baclo.pk import DailyIntake, load_model, simulate
from baclo.pk.metrics import DailyMetrics
from baclo.pk.population import sample_subjects, uncertainty_sd
from baclo.pk.simulation import DISAGREEMENT_RATIO, ModelComparison, disagreement

SIMON = load_model()
TEN_MG = [DailyIntake(time=dt.time(0), dose_mg=10.0)]


def test_parameter_uncertainty_comes_from_the_published_confidence_interval():
    # Simon 2018: CL/F 11.6 L/h, bootstrap 95% CI 10.8-12.3
    assert uncertainty_sd(SIMON, "cl") == pytest.approx(np.log(12.3 / 10.8) / 3.92, rel=1e-3)
    assert uncertainty_sd(load_model("chevillard-2018"), "cl") == 0.0  # no CI in the abstract


def test_parameter_uncertainty_widens_the_spread_of_virtual_subjects():
    with_it = sample_subjects(SIMON, 20_000, seed=5)
    without = sample_subjects(SIMON, 20_000, seed=5, parameter_uncertainty=False)
    sd_with, sd_without = np.std(np.log(with_it.ka_per_h)), np.std(np.log(without.ka_per_h))
    expected = np.hypot(sd_without, uncertainty_sd(SIMON, "ka"))
    assert sd_with == pytest.approx(expected, rel=0.02)


def test_a_measured_level_band_is_wider_than_the_between_subject_band():
    sim = simulate(TEN_MG, days=1, step_min=6)
    assert np.all(sim.measurement.p95 >= sim.band.p95 - 1e-9)
    peak = int(np.argmax(sim.band.p50))
    assert sim.measurement.p95[peak] > 1.1 * sim.band.p95[peak]


def test_the_measured_level_band_holds_the_volunteers_mean_peak_at_10_mg():
    # 138.8 +/- 31.4 ng/mL, 22 healthy men (Int J Clin Pharmacol Ther 2017;55:194)
    sim = simulate(TEN_MG, days=1, step_min=6)
    assert sim.measurement.p95.max() * 1000 > 138.8 + 31.4


def test_the_json_says_which_population_and_what_variability_the_band_holds():
    data = simulate(TEN_MG, days=1).to_dict()
    assert "57 adults with alcohol use disorder" in data["band"]["population"]
    assert "95% CI" in data["band"]["variability"]
    assert data["measurement_band"]["residual"]["proportional"] == 0.24
    assert len(data["measurement_band"]["t_h"]) == len(data["measurement_band"]["p95"]) == 241


def test_every_bundled_model_is_compared_at_the_schedule_shown():
    data = simulate(TEN_MG, days=1).to_dict()
    assert [m["id"] for m in data["models"]] == ["simon-2018", "chevillard-2018", "marsot-2014"]
    # published disagreement at 10 mg: typical peaks of about 107, 180 and 112 ng/mL
    peaks = [round(m["cmax_mg_l"] * 1000) for m in data["models"]]
    assert peaks == pytest.approx([107, 180, 112], abs=2)
    assert data["model_disagreement"]["metric"] == "peak"
    assert data["model_disagreement"]["spread_percent"] > 25


def _compared(peaks, troughs=(0.1, 0.1, 0.1), aucs=(5.0, 5.0, 5.0)):
    return [
        ModelComparison(
            model_id=f"m{i}",
            reference="",
            last_day=DailyMetrics(cmax_mg_l=p, tmax_h=9.0, cmin_mg_l=c, auc_mg_h_l=a),
        )
        for i, (p, c, a) in enumerate(zip(peaks, troughs, aucs, strict=True))
    ]


@pytest.mark.parametrize(
    ("peaks", "troughs", "flagged"),
    [
        pytest.param((0.5, 0.55, 0.6), (0.1, 0.1, 0.1), None, id="within-25-percent"),
        pytest.param((0.5, 0.55, 0.65), (0.1, 0.1, 0.1), "peak", id="peak-30-percent-apart"),
        pytest.param((0.5, 0.5, 0.5), (0.1, 0.1, 0.2), "trough", id="troughs-apart"),
        pytest.param((0.5, 0.5, 0.5), (0.001, 0.002, 0.004), None, id="near-zero-troughs"),
    ],
)
def test_models_disagree_beyond_25_percent(peaks, troughs, flagged):
    found = disagreement(_compared(peaks, troughs))
    assert (None if found is None else found.metric) == flagged
    if found is not None:
        assert found.ratio > DISAGREEMENT_RATIO
