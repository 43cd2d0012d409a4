"""Reference solution of the one-compartment model with ``scipy.integrate.solve_ivp``.

The same system the closed form solves, integrated numerically: gut amount ``A_g`` and central
amount ``A_c`` (mg), ``dA_g/dt = -ka A_g``, ``dA_c/dt = ka A_g - k A_c``, ``C = A_c / V``.
Each dose is added to the gut at ``t_dose + lag``; the integration restarts there, so the
solver never steps over a discontinuity. Used by the tests and by ``make bench``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.integrate import solve_ivp

from baclo.pk import Dose

RTOL = 1e-10
ATOL = 1e-14


def ode_concentration(
    *,
    ka: float,
    k: float,
    v: float,
    lag: float,
    doses: Sequence[Dose],
    t_eval: np.ndarray,
    rtol: float = RTOL,
    atol: float = ATOL,
) -> np.ndarray:
    """Concentrations (mg/L) at sorted ``t_eval``, integrating between absorption starts."""

    def rates(_t: float, amounts: np.ndarray) -> np.ndarray:
        gut, central = amounts
        return np.array([-ka * gut, ka * gut - k * central])

    starts = sorted((d.time_h + lag, d.dose_mg) for d in doses)
    edges = [start for start, _ in starts] + [max(float(t_eval[-1]), starts[-1][0]) + 1.0]
    out = np.zeros_like(t_eval, dtype=np.float64)
    state = np.zeros(2)
    for (start, dose), end in zip(starts, edges[1:], strict=True):
        state = state + np.array([dose, 0.0])
        inside = (t_eval >= start) & (t_eval < end)
        if end > start:
            points = np.append(t_eval[inside], end)
            solution = solve_ivp(
                rates, (start, end), state, method="DOP853", t_eval=points, rtol=rtol, atol=atol
            )
            out[inside] = solution.y[1, :-1] / v
            state = solution.y[:, -1]
    return out
