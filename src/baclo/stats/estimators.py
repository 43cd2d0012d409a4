"""The estimators behind a cohort summary, each a thin, tested call into scipy.

No distribution is written by hand: Student's t (mean CI), Pearson with its Fisher-z interval,
Spearman, the normal quantile of Wilson's interval and the Kaplan-Meier estimator all come from
scipy.stats (>= 1.11, which added ``ecdf`` on censored data and ``pearsonr``'s interval).

Why scipy's Kaplan-Meier instead of lifelines: ``scipy.stats.ecdf(CensoredData(...))`` is the
product-limit estimator with Greenwood confidence intervals, which is all a one-sample time to an
effective dose needs; lifelines would add pandas and its own plotting stack to the dependencies
for features (regression models, several groups in one fit) that this summary does not use.
"""

from __future__ import annotations

import warnings
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

    Spearman's rho is Pearson's r of these ranks. Ranking is most of the cost of a cohort
    summary, and scipy's ``spearmanr`` sorts with a stable merge sort. Survey answers are
    mostly whole numbers in a short range (mg, AUDIT points, grams): those are ranked by
    counting, in linear time; other values by one quicksort (ties need no stability).

    >>> average_ranks(np.array([10.0, 30.0, 20.0, 30.0])).tolist()
    [1.0, 3.5, 2.0, 3.5]
    """
    if len(values) == 0:
        return np.zeros(0)
    low, high = float(values.min()), float(values.max())
    if high - low <= _COUNTING_RANGE_FACTOR * len(values) and np.array_equal(
        values, np.floor(values)
    ):
        offsets = (values - low).astype(np.intp)
        sizes = np.bincount(offsets)
        return (np.cumsum(sizes) - (sizes - 1) / 2.0)[offsets]
    order = np.argsort(values)
    ordered = values[order]
    starts = np.concatenate(([True], ordered[1:] != ordered[:-1]))
    tie_group = np.cumsum(starts) - 1
    sizes = np.bincount(tie_group)
    average = np.cumsum(sizes) - (sizes - 1) / 2.0
    ranks = np.empty(len(values))
    ranks[order] = average[tie_group]
    return ranks


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
    """Product-limit estimate of the time to reach the effective dose.

    ``days_to_event`` NaN means not reached yet: the person counts as censored at ``followup``
    (if that is unknown too, the person is left out). The median is the first day at which the
    estimated share still waiting drops to 0.5 or below, None if it never does; the share
    reached by 120 days is None when nobody was followed that long. The curve is sampled
    weekly, never at individual event times.
    """
    reached = ~np.isnan(days_to_event)
    censored = ~reached & ~np.isnan(followup)
    events, waits = days_to_event[reached], followup[censored]
    times = np.sort(np.concatenate((events, waits)))
    n = len(times)
    if n == 0:
        return KaplanMeier(
            n=0,
            events=0,
            km_median_days=None,
            reached_by_120_days=None,
            reached_by_120_days_ci95=None,
            curve=(),
        )
    grid = np.arange(0, times[-1] + 1, CURVE_STEP_DAYS)
    at_risk = n - np.searchsorted(times, grid, side="left")
    # someone who reached the dose early and was followed on still shows the estimate at day 120
    followed_120 = max(times[-1], np.nanmax(followup, initial=0.0)) >= FOUR_MONTHS_DAYS
    if len(events) == 0:
        reached_by = np.zeros(len(grid))
        median, by_120, by_120_ci = None, 0.0 if followed_120 else None, None
    else:
        survival = scipy.stats.ecdf(scipy.stats.CensoredData(uncensored=events, right=waits)).sf
        reached_by = 1.0 - survival.evaluate(grid)
        below_half = np.flatnonzero(survival.probabilities <= 0.5)
        median = float(survival.quantiles[below_half[0]]) if len(below_half) else None
        by_120 = float(1.0 - survival.evaluate(FOUR_MONTHS_DAYS)) if followed_120 else None
        by_120_ci = _greenwood_at(survival, FOUR_MONTHS_DAYS) if followed_120 else None
    curve = tuple(
        CurvePoint(day=int(d), reached=float(r), at_risk=int(a))
        for d, r, a in zip(grid.tolist(), reached_by.tolist(), at_risk.tolist(), strict=True)
    )
    return KaplanMeier(
        n=n,
        events=len(events),
        km_median_days=median,
        reached_by_120_days=by_120,
        reached_by_120_days_ci95=by_120_ci,
        curve=curve,
    )


def _greenwood_at(survival: Any, day: int) -> Pair | None:
    """95% CI of the share reached by ``day``: Greenwood's variance on the log-log scale
    (scipy's default 'linear' interval can leave [0, 1]). None where the formula is undefined
    (everyone or no one still waiting), which scipy signals with a warning and NaN."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "The confidence interval is undefined", RuntimeWarning)
        band = survival.confidence_interval(CONFIDENCE, method="log-log")
    low, high = float(band.low.evaluate(day)), float(band.high.evaluate(day))
    if np.isnan(low) or np.isnan(high):
        return None
    return (1.0 - high, 1.0 - low)
