"""Publication safety: a summary that can leave the association without exposing a member.

The rule (docs/architecture.md, Cohort data): nothing computed over fewer than ``k`` people is
published, ``k`` >= 5. Concretely, in :func:`publishable`:

1. A group (the cohort, a protocol, a sex) with fewer than k people is not published at all, not
   even its name. Because the cohort's n is published, dropping one small subgroup would let a
   reader recover it by subtraction (n minus the other subgroups, and its mean from the others'
   means); so the smallest further subgroups are dropped until the people outside the published
   subgroups of a dimension number 0 or at least k.
2. A statistic over fewer than k people (the dose summary, a correlation, the Kaplan-Meier
   estimate, a frequency table) is suppressed; the Kaplan-Meier estimate also needs k events.
3. In a frequency table (dose histogram, outcomes, side effects) every cell below k, zero
   included, is suppressed, then the smallest other cells until the suppressed cells add up to 0
   or at least k (complementary suppression: the table's n is published). A union of cells
   ("any side effect") is published only when no cell of its table is suppressed.
4. The Kaplan-Meier curve stops at the first week with fewer than k people still at risk, and
   the share reached by 120 days is shown only if the curve reaches day 120.
5. Free text is never published: the cohort contract has no free-text column, ids never enter
   a summary, and a protocol id appears only as the name of a published subgroup.

This is aggregate-level k-anonymity for one table at a time; it does not protect against a
reader who combines two publications of overlapping cohorts (publish at fixed dates).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import replace
from typing import Final

import numpy as np

from baclo.errors import InputError
from baclo.stats.estimators import FOUR_MONTHS_DAYS, DoseStats, KaplanMeier, Share
from baclo.stats.summary import CategoryTable, CohortSummary, GroupSummary

__all__ = ["MIN_K", "check_k", "publishable", "suppressed_cells"]

MIN_K: Final = 5
"""The smallest anonymity threshold baclo accepts (never below 5)."""

_SUPPRESSED: Final = Share(count=None, rate=None, ci95=None)


def check_k(k: int) -> int:
    """``k`` itself if it is an allowed anonymity threshold, else :class:`InputError`."""
    if isinstance(k, bool) or not isinstance(k, int) or k < MIN_K:
        raise InputError(f"k must be an integer of at least {MIN_K}, got {k!r}")
    return k


def publishable(summary: CohortSummary, k: int = MIN_K) -> CohortSummary:
    """The publishable form of ``summary``: every cell with fewer than ``k`` people removed.

    >>> from baclo.stats.cohort import Cohort
    >>> from baclo.stats.summary import summarize
    >>> tiny = summarize(Cohort.from_columns(ids=["a", "b"], effective_dose_mg=[100.0, 150.0]))
    >>> publishable(tiny).overall is None
    True
    """
    check_k(k)
    note = f"cells with fewer than {k} people are suppressed (null)"
    if summary.overall is None or summary.overall.n < k:
        return CohortSummary(
            overall=None, subgroups={}, synthetic=summary.synthetic, k=k, notes=(note,)
        )
    n = summary.overall.n
    return CohortSummary(
        overall=_group(summary.overall, k),
        subgroups={
            dimension: {
                name: _group(group, k) for name, group in _published_groups(groups, n, k).items()
            }
            for dimension, groups in summary.subgroups.items()
        },
        synthetic=summary.synthetic,
        k=k,
        notes=(note,),
    )


def _published_groups(
    groups: Mapping[str, GroupSummary], n: int, k: int
) -> dict[str, GroupSummary]:
    kept = {name: group for name, group in groups.items() if group.n >= k}
    while kept and 0 < n - sum(g.n for g in kept.values()) < k:
        smallest = min(kept, key=lambda name: (kept[name].n, name))
        del kept[smallest]
    return kept


def _group(group: GroupSummary, k: int) -> GroupSummary:
    return replace(
        group,
        effective_dose_mg=_dose(group.effective_dose_mg, k),
        correlations={
            name: c if c is not None and c.n >= k else None
            for name, c in group.correlations.items()
        },
        time_to_effective=_km(group.time_to_effective, k),
        outcomes=_table(group.outcomes, k),
        side_effects=_table(group.side_effects, k),
    )


def suppressed_cells(counts: list[int], k: int) -> list[bool]:
    """Which cells of a frequency table to hide: those below ``k``, then the smallest others
    until the hidden cells total 0 or at least ``k``.

    >>> suppressed_cells([3, 10, 40], 5)
    [True, True, False]
    >>> suppressed_cells([0, 10, 40], 5)
    [True, False, False]
    """
    values = np.asarray(counts)
    hidden = values < k
    while 0 < values[hidden].sum() < k and not hidden.all():
        visible = np.flatnonzero(~hidden)
        hidden[visible[np.argmin(values[visible])]] = True
    return [bool(h) for h in hidden]


def _dose(dose: DoseStats | None, k: int) -> DoseStats | None:
    if dose is None or dose.n < k:
        return None
    hidden = suppressed_cells([b.count or 0 for b in dose.histogram], k)
    return replace(
        dose,
        histogram=tuple(
            replace(b, count=None) if hide else b
            for b, hide in zip(dose.histogram, hidden, strict=True)
        ),
    )


def _table(table: CategoryTable | None, k: int) -> CategoryTable | None:
    if table is None or table.n < k:
        return None
    names = list(table.categories)
    hidden = suppressed_cells([table.categories[name].count or 0 for name in names], k)
    return replace(
        table,
        categories={
            name: _SUPPRESSED if hide else table.categories[name]
            for name, hide in zip(names, hidden, strict=True)
        },
        unions={name: _SUPPRESSED if any(hidden) else s for name, s in table.unions.items()},
    )


def _km(km: KaplanMeier | None, k: int) -> KaplanMeier | None:
    if km is None or km.n < k or km.events is None or km.events < k:
        return None
    curve = tuple(itertools.takewhile(lambda point: point.at_risk >= k, km.curve))
    reaches_120 = bool(curve) and curve[-1].day >= FOUR_MONTHS_DAYS
    censored = km.n - km.events
    return replace(
        km,
        events=km.events if censored == 0 or censored >= k else None,
        reached_by_120_days=km.reached_by_120_days if reaches_120 else None,
        reached_by_120_days_ci95=km.reached_by_120_days_ci95 if reaches_120 else None,
        curve=curve,
    )
