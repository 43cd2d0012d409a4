"""Individualisation from measured levels: refusals, recovery, calibration, Laplace vs MCMC.

The simulation-estimation tests draw virtual patients from the default model (tests/pk/virtual.py)
with fixed seeds; docs/pk-model.md states the numbers they measure (bias, shrinkage, coverage).
"""

from __future__ import annotations

import datetime as dt
import json
import math

import emcee
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baclo.errors import DataError, InputError, ValidationError
from baclo.pk import DailyIntake, Dose, concentration, load_model
from baclo.pk.bayes import (
    LevelUnit,
    MeasuredLevel,
    PosteriorSummary,
    TimedIntake,
    individual_band,
    individualise,
)
from baclo.pk.population import omega
from tests.pk.virtual import NOW, START, draw_patient, true_concentration

SIMON = load_model()


def _intakes(days: int = 3, dose_mg: float = 30.0) -> list[TimedIntake]:
    return [
        TimedIntake(taken_at=START + dt.timedelta(days=day, hours=hour), dose_mg=dose_mg)
        for day in range(days)
        for hour in (8, 13, 20)
    ]


def _level(hours_after_start: float, value: float, unit: LevelUnit = LevelUnit.NG_ML):
    return MeasuredLevel(
        taken_at=START + dt.timedelta(hours=hours_after_start), value=value, unit=unit
    )


def _codes(error: ValidationError) -> dict[str, str]:
    return {e.field: e.code for e in error.errors}


