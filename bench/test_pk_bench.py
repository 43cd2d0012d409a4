"""PK engine speed, side by side with ``scipy.integrate.solve_ivp`` (issue 3, ``make bench``).

Workload: 30 days of 4 intakes a day (08:00 20 mg, 12:30 30 mg, 17:00 30 mg, 22:00 10 mg) on a
6-minute grid (7,201 time points). Accuracy is the largest relative error where the
concentration exceeds 1% of its peak, against the daily closed form (itself checked against
the ODE solver in tests/pk). A table of medians and speed-ups is printed at the end; numbers
are recorded in docs/benchmarks.md. No timing is asserted.
"""

from __future__ import annotations

import datetime as dt
import os
import time

import numpy as np
import pytest
from tests.pk.ode import ode_concentration

from baclo.pk import (
    DailyIntake,
    concentration,
    individual_parameters,
    load_model,
    population_band,
    repeated_daily_concentration,
)
from baclo.pk.population import grid
from baclo.pk.schedule import expand_daily

MODEL = load_model()
DAYS = 30
DAILY = [
    DailyIntake(time=dt.time(8), dose_mg=20.0),
    DailyIntake(time=dt.time(12, 30), dose_mg=30.0),
    DailyIntake(time=dt.time(17), dose_mg=30.0),
    DailyIntake(time=dt.time(22), dose_mg=10.0),
]
T = grid(DAYS, 6)
DOSES = expand_daily(DAILY, DAYS)
_exact = repeated_daily_concentration(MODEL, DAILY, DAYS, T)
SOLVER_BASELINES = ("solve_ivp DOP853 rtol=1e-06", "solve_ivp DOP853 rtol=1e-10")

_rows: dict[str, tuple[float, float | None]] = {}


def _error(curve: np.ndarray) -> float:
    where = _exact > 0.01 * _exact.max()
    return float(np.max(np.abs(curve[where] - _exact[where]) / _exact[where]))


def _record(name: str, benchmark, error: float | None) -> None:
    if benchmark.stats is not None:
        _rows[name] = (benchmark.stats.stats.median, error)


@pytest.fixture(scope="module", autouse=True)
def ratio_table(pytestconfig):
    """After the module: one table, every method against the solver at both tolerances."""
    yield
    reporter = pytestconfig.pluginmanager.getplugin("terminalreporter")
    if reporter is None or not _rows:
        return
    baselines = [_rows.get(name, (None, None))[0] for name in SOLVER_BASELINES]
    heads = "".join(f"{'x vs rtol ' + name.rpartition('=')[2]:>18}" for name in SOLVER_BASELINES)
    capture = pytestconfig.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        reporter.ensure_newline()
        reporter.section("PK engine vs solve_ivp: 30 days, 4 intakes a day, 6-minute grid")
        reporter.write_line(f"{'method':<46}{'median ms':>11}{'max rel err':>13}{heads}")
        for name, (median, error) in _rows.items():
            shown = "-" if error is None else f"{error:.1e}"
            ratios = "".join(
                f"{'-' if base is None or error is None else f'{base / median:.0f}x':>18}"
                for base in baselines
            )
            reporter.write_line(f"{name:<46}{median * 1e3:>11.2f}{shown:>13}{ratios}")
        reporter.write_line(
            f"{_load_line()}; targets: >= 100x vs solve_ivp, band < 50 ms (docs/benchmarks.md)"
        )


def _load_line() -> str:
    """The load average while measuring: timings on a shared machine need it."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


@pytest.mark.benchmark(group="pk-30-days")
def test_superposition_of_every_dose(benchmark):
    curve = benchmark(concentration, MODEL, DOSES, T)
    _record("baclo superposition (concentration)", benchmark, _error(curve))


@pytest.mark.benchmark(group="pk-30-days")
def test_daily_closed_form(benchmark):
    curve = benchmark(repeated_daily_concentration, MODEL, DAILY, DAYS, T)
    _record("baclo daily closed form (repeated_daily)", benchmark, _error(curve))


@pytest.mark.benchmark(group="pk-30-days")
@pytest.mark.parametrize("rtol", [1e-6, 1e-10], ids=["rtol-1e-6", "rtol-1e-10"])
def test_solve_ivp(benchmark, rtol):
    p = individual_parameters(MODEL)
    kwargs = {
        "ka": p.ka_per_h,
        "k": p.k_per_h,
        "v": p.v_l,
        "lag": p.lag_h,
        "doses": DOSES,
        "t_eval": T,
        "rtol": rtol,
    }
    curve = benchmark.pedantic(ode_concentration, kwargs=kwargs, rounds=3, iterations=1)
    _record(f"solve_ivp DOP853 rtol={rtol:.0e}", benchmark, _error(curve))


@pytest.mark.benchmark(group="pk-band")
def test_band_of_1000_subjects(benchmark):
    band = benchmark(population_band, MODEL, DAILY, days=DAYS, step_min=6, n_subjects=1000)
    _record("baclo band, 1,000 subjects, wall clock", benchmark, None)
    assert band.p95.shape == T.shape


@pytest.mark.benchmark(group="pk-band", timer=time.process_time)
def test_band_of_1000_subjects_cpu_time(benchmark):
    # CPU time of this process: what the band costs when other jobs share the cores.
    benchmark(population_band, MODEL, DAILY, days=DAYS, step_min=6, n_subjects=1000)
    _record("baclo band, 1,000 subjects, CPU time", benchmark, None)
