"""The exposure-response fit recovers the parameters of synthetic patients within the
tolerances of docs/coverage-model.md (section 5), and says "not enough data" below its minimum,
with every reason."""

import dataclasses
import math

import numpy as np
import pytest

from baclo.coverage import (
    CravingFit,
    NotEnoughData,
    ShortfallCode,
    SideEffectFit,
    fit_craving,
    fit_side_effects,
    observed_level,
)
from baclo.coverage.response import CRAVING_GONE_MAX, MIN_ONSET_DAYS
from tests.coverage.synthetic_cases import synthetic_days

PATIENTS = range(500, 530)


def recovered(days):
    errors, covered = [], []
    for seed in PATIENTS:
        patient, exposures = synthetic_days(seed, days)
        fit = fit_craving(exposures)
        assert isinstance(fit, CravingFit), fit
        errors.append(fit.needed_mg_l.median / patient.needed_mg_l - 1)
        covered.append(fit.needed_mg_l.low <= patient.needed_mg_l <= fit.needed_mg_l.high)
    return np.abs(errors), np.mean(covered)


@pytest.mark.parametrize(
    ("days", "median_error", "coverage"),
    [(21, 0.25, 0.8), (28, 0.20, 0.8)],
    ids=["21-days", "28-days"],
)
def test_the_needed_level_is_recovered_within_the_stated_tolerance(days, median_error, coverage):
    errors, covered = recovered(days)
    assert np.median(errors) <= median_error
    assert covered >= coverage


def test_the_fitted_curve_falls_with_concentration():
    _, exposures = synthetic_days(7, 28)
    fit = fit_craving(exposures)
    assert isinstance(fit, CravingFit)
    curve = fit.expected_intensity([0.0, 0.2, 0.5, 1.0])
    assert np.all(np.diff(curve) < 0)
    at_needed = fit.expected_intensity([fit.needed_mg_l.median])
    assert at_needed[0] <= CRAVING_GONE_MAX + 0.6  # median of draws vs mode: close, not equal
    assert fit.needed_mg_l.low <= fit.needed_mg_l.median <= fit.needed_mg_l.high


def test_too_few_days_with_an_onset_is_not_enough_data():
    _, exposures = synthetic_days(7, 28)
    usable = [d for d in exposures if d.usable][: MIN_ONSET_DAYS - 1]
    result = fit_craving(usable)
    assert isinstance(result, NotEnoughData)
    assert [r.code for r in result.reasons] == [ShortfallCode.TOO_FEW_ONSET_DAYS]
    assert result.days_used == MIN_ONSET_DAYS - 1
    assert "at least 10" in result.reasons[0].message


def test_days_without_an_onset_do_not_count():
    _, exposures = synthetic_days(7, 28)
    blind = [dataclasses.replace(d, onset=None, onset_mg_l=None) for d in exposures]
    result = fit_craving(blind)
    assert isinstance(result, NotEnoughData)
    assert result.days_used == 0


def test_the_same_concentration_every_day_is_too_little_variation():
    _, exposures = synthetic_days(7, 28)
    flat = [dataclasses.replace(d, onset_mg_l=0.4) for d in exposures]
    result = fit_craving(flat)
    assert isinstance(result, NotEnoughData)
    assert [r.code for r in result.reasons] == [ShortfallCode.TOO_LITTLE_VARIATION]


def test_every_reason_is_given_at_once():
    _, exposures = synthetic_days(7, 28)
    few_and_flat = [dataclasses.replace(d, onset_mg_l=0.4) for d in exposures if d.usable][:3]
    result = fit_craving(few_and_flat)
    assert isinstance(result, NotEnoughData)
    assert {r.code for r in result.reasons} == {
        ShortfallCode.TOO_FEW_ONSET_DAYS,
        ShortfallCode.TOO_LITTLE_VARIATION,
    }


def test_the_observed_level_is_where_every_higher_day_had_craving_gone():
    _, exposures = synthetic_days(7, 28)
    level = observed_level(exposures)
    usable = [d for d in exposures if d.usable]
    assert level is not None
    above = [d for d in usable if d.onset_mg_l >= level]
    assert len(above) >= 3
    assert all(d.intensity <= CRAVING_GONE_MAX for d in above)


def test_no_observed_level_without_three_quiet_days_at_the_top():
    _, exposures = synthetic_days(7, 28)
    noisy = [dataclasses.replace(d, intensity=5) for d in exposures]
    assert observed_level(noisy) is None


def test_side_effects_rise_with_the_peak_and_give_a_tolerable_peak():
    patient, exposures = synthetic_days(11, 28)
    fit = fit_side_effects(exposures)
    assert isinstance(fit, SideEffectFit)
    assert fit.slope > 0
    truth = 0.5 * math.exp((-math.log(2) - patient.side_intercept) / patient.side_slope)
    assert fit.tolerable_peak_mg_l is not None
    assert fit.tolerable_peak_mg_l.low <= truth <= fit.tolerable_peak_mg_l.high


def test_side_effects_need_ten_days_with_intakes():
    _, exposures = synthetic_days(11, 28)
    result = fit_side_effects(exposures[:5])
    assert isinstance(result, NotEnoughData)
    assert result.reasons[0].code is ShortfallCode.TOO_FEW_DAYS
