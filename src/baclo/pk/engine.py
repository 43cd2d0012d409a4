"""Closed-form concentrations of a one-compartment model with first-order absorption.

For one dose ``D`` swallowed at ``t_d`` (apparent parameters ka, CL/F, V/F, lag; k = CL/V):

    C(t) = D ka / V x (exp(-k tau) - exp(-ka tau)) / (ka - k),   tau = t - t_d - lag > 0

(the Bateman function; Gibaldi & Perrier, *Pharmacokinetics*, ch. 1), and 0 before absorption
starts. The model is linear (Simon et al. 2018 found linear kinetics up to 300 mg/day), so a
schedule is the sum of its doses (superposition). A daily schedule repeated ``n`` days sums a
geometric series per intake, which gives the exact curve of any day and, as ``n -> inf``, the
exact steady state, without simulating the days before.

Any schedule: with the doses sorted, ``S_r(t) = sum_{s_i <= t} D_i exp(-r (t - s_i))`` equals
``S_r(s_j) exp(-r (t - s_j))`` for the latest start ``s_j``, and ``S_r(s_j)`` follows from
``S_r(s_{j-1})`` by one multiply-add. So ``C = ka / (V (ka - k)) (S_k - S_ka)`` costs
O(doses + time points), exact up to rounding. When ka is within 5% of k, where ``S_k - S_ka``
would cancel, the doses are summed one by one as ``tau exp(-min(k, ka) tau) phi(|ka - k| tau)``
with ``phi(x) = (1 - exp(-x)) / x`` (``expm1``), exact at ``ka == k`` too.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from baclo.errors import InputError
from baclo.pk.model import PKModel
from baclo.pk.schedule import (
    HOURS_PER_DAY,
    DailyIntake,
    Dose,
    as_arrays,
    check_daily,
    check_days,
    check_doses,
)

__all__ = [
    "Individual",
    "concentration",
    "individual_parameters",
    "repeated_daily_concentration",
    "steady_state_concentration",
]

FloatArray = npt.NDArray[np.float64]

#: Within this relative gap of ka and k, :func:`concentration` sums the doses one by one in a
#: cancellation-free form; elsewhere the recurrence loses at most ~eps / (0.05 k tau) to
#: cancellation, about 1e-12 relative where C exceeds 1% of its peak.
_CLOSE_RATES = 0.05
#: Largest block (doses x time points) evaluated at once dose by dose: bounds memory.
_BLOCK = 1 << 21
#: Below this relative gap |ka - k| / k the daily closed forms switch to their ka == k limit, where
#: both the limit's truncation and the difference quotient's cancellation stay near 1e-7
#: relative (docs/pk-model.md, section 1).
_NEAR_EQUAL = 1e-7


@dataclass(frozen=True, kw_only=True)
class Individual:
    """Parameters of one simulated person after covariates (renal function)."""

    ka_per_h: float
    k_per_h: float
    v_l: float
    lag_h: float


def individual_parameters(model: PKModel, crcl_ml_min: float | None = None) -> Individual:
    """Typical parameters of ``model`` for a declared creatinine clearance (None: typical)."""
    cl = model.cl_l_per_h * model.renal.clearance_factor(crcl_ml_min)
    return Individual(
        ka_per_h=model.ka_per_h, k_per_h=cl / model.v_l, v_l=model.v_l, lag_h=model.lag_h
    )


def _time_points(t_h: npt.ArrayLike, name: str) -> FloatArray:
    t = np.asarray(t_h, dtype=np.float64)
    if t.ndim != 1:
        raise InputError(f"{name} must be a 1-D array of hours, got shape {t.shape}")
    if not np.all(np.isfinite(t)):
        raise InputError(f"{name} contains a non-finite time: {t[~np.isfinite(t)][0]!r}")
    return t


def concentration(
    model: PKModel,
    doses: Sequence[Dose],
    t_h: npt.ArrayLike,
    *,
    crcl_ml_min: float | None = None,
) -> FloatArray:
    """Plasma concentration (mg/L) at times ``t_h`` (hours since day 1 00:00) of any schedule.

    ``doses`` may be irregular (e.g. the intakes a patient logged). Shape of the result: that of
    ``t_h`` (1-D). Times before the first dose plus lag give 0.

    >>> from baclo.pk import Dose, concentration, load_model
    >>> c = concentration(load_model(), [Dose(time_h=8.0, dose_mg=20.0)], [8.0, 9.0])
    >>> float(c[0]), round(float(c[1]), 3)
    (0.0, 0.2)
    """
    check_doses(doses)
    t = _time_points(t_h, "t_h")
    p = individual_parameters(model, crcl_ml_min)
    times, amounts = as_arrays(doses)
    order = np.argsort(times, kind="stable")
    starts, amounts = times[order] + p.lag_h, amounts[order]
    ka, k = p.ka_per_h, p.k_per_h
    if abs(ka - k) < _CLOSE_RATES * k:
        series = _dose_by_dose(ka, k, starts, amounts, t)
    else:
        series = _recurrence(ka, k, starts, amounts, t)
    result: FloatArray = series * (ka / p.v_l)
    return result


def _recurrence(
    ka: float, k: float, starts: FloatArray, amounts: FloatArray, t: FloatArray
) -> FloatArray:
    """``sum_i D_i (exp(-k tau_i) - exp(-ka tau_i)) / (ka - k)`` in O(doses + time points).

    ``S_r(t) = S_r(s_j) exp(-r (t - s_j))`` for the latest start ``s_j`` before ``t``, where
    ``S_r(s_j)`` comes from a one-pass recurrence over the sorted doses.
    """
    gaps = np.diff(starts)
    latest = np.searchsorted(starts, t, side="right") - 1  # last absorption start at or before t
    index = np.maximum(latest, 0)
    since = np.maximum(t - starts[index], 0.0)
    held = _after_each_dose(k, gaps, amounts)
    absorbing = _after_each_dose(ka, gaps, amounts)
    series = (held[index] * np.exp(-k * since) - absorbing[index] * np.exp(-ka * since)) / (ka - k)
    result: FloatArray = np.where(latest >= 0, series, 0.0)
    return result


def _after_each_dose(rate: float, gaps: FloatArray, amounts: FloatArray) -> FloatArray:
    """``S_i = sum_{m <= i} D_m exp(-rate (s_i - s_m))``: what still decays at each start ``s_i``.

    One pass over the doses (a linear recurrence, O(doses)); each time point then needs one
    exponential per rate instead of one per past dose.
    """
    decay = np.exp(-rate * gaps)
    sums = np.empty_like(amounts)
    running = 0.0
    for i, amount in enumerate(amounts):
        running = running * (decay[i - 1] if i else 0.0) + amount
        sums[i] = running
    return sums


def _dose_by_dose(
    ka: float, k: float, starts: FloatArray, amounts: FloatArray, t: FloatArray
) -> FloatArray:
    """The same sum, dose by dose, free of cancellation however close ka is to k.

    Each term is ``tau exp(-min(k, ka) tau) phi(|ka - k| tau)`` with ``phi(x) = (1 - exp(-x))/x``
    (``expm1``), exact at ``ka == k`` too. O(doses x time points), in memory-bounded blocks.
    """
    out = np.zeros_like(t)
    chunk = max(1, _BLOCK // amounts.size)
    for lo in range(0, t.size, chunk):
        tau = np.maximum(t[None, lo : lo + chunk] - starts[:, None], 0.0)
        x = abs(ka - k) * tau
        safe = np.where(x > 0.0, x, 1.0)
        phi = np.where(x > 0.0, -np.expm1(-safe) / safe, 1.0)
        out[lo : lo + chunk] = amounts @ (tau * np.exp(-min(ka, k) * tau) * phi)
    return out


def _geometric(rate: float, n: FloatArray) -> FloatArray:
    """``sum_{m<n} exp(-24 rate m)`` (``n`` may be ``inf``: the steady-state sum)."""
    result: FloatArray = np.expm1(-HOURS_PER_DAY * rate * n) / math.expm1(-HOURS_PER_DAY * rate)
    return result


def _weighted_geometric(rate: float, n: FloatArray) -> FloatArray:
    """``sum_{m<n} m exp(-24 rate m)`` (``n`` may be ``inf``)."""
    q = math.exp(-HOURS_PER_DAY * rate)
    # n < 1 gives 0 anyway; clamping keeps q ** (n - 1) finite and inf out of the arithmetic
    finite = np.where(np.isinf(n) | (n < 1.0), 1.0, n)
    tail = 1.0 - finite * q ** (finite - 1.0) + (finite - 1.0) * q**finite
    result: FloatArray = q * np.where(np.isinf(n), 1.0, tail) / (1.0 - q) ** 2
    return result


def _daily_series(p: Individual, elapsed: FloatArray, n: FloatArray) -> FloatArray:
    """Sum over the ``n`` past instances of one intake, the latest ``elapsed`` hours ago.

    ``sum_{m<n} (exp(-k tau_m) - exp(-ka tau_m)) / (ka - k)``, ``tau_m = elapsed + 24 m``, in
    closed form; 0 where ``n == 0``.
    """
    ka, k = p.ka_per_h, p.k_per_h
    if abs(ka - k) <= _NEAR_EQUAL * k:
        # d/dr of -exp(-r x) G_r(n): the limit of the difference quotient as ka -> k
        series = np.exp(-k * elapsed) * (
            elapsed * _geometric(k, n) + HOURS_PER_DAY * _weighted_geometric(k, n)
        )
    else:
        series = (
            np.exp(-k * elapsed) * _geometric(k, n) - np.exp(-ka * elapsed) * _geometric(ka, n)
        ) / (ka - k)
    result: FloatArray = np.where(n > 0, series, 0.0)
    return result


def _offsets(p: Individual, daily: Sequence[DailyIntake]) -> tuple[FloatArray, FloatArray]:
    starts = np.array([intake.clock_h for intake in daily]) + p.lag_h
    amounts = np.array([intake.dose_mg for intake in daily])
    return starts, amounts


def repeated_daily_concentration(
    model: PKModel,
    daily: Sequence[DailyIntake],
    days: int,
    t_h: npt.ArrayLike,
    *,
    crcl_ml_min: float | None = None,
) -> FloatArray:
    """Concentration (mg/L) at ``t_h`` when ``daily`` is taken on days 1..``days`` only.

    Exact (geometric series per intake), cost independent of ``days``; equals
    :func:`concentration` of the expanded schedule.
    """
    check_daily(daily)
    check_days(days)
    t = _time_points(t_h, "t_h")
    p = individual_parameters(model, crcl_ml_min)
    starts, amounts = _offsets(p, daily)
    since_first = t[:, None] - starts[None, :]
    n = np.clip(np.floor(since_first / HOURS_PER_DAY) + 1.0, 0.0, float(days))
    elapsed = np.maximum(since_first - HOURS_PER_DAY * (n - 1.0), 0.0)
    result: FloatArray = (_daily_series(p, elapsed, n) @ amounts) * (p.ka_per_h / p.v_l)
    return result


def steady_state_concentration(
    model: PKModel,
    daily: Sequence[DailyIntake],
    clock_h: npt.ArrayLike,
    *,
    crcl_ml_min: float | None = None,
) -> FloatArray:
    """Concentration (mg/L) at clock hours in [0, 24) once ``daily`` has been taken for ever.

    The exact limit of the repeated schedule (sum of the infinite geometric series), reached in
    practice after about five half-lives (~1 day for the default model).
    """
    check_daily(daily)
    clock = _time_points(clock_h, "clock_h")
    if np.any((clock < 0) | (clock >= HOURS_PER_DAY)):
        bad = clock[(clock < 0) | (clock >= HOURS_PER_DAY)][0]
        raise InputError(f"clock hour {bad:g} is outside [0, 24)")
    p = individual_parameters(model, crcl_ml_min)
    starts, amounts = _offsets(p, daily)
    elapsed = np.mod(clock[:, None] - starts[None, :], HOURS_PER_DAY)
    n = np.full_like(elapsed, np.inf)
    result: FloatArray = (_daily_series(p, elapsed, n) @ amounts) * (p.ka_per_h / p.v_l)
    return result
