"""Between-subject variability: sampling, reproducibility, and the fast band against brute force."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import numpy as np
import pytest

from baclo.errors import InputError
from baclo.pk import DailyIntake, load_model, population_band, repeated_daily_concentration
from baclo.pk.population import Subjects, grid, omega, sample_subjects, subject_curves

SIMON = load_model()
FOUR_A_DAY = [
    DailyIntake(time=dt.time(8), dose_mg=20.0),
    DailyIntake(time=dt.time(12, 30), dose_mg=30.0),
    DailyIntake(time=dt.time(17), dose_mg=30.0),
    DailyIntake(time=dt.time(22), dose_mg=10.0),
]


@pytest.mark.parametrize(
    ("cv", "expected"), [(0.0, 0.0), (21.0, math.sqrt(math.log(1.0441)))], ids=["0", "21"]
)
def test_omega_is_the_log_normal_sd_for_a_cv(cv, expected):
    assert omega(cv) == pytest.approx(expected)


def test_sampled_subjects_have_the_published_cvs_and_median_at_the_typical_value():
    subjects = sample_subjects(SIMON, 20_000, seed=1)
    cl = subjects.k_per_h * subjects.v_l
    # A log-normal with omega = sqrt(ln(1 + CV^2)) has exactly that CV; 20,000 draws: ~1% noise.
    assert np.std(cl) / np.mean(cl) == pytest.approx(0.21, abs=0.01)
    assert np.std(subjects.ka_per_h) / np.mean(subjects.ka_per_h) == pytest.approx(0.44, abs=0.02)
    assert np.median(subjects.v_l) == pytest.approx(72.8, rel=0.02)


def test_same_seed_gives_the_same_band_and_another_seed_another():
    first = population_band(SIMON, FOUR_A_DAY, days=2, step_min=6, n_subjects=300, seed=11)
    again = population_band(SIMON, FOUR_A_DAY, days=2, step_min=6, n_subjects=300, seed=11)
    other = population_band(SIMON, FOUR_A_DAY, days=2, step_min=6, n_subjects=300, seed=12)
    np.testing.assert_array_equal(first.p95, again.p95)
    assert not np.array_equal(first.p95, other.p95)
    assert (first.n_subjects, first.seed) == (300, 11)


@pytest.mark.parametrize("model_id", ["simon-2018", "chevillard-2018", "marsot-2014"])
@pytest.mark.parametrize("days", [1, 2, 30], ids=["1-day", "2-days", "30-days"])
def test_band_equals_percentiles_of_every_subject_curve(model_id, days):
    model = load_model(model_id)
    band = population_band(model, FOUR_A_DAY, days=days, step_min=6, n_subjects=400, seed=3)
    curves = subject_curves(sample_subjects(model, 400, 3), FOUR_A_DAY, days=days, step_min=6)
    expected = np.percentile(curves, [5, 50, 95], axis=1)
    # Documented bound: single precision and the steady-state shortcut, < 1e-6 of the peak.
    np.testing.assert_allclose(
        np.array([band.p5, band.p50, band.p95]), expected, rtol=0, atol=1e-6 * expected.max()
    )
    assert np.all(band.p5 <= band.p50)
    assert np.all(band.p50 <= band.p95)


def test_band_with_a_lag_pushing_an_intake_past_midnight_equals_brute_force():
    model = dataclasses.replace(SIMON, lag_h=0.5)
    late = [
        DailyIntake(time=dt.time(8), dose_mg=20.0),
        DailyIntake(time=dt.time(23, 50), dose_mg=30.0),
    ]
    band = population_band(model, late, days=5, step_min=6, n_subjects=300, seed=4)
    curves = subject_curves(sample_subjects(model, 300, 4), late, days=5, step_min=6)
    expected = np.percentile(curves, [5, 50, 95], axis=1)
    np.testing.assert_allclose(
        np.array([band.p5, band.p50, band.p95]), expected, rtol=0, atol=1e-6 * expected.max()
    )


@pytest.mark.parametrize(
    ("lag", "times"),
    [(0.0, [(8, 0), (20, 0)]), (0.5, [(0, 0), (23, 50)]), (0.7, [(7, 3), (13, 31), (23, 59)])],
    ids=["no-lag", "lag-crosses-midnight", "off-grid-times"],
)
def test_subject_curves_equal_the_single_subject_engine(lag, times):
    model = dataclasses.replace(SIMON, lag_h=lag)
    daily = [DailyIntake(time=dt.time(h, m), dose_mg=10.0 + h) for h, m in times]
    p = model.ka_per_h, model.k_per_h, model.v_l
    subjects = Subjects(
        ka_per_h=np.array([p[0], 0.5 * p[0]]),
        k_per_h=np.array([p[1], p[1]]),
        v_l=np.array([p[2], p[2]]),
        lag_h=lag,
    )
    curves = subject_curves(subjects, daily, days=4, step_min=6)
    expected = repeated_daily_concentration(model, daily, 4, grid(4, 6))
    np.testing.assert_allclose(curves[:, 0], expected, rtol=1e-9, atol=1e-12)
    slower = dataclasses.replace(model, ka_per_h=0.5 * p[0])
    expected_slow = repeated_daily_concentration(slower, daily, 4, grid(4, 6))
    np.testing.assert_allclose(curves[:, 1], expected_slow, rtol=1e-9, atol=1e-12)


def test_a_subject_with_ka_equal_to_k_stays_finite_and_close_to_the_exact_curve():
    k = SIMON.k_per_h
    model = dataclasses.replace(SIMON, ka_per_h=k)
    subjects = Subjects(
        ka_per_h=np.array([k]), k_per_h=np.array([k]), v_l=np.array([SIMON.v_l]), lag_h=0.0
    )
    curves = subject_curves(subjects, FOUR_A_DAY, days=3, step_min=6)
    exact = repeated_daily_concentration(model, FOUR_A_DAY, 3, grid(3, 6))
    np.testing.assert_allclose(curves[:, 0], exact, rtol=1e-5, atol=1e-9)


def test_one_subject_band_is_that_subject_curve():
    band = population_band(SIMON, FOUR_A_DAY, days=2, step_min=6, n_subjects=1, seed=5)
    curve = subject_curves(sample_subjects(SIMON, 1, 5), FOUR_A_DAY, days=2, step_min=6)[:, 0]
    np.testing.assert_allclose(band.p50, curve, rtol=1e-6, atol=1e-9)
    np.testing.assert_array_equal(band.p5, band.p95)


@pytest.mark.parametrize(
    ("kwargs", "echoed"),
    [
        ({"n_subjects": 0}, "n_subjects 0"),
        ({"n_subjects": 50_000}, "n_subjects 50000"),
        ({"step_min": 7}, "step 7 min"),
        ({"step_min": 0}, "step 0 min"),
        ({"days": 400}, "days 400"),
    ],
    ids=[
        "no-subject",
        "too-many-subjects",
        "step-not-dividing-a-day",
        "zero-step",
        "too-many-days",
    ],
)
def test_bad_band_requests_are_refused(kwargs, echoed):
    request = {"days": 2, "step_min": 6, "n_subjects": 10} | kwargs
    with pytest.raises(InputError, match=echoed):
        population_band(SIMON, FOUR_A_DAY, **request)
