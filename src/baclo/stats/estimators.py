"""The estimators behind a cohort summary, each a thin, tested call into scipy.

No distribution is written by hand: Student's t (mean CI), Pearson with its Fisher-z interval
and the normal quantile of Wilson's interval come from scipy.stats (>= 1.11, which added
``pearsonr``'s interval and ``ecdf`` on censored data).

The Kaplan-Meier estimator is the exception, for speed, and scipy defines it: the tests check
every figure against ``scipy.stats.ecdf(CensoredData(...))`` (curve, median, share at four
months and its exponential-Greenwood interval) on random censored samples. scipy's version
builds a Python list per observation and sorts, 0.2 s per million answers and 9 curves per
summary; days are whole numbers, so counting them gives the same product-limit in linear time.
lifelines was not an option either: pandas and a plotting stack for one curve.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import scipy.stats
from numpy.typing import NDArray

__all__ = [
    "MIN_CORRELATION_N",
    "Correlation",
    "CurvePoint",
    "DoseStats",
    "HistogramBin",
    "KaplanMeier",
    "Share",
    "average_ranks",
    "correlation",
    "dose_stats",
    "kaplan_meier",
    "share",
]

CONFIDENCE: Final = 0.95
MIN_CORRELATION_N: Final = 4
"""Fisher's z interval has standard error 1/sqrt(n - 3): it needs four pairs at least."""
HISTOGRAM_EDGES_MG: Final = (*range(0, 301, 20), np.inf)
"""Fixed 20 mg bins up to 300 mg/day and an open last bin: fixed edges reveal nothing about
the extreme values of a cohort, unlike data-driven edges."""

Pair = tuple[float, float]


@dataclass(frozen=True, kw_only=True)
class HistogramBin:
    """People whose value lies in ``[low, high)`` (``high`` None: no upper bound)."""

    low: float
    high: float | None
    count: int | None


@dataclass(frozen=True, kw_only=True)
class DoseStats:
    """Mean with its t-based 95% CI (None below 2 values), median and quartiles (numpy's
    default linear interpolation, Hyndman-Fan type 7), and a fixed-bin histogram."""

    n: int
    mean: float | None
    ci95: Pair | None
    median: float | None
    q1: float | None
    q3: float | None
    histogram: tuple[HistogramBin, ...]


def dose_stats(values: NDArray[np.float64]) -> DoseStats:
    """Summary of the known values (NaN dropped) of an effective dose in mg/day.

    >>> s = dose_stats(np.array([100.0, 150.0, np.nan, 200.0]))
    >>> s.n, s.mean, s.median
    (3, 150.0, 150.0)
    """
    known = values[~np.isnan(values)]
    n = len(known)
    counts, _ = np.histogram(known, bins=np.asarray(HISTOGRAM_EDGES_MG))
    histogram = tuple(
        HistogramBin(low=float(low), high=None if np.isinf(high) else float(high), count=int(c))
        for low, high, c in zip(
            HISTOGRAM_EDGES_MG[:-1], HISTOGRAM_EDGES_MG[1:], counts.tolist(), strict=True
        )
    )
    if n == 0:
        return DoseStats(n=0, mean=None, ci95=None, median=None, q1=None, q3=None, histogram=())
    mean = float(known.mean())
    q1, median, q3 = (float(q) for q in np.quantile(known, [0.25, 0.5, 0.75]))
    ci95: Pair | None = None
    if n >= 2:
        sem = float(known.std(ddof=1)) / np.sqrt(n)
        # Identical answers have no spread: the interval collapses to the mean (scipy would
        # return NaN with a warning for a zero scale).
        low, high = (
            scipy.stats.t.interval(CONFIDENCE, n - 1, loc=mean, scale=sem)
            if sem > 0
            else (mean, mean)
        )
        ci95 = (float(low), float(high))
    return DoseStats(n=n, mean=mean, ci95=ci95, median=median, q1=q1, q3=q3, histogram=histogram)


@dataclass(frozen=True, kw_only=True)
class Correlation:
    """Pearson r with its Fisher-z 95% CI and two-sided p-value, and Spearman's rho, over the
    ``n`` people for whom both values are known. None when undefined (n < 4, constant data)."""

    n: int
    pearson_r: float | None
    ci95: Pair | None
    p: float | None
    spearman_rho: float | None


def correlation(x: NDArray[np.float64], y: NDArray[np.float64]) -> Correlation:
    """Correlation of two columns over the rows where both are known.

    >>> c = correlation(np.array([1.0, 2, 3, 4, 5]), np.array([2.0, 1, 4, 3, 5]))
    >>> round(c.pearson_r, 2), round(c.spearman_rho, 2)
    (0.8, 0.8)
    """
    both = ~np.isnan(x) & ~np.isnan(y)
    x, y = x[both], y[both]
    n = len(x)
    if n < MIN_CORRELATION_N or np.ptp(x) == 0 or np.ptp(y) == 0:
        return Correlation(n=n, pearson_r=None, ci95=None, p=None, spearman_rho=None)
    pearson = scipy.stats.pearsonr(x, y)
    interval = pearson.confidence_interval(confidence_level=CONFIDENCE)
    return Correlation(
        n=n,
        pearson_r=float(pearson.statistic),
        ci95=(float(interval.low), float(interval.high)),
        p=float(pearson.pvalue),
        spearman_rho=float(np.corrcoef(average_ranks(x), average_ranks(y))[0, 1]),
    )


