"""The synthetic cohort recovers the association's figures within sampling error.

n = 20,000 with seed 7; each tolerance is 4 standard errors computed from the n that the
statistic uses (a 1 in 15,000 chance of a false alarm per check, and no seed hunting: the
checks pass for any seed with that probability).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from baclo.errors import InputError
from baclo.stats.summary import summarize
from baclo.stats.synthetic import TARGETS, generate

N = 20_000
SE_COUNT = 4


@pytest.fixture(scope="module")
def cohort():
    return generate(N, seed=7)


@pytest.fixture(scope="module")
def overall(cohort):
    return summarize(cohort).overall


def _binomial_tolerance(p: float, n: int, inflation: float = 1.0) -> float:
    return SE_COUNT * inflation * math.sqrt(p * (1 - p) / n)


def test_the_mean_effective_dose_is_170_mg(cohort, overall):
    dose = overall.effective_dose_mg
    sd = float(np.nanstd(cohort.effective_dose_mg, ddof=1))
    assert dose.mean == pytest.approx(TARGETS.mean_dose_mg, abs=SE_COUNT * sd / math.sqrt(dose.n))


def test_a_quarter_of_effective_doses_are_above_200_mg(cohort):
    dose = cohort.effective_dose_mg[~np.isnan(cohort.effective_dose_mg)]
    tolerance = _binomial_tolerance(TARGETS.share_above_200_mg, len(dose))
    assert (dose > 200).mean() == pytest.approx(TARGETS.share_above_200_mg, abs=tolerance)


@pytest.mark.parametrize(
    ("name", "target"),
    [
        pytest.param("dose_vs_audit", TARGETS.r_dose_audit, id="audit-0.28"),
        pytest.param("dose_vs_grams", TARGETS.r_dose_grams, id="grams-0.315"),
    ],
)
def test_the_dose_correlates_with_audit_and_grams_as_in_the_seed(overall, name, target):
    c = overall.correlations[name]
    # Fisher's z of r has standard error 1 / sqrt(n - 3)
    assert math.atanh(c.pearson_r) == pytest.approx(
        math.atanh(target), abs=SE_COUNT / math.sqrt(c.n - 3)
    )


def test_about_80_percent_reach_the_dose_within_four_months(overall):
    km = overall.time_to_effective
    # censoring (follow-up from 60 days) widens the binomial error; 1.5 is a generous factor
    tolerance = _binomial_tolerance(TARGETS.reached_by_120_days, km.n, inflation=1.5)
    assert km.reached_by_120_days == pytest.approx(TARGETS.reached_by_120_days, abs=tolerance)


def test_the_typical_time_to_the_dose_is_two_months(overall):
    # the median of a log-normal sample has SE = m sigma sqrt(2 pi) / (2 sqrt n) (0.44 day
    # here); times are whole days, so one day more
    sigma = math.log(2) / 0.8416
    se = TARGETS.median_days_to_effective * sigma * math.sqrt(2 * math.pi) / (2 * math.sqrt(N))
    assert overall.time_to_effective.km_median_days == pytest.approx(
        TARGETS.median_days_to_effective, abs=SE_COUNT * se + 1
    )


@pytest.mark.parametrize(
    ("table", "cell", "target"),
    [
        pytest.param("side_effects", "any", TARGETS.any_side_effect, id="any-side-effect-80"),
        pytest.param(
            "side_effects", "very_strong", TARGETS.very_strong_side_effect, id="very-strong-15"
        ),
        pytest.param(
            "outcomes", "abstinent_or_controlled", TARGETS.abstinent_or_controlled, id="success-68"
        ),
        pytest.param("outcomes", "at_least_halved", TARGETS.at_least_halved, id="halved-83"),
    ],
)
def test_side_effects_and_outcomes_follow_the_seed_shares(overall, table, cell, target):
    shares = getattr(overall, table)
    found = {**shares.categories, **shares.unions}[cell]
    assert found.rate == pytest.approx(target, abs=_binomial_tolerance(target, shares.n))


def test_every_row_is_labelled_synthetic_and_respects_the_contract(cohort):
    assert cohort.is_synthetic
    assert cohort.ids[0] == "syn-000001"
    reached = ~np.isnan(cohort.days_to_effective)
    assert (cohort.days_to_effective[reached] <= cohort.followup_days[reached]).all()
    assert np.isnan(cohort.effective_dose_mg[~reached]).all()
    assert np.nanmax(cohort.grams_per_day_before) <= 1000


def test_the_same_seed_gives_the_same_cohort_and_another_seed_another():
    first, again, other = generate(50, seed=3), generate(50, seed=3), generate(50, seed=4)
    np.testing.assert_array_equal(first.effective_dose_mg, again.effective_dose_mg)
    np.testing.assert_array_equal(first.outcome_6m, again.outcome_6m)
    assert not np.array_equal(first.audit_before, other.audit_before)


@pytest.mark.parametrize(
    ("n", "seed", "message"),
    [
        pytest.param(0, 1, "n must be an integer from 1 to 10000000, got 0", id="zero-people"),
        pytest.param(10**8, 1, "got 100000000", id="too-many"),
        pytest.param(10, -1, "seed must be a non-negative integer, got -1", id="negative-seed"),
    ],
)
def test_it_refuses_a_bad_size_or_seed(n, seed, message):
    with pytest.raises(InputError, match=message):
        generate(n, seed)
