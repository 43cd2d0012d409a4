"""Single doses against published healthy-volunteer data (keys of baclo.sources).

Sources:
- 10 mg: Int J Clin Pharmacol Ther 2017;55(2):194-200 (22 healthy men, reference tablet):
  Cmax 138.8 +/- 31.4 ng/mL, median tmax 1.25 h (test tablet 141.4 ng/mL, 1.5 h).
- 50 mg (2 x 25 mg): Foroutan et al. 2003, Iran J Pharm Res 2(3): mean Cmax 737.6 ng/mL
  (reference), AUC 3980 ng.h/mL.
The default model (Simon 2018, patients with alcohol use disorder) predicts typical peaks about
25% lower per mg than these volunteer studies, so the published means are compared with the
model's population (1,000 virtual subjects): each must fall inside its 95% prediction interval,
and the typical-to-published ratio is pinned to document the known gap.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from baclo.pk import DailyIntake, load_model
from baclo.pk.population import sample_subjects, subject_curves

SIMON = load_model()


def _single_dose_peaks(dose_mg: float) -> tuple[np.ndarray, np.ndarray]:
    """Per subject Cmax (ng/mL) and tmax (h) of one dose, on a 1-minute grid."""
    subjects = sample_subjects(SIMON, 1000, seed=2026)
    curves = subject_curves(
        subjects, [DailyIntake(time=dt.time(0), dose_mg=dose_mg)], days=1, step_min=1
    )
    return curves.max(axis=0) * 1000.0, np.argmax(curves, axis=0) / 60.0


@pytest.mark.parametrize(
    ("dose_mg", "published_cmax_ng_ml"),
    [(10.0, 138.8), (50.0, 737.6)],
    ids=["10mg-IJCPT-2017", "50mg-Foroutan-2003"],
)
def test_published_mean_peak_lies_in_the_model_95_percent_prediction_interval(
    dose_mg, published_cmax_ng_ml
):
    cmax, _ = _single_dose_peaks(dose_mg)
    low, high = np.percentile(cmax, [2.5, 97.5])
    assert low < published_cmax_ng_ml < high


@pytest.mark.parametrize(
    ("dose_mg", "published_cmax_ng_ml"),
    [(10.0, 138.8), (50.0, 737.6)],
    ids=["10mg-IJCPT-2017", "50mg-Foroutan-2003"],
)
def test_typical_model_peak_is_about_25_percent_below_volunteer_studies(
    dose_mg, published_cmax_ng_ml
):
    cmax, _ = _single_dose_peaks(dose_mg)
    assert 0.65 < np.median(cmax) / published_cmax_ng_ml < 0.85


@pytest.mark.parametrize("published_tmax_h", [1.25, 1.5], ids=["reference-tablet", "test-tablet"])
def test_published_median_tmax_lies_in_the_model_90_percent_band(published_tmax_h):
    _, tmax = _single_dose_peaks(10.0)
    low, high = np.percentile(tmax, [5, 95])
    assert low < published_tmax_h < high


def test_published_10mg_sd_covers_the_model_median_within_two_sd():
    cmax, _ = _single_dose_peaks(10.0)
    assert abs(np.median(cmax) - 138.8) < 2 * 31.4