def average_ranks(values: NDArray[np.float64]) -> NDArray[np.float64]:
    """Ranks 1..n, ties sharing their average rank: ``scipy.stats.rankdata(values)``.

    Spearman's rho is Pearson's r of these ranks. Ranking is a large part of the cost of a
    cohort summary; :func:`_distinct` ranks whole numbers by counting.

    >>> average_ranks(np.array([10.0, 30.0, 20.0, 30.0])).tolist()
    [1.0, 3.5, 2.0, 3.5]
    """
    _, inverse = _distinct(values)
    sizes = np.bincount(inverse)
    return (np.cumsum(sizes) - (sizes - 1) / 2.0)[inverse]


def _distinct(values: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.intp]]:
    """The sorted distinct values, and for each value the index of its distinct value:
    ``np.unique(values, return_inverse=True)``.

    Survey answers are mostly whole numbers in a short range (mg, AUDIT points, grams, days):
    those are found by counting, in linear time, instead of sorting.
    """
    if len(values) == 0:
        return np.zeros(0), np.zeros(0, dtype=np.intp)
    low, high = float(values.min()), float(values.max())
    if high - low <= _COUNTING_RANGE_FACTOR * len(values) and np.array_equal(
        values, np.floor(values)
    ):
        offsets = (values - low).astype(np.intp)
        present = np.bincount(offsets) > 0
        index = np.cumsum(present) - 1
        return (low + np.flatnonzero(present)).astype(np.float64), index[offsets]
    uniques, inverse = np.unique(values, return_inverse=True)
    return uniques, inverse.reshape(-1)


_COUNTING_RANGE_FACTOR: Final = 4
"""Rank by counting when the values span at most 4 n whole units (the count array stays small)."""


@dataclass(frozen=True, kw_only=True)
class Share:
    """``count`` people out of the table's n, with the rate and its Wilson 95% CI."""

    count: int | None
    rate: float | None
    ci95: Pair | None


def share(count: int, n: int) -> Share:
    """``count`` out of ``n`` (n >= 1) with a Wilson score interval, which keeps its coverage
    for small n and for rates near 0 or 1, where the Wald interval fails (Brown, Cai and
    DasGupta 2001, Stat Sci 16:101).

    The interval is Wilson's closed form (Wilson 1927, JASA 22:209; Newcombe 1998, Stat Med
    17:857, method 3) with the normal quantile from scipy: the same numbers as
    ``scipy.stats.binomtest(count, n).proportion_ci(method="wilson")`` (a test checks it),
    without the exact binomial p-value that ``binomtest`` computes first and that a summary
    of 99 shares would throw away (a tenth of a second per million answers).

    >>> s = share(8, 10)
    >>> s.rate, tuple(round(b, 3) for b in s.ci95)
    (0.8, (0.49, 0.943))
    """
    rate = count / n
    z2_n = _Z95**2 / n
    center = (rate + z2_n / 2) / (1 + z2_n)
    half_width = _Z95 / (1 + z2_n) * np.sqrt(rate * (1 - rate) / n + z2_n / (4 * n))
    low, high = max(0.0, center - half_width), min(1.0, center + half_width)
    return Share(count=count, rate=rate, ci95=(float(low), float(high)))


_Z95: Final = float(scipy.stats.norm.ppf(0.5 + CONFIDENCE / 2))


@dataclass(frozen=True, kw_only=True)
class CurvePoint:
    """Kaplan-Meier share who reached the effective dose by ``day``, and how many were still
    followed and not yet there at that day (the risk set)."""

    day: int
    reached: float
    at_risk: int


@dataclass(frozen=True, kw_only=True)
class KaplanMeier:
    """Time to the effective dose, people not there yet censored at their follow-up."""

    n: int
    events: int | None
    km_median_days: float | None
    reached_by_120_days: float | None
    reached_by_120_days_ci95: Pair | None
    curve: tuple[CurvePoint, ...]


CURVE_STEP_DAYS: Final = 7
FOUR_MONTHS_DAYS: Final = 120