# ---- refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("intakes", "samples", "field", "code"),
    [
        pytest.param([], [_level(50, 300)], "intakes", "required", id="no-intake"),
        pytest.param(_intakes(), [], "samples", "required", id="no-sample"),
        pytest.param(
            _intakes(), [_level(7, 300)], "samples[0].taken_at", "before_first_dose", id="before"
        ),
        pytest.param(
            _intakes(), [_level(8, 300)], "samples[0].taken_at", "before_first_dose", id="at-dose"
        ),
        pytest.param(
            _intakes(), [_level(24 * 7, 300)], "samples[0].taken_at", "in_future", id="future"
        ),
        pytest.param(
            [TimedIntake(taken_at=NOW + dt.timedelta(hours=1), dose_mg=10), *_intakes()],
            [_level(50, 300)],
            "intakes[0].taken_at",
            "in_future",
            id="intake-in-future",
        ),
        pytest.param(
            [TimedIntake(taken_at=START, dose_mg=0), *_intakes()[1:]],
            [_level(50, 300)],
            "intakes[0].dose_mg",
            "invalid",
            id="zero-dose",
        ),
        pytest.param(
            [TimedIntake(taken_at=START - dt.timedelta(days=9), dose_mg=30), *_intakes()],
            [_level(50, 300)],
            "intakes",
            "intake_gap",
            id="gap-of-9-days",
        ),
        pytest.param(
            [TimedIntake(taken_at=START - dt.timedelta(days=8), dose_mg=30)],
            [_level(50, 300)],
            "intakes",
            "intake_gap",
            id="last-intake-8-days-before-the-sample",
        ),
        pytest.param(
            _intakes(), [_level(50, 0)], "samples[0].level", "out_of_range", id="zero-level"
        ),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_code(intakes, samples, field, code):
    with pytest.raises(ValidationError) as caught:
        individualise(SIMON, intakes, samples, now=NOW)
    assert _codes(caught.value)[field] == code


def test_every_bad_field_is_reported_at_once():
    samples = [_level(7, 300), _level(24 * 7, 300)]
    with pytest.raises(ValidationError) as caught:
        individualise(SIMON, _intakes(), samples, now=NOW)
    assert _codes(caught.value) == {
        "samples[0].taken_at": "before_first_dose",
        "samples[1].taken_at": "in_future",
    }


def test_a_gap_of_under_7_days_is_accepted():
    earlier = [TimedIntake(taken_at=START - dt.timedelta(days=6), dose_mg=30)]
    result = individualise(SIMON, earlier + _intakes(), [_level(50, 300)], now=NOW)
    assert result.mode["cl"] > 0


@pytest.mark.parametrize(
    ("value", "unit", "meant"),
    [(300.0, LevelUnit.MG_L, "ng/mL"), (0.3, LevelUnit.NG_ML, "mg/L")],
    ids=["ng-per-ml-typed-as-mg-per-l", "mg-per-l-typed-as-ng-per-ml"],
)
def test_a_level_a_thousand_times_off_asks_whether_the_unit_is_wrong(value, unit, meant):
    with pytest.raises(ValidationError) as caught:
        individualise(SIMON, _intakes(), [_level(50, value, unit)], now=NOW)
    (error,) = caught.value.errors
    assert (error.field, error.code) == ("samples[0].level", "unit_suspected")
    assert f"was it {value:g} {meant}?" in error.message


@pytest.mark.parametrize(
    ("value", "unit"),
    [(0.3, LevelUnit.NG_ML), (25.0, LevelUnit.MG_L)],
    ids=["below-1-ng-per-ml", "above-20-mg-per-l"],
)
def test_a_confirmed_unit_is_no_longer_questioned_but_the_assay_range_still_holds(value, unit):
    sample = [_level(50, value, unit)]
    with pytest.raises(ValidationError) as caught:
        individualise(SIMON, _intakes(), sample, now=NOW, units_confirmed=True)
    assert _codes(caught.value) == {"samples[0].level": "out_of_range"}


def test_a_plausible_level_in_either_unit_gives_the_same_estimate():
    in_ng = individualise(SIMON, _intakes(), [_level(50, 300)], now=NOW)
    in_mg = individualise(SIMON, _intakes(), [_level(50, 0.3, LevelUnit.MG_L)], now=NOW)
    assert in_ng.mode == pytest.approx(in_mg.mode, rel=1e-9)


def test_mixed_time_zones_are_refused():
    aware = dt.datetime(2026, 3, 4, 10, tzinfo=dt.UTC)
    with pytest.raises(InputError, match="time zones"):
        individualise(SIMON, _intakes(), [MeasuredLevel(taken_at=aware, value=300)], now=NOW)


# ---- what the estimate means ---------------------------------------------------------------


def test_a_level_at_the_typical_prediction_stays_near_the_typical_parameters():
    typical = individualise(SIMON, _intakes(), [_level(50, 300)], now=NOW).samples[0]
    exact = _level(50, typical.population_mg_l, LevelUnit.MG_L)
    result = individualise(SIMON, _intakes(), [exact], now=NOW)
    # no misfit to pay for; the mode leans a little towards lower concentrations only because
    # the residual variance grows with the concentration (the log-variance term)
    assert result.mode["cl"] == pytest.approx(SIMON.cl_l_per_h, rel=0.05)


def test_a_higher_level_means_a_lower_clearance_with_a_narrower_interval_than_the_prior():
    low = individualise(SIMON, _intakes(), [_level(50, 200)], now=NOW)
    high = individualise(SIMON, _intakes(), [_level(50, 600)], now=NOW)
    assert high.mode["cl"] < low.mode["cl"]
    assert high.log_sd["cl"] < omega(SIMON.cv["cl"])


def test_one_level_fixes_ka_and_two_with_one_during_absorption_estimate_it():
    one = individualise(SIMON, _intakes(), [_level(57, 300)], now=NOW)
    two = individualise(SIMON, _intakes(), [_level(57, 300), _level(63, 250)], now=NOW)
    assert (one.estimated, two.estimated) == (("cl", "v"), ("ka", "cl", "v"))
    assert one.mode["ka"] == SIMON.ka_per_h
    assert one.interval_90("ka") == (SIMON.ka_per_h, SIMON.ka_per_h)


def test_a_model_without_variability_on_ka_never_estimates_it():
    marsot = load_model("marsot-2014")
    result = individualise(marsot, _intakes(), [_level(57, 300), _level(63, 250)], now=NOW)
    assert result.estimated == ("cl", "v")


def test_the_renal_covariate_moves_the_prior_not_the_data():
    normal = individualise(SIMON, _intakes(), [_level(50, 300)], now=NOW)
    impaired = individualise(SIMON, _intakes(), [_level(50, 300)], now=NOW, crcl_ml_min=40)
    assert impaired.typical["cl"] == pytest.approx(SIMON.cl_l_per_h * 0.49)
    assert impaired.mode["cl"] < normal.mode["cl"]


def test_many_precise_levels_recover_the_true_parameters():
    rng = np.random.default_rng(11)
    patient = draw_patient(SIMON, rng, 1)
    hours = np.arange(4 * 24 + 8.25, 5 * 24 + 8, 0.75)
    samples = [
        MeasuredLevel(
            taken_at=START + dt.timedelta(hours=float(h)),
            value=true_concentration(
                SIMON, patient.true, patient.intakes, START + dt.timedelta(hours=h)
            ),
            unit=LevelUnit.MG_L,
        )
        for h in hours
    ]
    result = individualise(SIMON, patient.intakes, samples, now=NOW)
    # the prior still weighs against 24% residual noise: 5% on CL/F and V/F, 10% on ka
    for name, tolerance in {"ka": 0.10, "cl": 0.05, "v": 0.05}.items():
        assert result.mode[name] == pytest.approx(patient.true[name], rel=tolerance), name


def test_the_individual_band_surrounds_the_map_curve():
    result = individualise(SIMON, _intakes(), [_level(57, 300), _level(63, 250)], now=NOW)
    daily = [DailyIntake(time=dt.time(h), dose_mg=30) for h in (8, 13, 20)]
    curve, band = individual_band(result.summary, daily, days=3, step_min=30, n_subjects=400)
    assert curve.shape == band.p50.shape == (3 * 48 + 1,)
    peak = int(np.argmax(curve))
    assert band.p5[peak] < curve[peak] < band.p95[peak]


def test_the_json_holds_estimates_intervals_fit_and_sources():
    data = individualise(SIMON, _intakes(), [_level(50, 300)], now=NOW).to_dict()
    cl = data["parameters"]["cl"]
    assert cl["interval_90"][0] < cl["estimate"] < cl["interval_90"][1]
    assert data["samples"][0]["observed_mg_l"] == 0.3
    assert "Simon" in data["residual"]["source"]


# ---- simulation-estimation: 200 virtual patients -------------------------------------------


@pytest.fixture(scope="module")
def virtual_population():
    """200 patients of the default model, one or two levels each, and their estimates."""
    rng = np.random.default_rng(2026)
    patients = [draw_patient(SIMON, rng, 1 + index % 2) for index in range(200)]
    results = [individualise(SIMON, p.intakes, p.samples, now=NOW) for p in patients]
    return patients, results


def test_map_clearance_is_unbiased_within_5_percent(virtual_population):
    patients, results = virtual_population
    errors = [r.mode["cl"] / p.true["cl"] - 1 for p, r in zip(patients, results, strict=True)]
    assert abs(np.mean(errors)) < 0.05


def test_laplace_90_percent_intervals_cover_the_truth_90_percent_of_the_time(
    virtual_population,
):
    patients, results = virtual_population
    covered = [
        r.interval_90("cl")[0] <= p.true["cl"] <= r.interval_90("cl")[1]
        for p, r in zip(patients, results, strict=True)
    ]
    assert 0.85 <= np.mean(covered) <= 0.95


def test_clearance_shrinkage_is_that_stated_in_the_docs(virtual_population):
    _, results = virtual_population
    eta = [math.log(r.mode["cl"] / SIMON.cl_l_per_h) for r in results]
    shrinkage = 1 - np.std(eta) / omega(SIMON.cv["cl"])
    assert 0.1 < shrinkage < 0.35  # docs/pk-model.md, section 8: 25%


# ---- Laplace against a sampling posterior (emcee) ------------------------------------------


def _mcmc_clearance(result, seed: int) -> np.ndarray:
    posterior = result.posterior
    dim, walkers = len(posterior.estimated), 32
    rng = np.random.default_rng(seed)
    start = result.mode_eta + 0.01 * rng.standard_normal((walkers, dim))
    # differential-evolution moves mix in ~8 steps here, against ~30 for the default stretch
    moves = [(emcee.moves.DEMove(), 0.8), (emcee.moves.DESnookerMove(), 0.2)]
    sampler = emcee.EnsembleSampler(
        walkers, dim, posterior.log_density, vectorize=True, moves=moves
    )
    sampler.random_state = np.random.RandomState(seed).get_state()
    sampler.run_mcmc(start, 800, progress=False)
    eta = sampler.get_chain(discard=100, flat=True)[:, posterior.estimated.index(1)]
    return np.exp(posterior.log_typical[1] + eta)


@pytest.mark.parametrize("case", range(20), ids=lambda case: f"case-{case}")
def test_laplace_posterior_agrees_with_mcmc(case):
    patient = draw_patient(SIMON, np.random.default_rng(100 + case), 1 + case % 2)
    result = individualise(SIMON, patient.intakes, patient.samples, now=NOW)
    sampled = _mcmc_clearance(result, seed=case)
    laplace_mean = result.mode["cl"] * math.exp(result.log_sd["cl"] ** 2 / 2)
    assert laplace_mean == pytest.approx(sampled.mean(), rel=0.05)
    assert result.interval_90("cl") == pytest.approx(np.percentile(sampled, [5, 95]), rel=0.10)


def test_a_stored_estimate_rebuilds_the_same_summary_and_curve():
    result = individualise(SIMON, _intakes(), [_level(57, 300), _level(63, 250)], now=NOW)
    stored = PosteriorSummary.from_dict(json.loads(json.dumps(result.to_dict())))
    assert stored.estimated == result.estimated
    assert stored.mode == pytest.approx(result.mode, rel=1e-5)
    fit = result.samples[0]
    doses = [
        Dose(time_h=(i.taken_at - result.origin).total_seconds() / 3600, dose_mg=i.dose_mg)
        for i in _intakes()
    ]
    at = (fit.taken_at - result.origin).total_seconds() / 3600
    # the person model reproduces the individual prediction through the engine
    assert concentration(stored.person(), doses, [at])[0] == pytest.approx(
        fit.individual_mg_l, rel=1e-4
    )


@pytest.mark.parametrize(
    "broken",
    [{}, {"model": "simon-2018", "parameters": {}, "log_covariance": []}],
    ids=["empty", "no-parameters"],
)
def test_a_malformed_stored_estimate_is_a_data_error(broken):
    with pytest.raises(DataError):
        PosteriorSummary.from_dict(broken)


# ---- properties ----------------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(
    factor=st.floats(min_value=0.6, max_value=2.5),
    hours=st.floats(min_value=48.5, max_value=70.0),
)
def test_the_fit_follows_a_plausible_level_from_the_population_prediction(factor, hours):
    typical = individualise(SIMON, _intakes(), [_level(hours, 300)], now=NOW).samples[0]
    level = typical.population_mg_l * factor * 1000
    low = individualise(SIMON, _intakes(), [_level(hours, level)], now=NOW)
    high = individualise(SIMON, _intakes(), [_level(hours, level * 1.2)], now=NOW)
    for name in low.estimated:
        lower, upper = low.interval_90(name)
        assert lower < low.mode[name] < upper
    # a higher level pulls the fit up, and the fit lies between the population and the level
    # (within 5%: the log-variance term leans towards lower concentrations). Below about half
    # the prediction, the proportional error lets a level weigh less and less (poor_fit)
    fit, higher = low.samples[0], high.samples[0]
    assert higher.individual_mg_l > fit.individual_mg_l
    assert min(fit.population_mg_l, fit.observed_mg_l) * 0.95 <= fit.individual_mg_l
    assert fit.individual_mg_l <= max(fit.population_mg_l, fit.observed_mg_l) * 1.05


def test_a_level_far_below_any_fit_is_flagged_not_silently_absorbed():
    # 30 ng/mL where about 310 are expected: the proportional error makes such a level weigh
    # little, so the estimate stays near the population; the result says the fit is poor
    result = individualise(SIMON, _intakes(), [_level(49, 30)], now=NOW)
    assert [w.code for w in result.warnings] == ["poor_fit"]
    plausible = individualise(SIMON, _intakes(), [_level(49, 250)], now=NOW)
    assert plausible.warnings == ()
