"""The Laplace approximation of the craving fit against a sampling posterior (emcee, Foreman-
Mackey et al. 2013, PASP 125:306): the needed level's median agrees within 10 %, its 90 %
interval's low end within 15 % and its high end within 35 % (the posterior of a level is skewed
to the right, which a normal on the parameters narrows); docs/coverage-model.md, section 2."""

import emcee
import numpy as np
import pytest

from baclo.coverage import CravingFit, fit_craving
from baclo.coverage.response import _craving_objective, _needed
from tests.coverage.synthetic_cases import synthetic_days

WALKERS = 16
STEPS = 1500
BURN_IN = 500


def sampled_needed_level(days, fit, seed):
    usable = [d for d in days if d.usable]
    objective, _ = _craving_objective(
        np.array([d.onset_mg_l for d in usable]),
        np.array([d.intensity for d in usable], dtype=np.float64),
    )
    sampler = emcee.EnsembleSampler(WALKERS, 4, lambda theta: -objective(theta))
    sampler.random_state = np.random.RandomState(seed)
    start = np.array(fit.mode) + 1e-3 * np.random.default_rng(seed).standard_normal((WALKERS, 4))
    sampler.run_mcmc(start, STEPS, progress=False)
    return np.quantile(_needed(sampler.get_chain(discard=BURN_IN, flat=True)), [0.05, 0.5, 0.95])


@pytest.mark.parametrize("seed", [500, 503], ids=["patient-500", "patient-503"])
def test_the_laplace_interval_of_the_needed_level_agrees_with_sampling(seed):
    _, days = synthetic_days(seed, 21)
    fit = fit_craving(days)
    assert isinstance(fit, CravingFit)
    low, median, high = sampled_needed_level(days, fit, seed)
    assert fit.needed_mg_l.median == pytest.approx(median, rel=0.10)
    assert fit.needed_mg_l.low == pytest.approx(low, rel=0.15)
    assert fit.needed_mg_l.high == pytest.approx(high, rel=0.35)
