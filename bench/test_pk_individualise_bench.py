"""One individualisation (MAP + Laplace) side by side with a naive ODE-based one (``make bench``).

Workload: 30 days of 4 logged intakes a day (120 intakes, times jittered by up to 30 minutes)
and 3 measured levels on the last day, default model (Simon 2018); target under 50 ms. Reference:
the same posterior minimised by ``scipy.optimize.minimize`` (BFGS, numerical gradient) with the
concentrations from ``scipy.integrate.solve_ivp`` (``tests/pk/ode.py``, DOP853 rtol 1e-6,
restarted at each intake), then the same finite-difference Hessian: what a generic ODE-based
tool would do. Both must land on the same mode (checked); the table prints the ratio.
"""

from __future__ import annotations

import datetime as dt
import math
import os

import numpy as np
import pytest
from scipy import optimize
from tests.pk.ode import ode_concentration

from baclo.pk import Dose, load_model
from baclo.pk.bayes import LevelUnit, MeasuredLevel, TimedIntake, _hessian, individualise

MODEL = load_model()
START = dt.datetime(2026, 2, 1)
NOW = START + dt.timedelta(days=31)
_rng = np.random.default_rng(2026)
INTAKES = [
    TimedIntake(
        taken_at=START + dt.timedelta(days=day, hours=clock + _rng.uniform(-0.5, 0.5)),
        dose_mg=dose,
    )
    for day in range(30)
    for clock, dose in ((8.0, 20.0), (12.5, 30.0), (17.0, 30.0), (22.0, 10.0))
]
SAMPLES = [
    MeasuredLevel(taken_at=START + dt.timedelta(days=29, hours=h), value=v, unit=LevelUnit.NG_ML)
    for h, v in ((7.5, 160.0), (9.5, 330.0), (15.0, 290.0))
]

_medians: dict[str, float] = {}


@pytest.fixture(scope="module", autouse=True)
def ratio_line(pytestconfig):
    yield
    reporter = pytestconfig.pluginmanager.getplugin("terminalreporter")
    if reporter is None or len(_medians) < 2:
        return
    capture = pytestconfig.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        reporter.ensure_newline()
        reporter.section("Individualisation: 120 intakes, 3 levels")
        for name, median in _medians.items():
            reporter.write_line(f"{name:<52}{median * 1e3:>10.2f} ms")
        ratio = _medians["naive ODE + BFGS"] / _medians["baclo individualise"]
        one, five, _ = os.getloadavg()
        reporter.write_line(
            f"speed-up {ratio:.0f}x; load average {one:.2f} (1 min), {five:.2f} (5 min); "
            "target: under 50 ms"
        )


def _naive() -> tuple[np.ndarray, np.ndarray]:
    """MAP and Laplace covariance with an ODE solver inside a generic optimiser."""
    result = individualise(MODEL, INTAKES, SAMPLES, now=NOW)  # only for priors and data
    posterior = result.posterior
    doses = [
        Dose(time_h=(i.taken_at - result.origin).total_seconds() / 3600, dose_mg=i.dose_mg)
        for i in INTAKES
    ]
    times = np.array([(s.taken_at - result.origin).total_seconds() / 3600 for s in SAMPLES])
    observed = posterior.observed_mg_l

    def objective(eta: np.ndarray) -> float:
        ka, cl, v = np.exp(posterior.full(eta[None, :])[0])
        conc = ode_concentration(
            ka=ka, k=cl / v, v=v, lag=0.0, doses=doses, t_eval=times, rtol=1e-6, atol=1e-12
        )
        sd = MODEL.residual.sd_mg_l(conc)
        prior = float(np.sum((eta / posterior.omegas) ** 2))
        return 0.5 * (float(np.sum(((observed - conc) / sd) ** 2)) + prior) + float(
            np.sum(np.log(sd))
        )

    found = optimize.minimize(objective, np.zeros(len(posterior.estimated)), method="BFGS")
    hessian = _hessian(lambda rows: np.array([objective(row) for row in rows]), found.x)
    return found.x, np.linalg.inv(hessian)


@pytest.mark.benchmark(group="pk-individualise")
def test_baclo_individualise(benchmark):
    result = benchmark(individualise, MODEL, INTAKES, SAMPLES, now=NOW)
    _medians["baclo individualise"] = benchmark.stats.stats.median
    assert result.estimated == ("ka", "cl", "v")


@pytest.mark.benchmark(group="pk-individualise")
def test_naive_ode_and_generic_optimiser(benchmark):
    mode, covariance = benchmark.pedantic(_naive, rounds=1, iterations=1)
    _medians["naive ODE + BFGS"] = benchmark.stats.stats.median
    ours = individualise(MODEL, INTAKES, SAMPLES, now=NOW)
    assert mode == pytest.approx(ours.mode_eta, abs=2e-3)
    assert math.sqrt(covariance[1, 1]) == pytest.approx(ours.log_sd["cl"], rel=0.02)
