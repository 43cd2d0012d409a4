"""Daily metrics of a sampled concentration curve: Cmax, tmax, Cmin, AUC(0-24), level, time above.

The curve is the one the engine samples (``t_h`` hours since day 1 00:00, ``conc_mg_l``); metrics
read it at the grid's resolution (6 min by default), linear between samples.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from baclo.errors import InputError
from baclo.pk.schedule import HOURS_PER_DAY, format_clock

__all__ = ["DailyMetrics", "concentration_at_clock", "daily_metrics", "time_above"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, kw_only=True)
class DailyMetrics:
    """Exposure over one day (00:00 to 24:00) of the simulated curve."""

    cmax_mg_l: float
    tmax_h: float  # clock hour of the peak, in [0, 24]
    cmin_mg_l: float
    auc_mg_h_l: float  # AUC(0-24), trapezoidal rule on the grid

    @property
    def tmax(self) -> str:
        """Clock time of the peak, ``HH:MM``."""
        return format_clock(self.tmax_h)

    def to_dict(self) -> dict[str, float | str]:
        """The ``last_day`` object of docs/architecture.md (Contracts)."""
        return {
            "cmax_mg_l": round(self.cmax_mg_l, 6),
            "tmax": self.tmax,
            "cmin_mg_l": round(self.cmin_mg_l, 6),
            "auc_mg_h_l": round(self.auc_mg_h_l, 5),
        }


def _day_slice(
    t_h: npt.ArrayLike, conc_mg_l: npt.ArrayLike, day: int
) -> tuple[FloatArray, FloatArray]:
    t = np.asarray(t_h, dtype=np.float64)
    c = np.asarray(conc_mg_l, dtype=np.float64)
    if t.shape != c.shape or t.ndim != 1:
        raise InputError(f"times and concentrations differ in shape: {t.shape} vs {c.shape}")
    start = HOURS_PER_DAY * (day - 1)
    inside = (t >= start - 1e-9) & (t <= start + HOURS_PER_DAY + 1e-9)
    if day < 1 or np.count_nonzero(inside) < 2:
        raise InputError(f"day {day} is not covered by the simulated curve")
    return t[inside] - start, c[inside]


def daily_metrics(t_h: npt.ArrayLike, conc_mg_l: npt.ArrayLike, *, day: int) -> DailyMetrics:
    """Cmax, tmax, Cmin and AUC(0-24) of day ``day`` (1 = the first day) of a sampled curve."""
    clock, c = _day_slice(t_h, conc_mg_l, day)
    peak = int(np.argmax(c))
    auc = float(np.sum((c[1:] + c[:-1]) * np.diff(clock)) / 2.0)
    return DailyMetrics(
        cmax_mg_l=float(c[peak]),
        tmax_h=float(clock[peak]),
        cmin_mg_l=float(np.min(c)),
        auc_mg_h_l=auc,
    )


def concentration_at_clock(
    t_h: npt.ArrayLike, conc_mg_l: npt.ArrayLike, clock_h: float, *, day: int
) -> float:
    """Concentration (mg/L) at clock hour ``clock_h`` of day ``day``, linear between samples."""
    if not 0.0 <= clock_h <= HOURS_PER_DAY:
        raise InputError(f"clock hour {clock_h:g} is outside [0, 24]")
    clock, c = _day_slice(t_h, conc_mg_l, day)
    return float(np.interp(clock_h, clock, c))


def time_above(
    t_h: npt.ArrayLike, conc_mg_l: npt.ArrayLike, level_mg_l: float, *, day: int
) -> float:
    """Hours of day ``day`` spent above ``level_mg_l``, crossings interpolated linearly."""
    clock, c = _day_slice(t_h, conc_mg_l, day)
    lo, hi = c[:-1] - level_mg_l, c[1:] - level_mg_l
    span = np.diff(clock)
    both = (lo > 0) & (hi > 0)
    crossing = (lo > 0) != (hi > 0)
    rise = np.abs(hi - lo)
    above_part = np.where(lo > 0, lo, hi)
    fraction = np.divide(above_part, rise, out=np.zeros_like(rise), where=crossing)
    return float(np.sum(span * np.where(both, 1.0, fraction)))
