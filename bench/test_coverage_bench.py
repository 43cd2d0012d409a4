"""The coverage analysis of 8 weeks of journal, and its fit against a numerical-gradient one.

Workload: one synthetic patient (seed 3) titrated 56 days by the rising staircase (three intakes
a day, 10 % of days unlogged, 10 % without an onset), population kinetics, ceiling 150 mg/day.
``analyse`` is what the timing card and ``baclo coverage`` compute: exposures, the craving and
side-effect fits, the onset and the suggestions. The mode and Laplace covariance of the craving
fit are timed with the analytic gradient and with a finite-difference one (scipy's default
without ``jac``); both must land on the mode ``fit_craving`` finds.
"""

from __future__ import annotations

import numpy as np
import pytest

from baclo.coverage import CravingFit, Kinetics, Limits, day_exposures, fit_craving
from baclo.coverage.analysis import analyse
from baclo.coverage.response import CRAVING_PRIOR, _craving_objective, _laplace
from baclo.coverage.synthetic import draw_patient, rising_staircase, write_journal

PATIENT = draw_patient(np.random.default_rng(3))
JOURNAL, _ = write_journal(PATIENT, rising_staircase, 56, seed=3)
KINETICS = Kinetics.population()
LIMITS = Limits(ceiling_mg=150)
DAYS = day_exposures(JOURNAL, KINETICS)


@pytest.mark.benchmark(group="coverage")
def test_analyse_eight_weeks_of_journal(benchmark):
    result = benchmark(analyse, JOURNAL, KINETICS, LIMITS)
    assert isinstance(result.craving, CravingFit)


USABLE = [d for d in DAYS if d.usable]
OBJECTIVE, GRADIENT = _craving_objective(
    np.array([d.onset_mg_l for d in USABLE]),
    np.array([d.intensity for d in USABLE], dtype=np.float64),
)
START = np.asarray(CRAVING_PRIOR.mean)


@pytest.mark.benchmark(group="coverage-fit")
def test_mode_and_laplace_with_the_analytic_gradient(benchmark):
    mode, _ = benchmark(_laplace, OBJECTIVE, [START], GRADIENT)
    assert mode == pytest.approx(np.array(fit_craving(DAYS).mode), abs=1e-3)


@pytest.mark.benchmark(group="coverage-fit")
def test_mode_and_laplace_with_a_numerical_gradient(benchmark):
    mode, _ = benchmark(_laplace, OBJECTIVE, [START])
    assert mode == pytest.approx(np.array(fit_craving(DAYS).mode), abs=1e-3)