def kaplan_meier(days_to_event: NDArray[np.float64], followup: NDArray[np.float64]) -> KaplanMeier:
    """Product-limit estimate of the time to reach the effective dose (Kaplan and Meier 1958,
    JASA 53:457), equal to ``scipy.stats.ecdf(CensoredData(uncensored=..., right=...)).sf``.

    ``days_to_event`` NaN means not reached yet: the person counts as censored at ``followup``
    (if that is unknown too, the person is left out). The median is the first day at which the
    estimated share still waiting drops to 0.5 or below, None if it never does; the share
    reached by 120 days is None when nobody was followed that long. The curve is sampled
    weekly, never at individual event times.
    """
    reached = ~np.isnan(days_to_event)
    censored = ~reached & ~np.isnan(followup)
    times = np.concatenate((days_to_event[reached], followup[censored]))
    n, events = len(times), int(reached.sum())
    if n == 0:
        return KaplanMeier(
            n=0,
            events=0,
            km_median_days=None,
            reached_by_120_days=None,
            reached_by_120_days_ci95=None,
            curve=(),
        )
    table = _LifeTable.of(times, events)
    grid = np.arange(0, table.days[-1] + 1, CURVE_STEP_DAYS)
    # someone who reached the dose early and was followed on still shows the estimate at day 120
    followed_120 = max(table.days[-1], np.nanmax(followup, initial=0.0)) >= FOUR_MONTHS_DAYS
    below_half = np.flatnonzero(table.survival <= 0.5)
    reached_by = 1.0 - table.survival_at(grid)
    curve = tuple(
        CurvePoint(day=int(d), reached=float(r), at_risk=int(a))
        for d, r, a in zip(
            grid.tolist(), reached_by.tolist(), table.at_risk_on(grid).tolist(), strict=True
        )
    )
    return KaplanMeier(
        n=n,
        events=events,
        km_median_days=float(table.days[below_half[0]]) if len(below_half) else None,
        reached_by_120_days=float(1.0 - table.survival_at(np.array([FOUR_MONTHS_DAYS]))[0])
        if followed_120
        else None,
        reached_by_120_days_ci95=table.reached_ci_at(FOUR_MONTHS_DAYS)
        if followed_120 and events
        else None,
        curve=curve,
    )


@dataclass(frozen=True, kw_only=True)
class _LifeTable:
    """One row per distinct day: how many were still waiting at its start (``at_risk``), how
    many reached the dose that day (``deaths``, in survival terms) and the share still waiting
    after it (``survival``)."""

    days: NDArray[np.float64]
    at_risk: NDArray[np.int64]
    deaths: NDArray[np.int64]
    survival: NDArray[np.float64]

    @classmethod
    def of(cls, times: NDArray[np.float64], events: int) -> _LifeTable:
        """``times`` holds the event days first (``events`` of them), then the censored ones."""
        days, index = _distinct(times)
        leaving = np.bincount(index, minlength=len(days))
        deaths = np.bincount(index[:events], minlength=len(days))
        n = len(times)
        at_risk = n - np.cumsum(leaving) + leaving
        # Without censoring the product telescopes to 1 - F, computed as such (as scipy does)
        # so that exactly half still waiting reads 0.5, not 0.5000000000000001.
        survival = (
            1.0 - np.cumsum(deaths) / n
            if events == n
            else np.cumprod((at_risk - deaths) / at_risk, dtype=np.float64)
        )
        return cls(days=days, at_risk=at_risk, deaths=deaths, survival=survival)

    def _row_at(self, days: NDArray[Any]) -> NDArray[np.intp]:
        """Index of the last distinct day on or before each day, -1 before the first."""
        return np.searchsorted(self.days, days, side="right") - 1

    def survival_at(self, days: NDArray[Any]) -> NDArray[np.float64]:
        """The right-continuous step function: 1 before the first day."""
        rows = self._row_at(days)
        return np.where(rows >= 0, self.survival[np.maximum(rows, 0)], 1.0)

    def at_risk_on(self, days: NDArray[Any]) -> NDArray[np.int64]:
        """How many have a time on or after each day (none after the last)."""
        rows = np.searchsorted(self.days, days, side="left")
        return np.concatenate((self.at_risk, [0]))[rows]

    def reached_ci_at(self, day: int) -> Pair | None:
        """95% CI of the share reached by ``day``: Greenwood's variance on the log-log scale,
        scipy's ``confidence_interval(method="log-log")`` (Sawyer's "exponential Greenwood";
        the linear interval can leave [0, 1]). None where the formula is undefined (everyone
        or no one still waiting), where scipy gives NaN with a warning."""
        row = int(self._row_at(np.array([day]))[0])
        if row < 0:
            return (0.0, 0.0)
        survival = self.survival[row]
        n, d = self.at_risk[: row + 1], self.deaths[: row + 1]
        with np.errstate(divide="ignore", invalid="ignore"):
            se = np.sqrt(np.sum(d / (n * (n - d)))) / abs(np.log(survival))
            centre = np.log(-np.log(survival))
            low = 1.0 - np.exp(-np.exp(centre - _Z95 * se))
            high = 1.0 - np.exp(-np.exp(centre + _Z95 * se))
        if np.isnan(low) or np.isnan(high):
            return None
        return (float(low), float(high))
