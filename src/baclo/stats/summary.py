"""The whole cohort summary (docs/architecture.md, Contracts) and its JSON form.

``summarize(cohort)`` takes numpy columns only, so the web dashboard can fill a :class:`Cohort`
from a database query and get the same numbers as ``baclo stats FILE.csv``. The summary is
private (every cell shown); :func:`baclo.stats.publish.publishable` makes the published form.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

from baclo.stats.cohort import OUTCOMES, SEVERITIES, SEXES, Cohort, Outcome, Severity
from baclo.stats.estimators import (
    Correlation,
    DoseStats,
    KaplanMeier,
    Share,
    correlation,
    dose_stats,
    kaplan_meier,
    share,
)

__all__ = ["CategoryTable", "CohortSummary", "GroupSummary", "summarize", "to_json"]

OUTCOME_UNIONS: Final = {
    # the association's two success rates (Granger/Dussère, granger-2013): 68% and 83%
    "abstinent_or_controlled": (Outcome.ABSTINENT, Outcome.CONTROLLED),
    "at_least_halved": (Outcome.ABSTINENT, Outcome.CONTROLLED, Outcome.HALVED),
}
SEVERITY_UNIONS: Final = {
    # the association's "80% have some side effect" (association-baclofene)
    "any": (Severity.MILD_MODERATE, Severity.STRONG, Severity.VERY_STRONG),
}
_OUTCOME_UNION_CODES: Final = {
    name: [OUTCOMES.index(o) for o in members] for name, members in OUTCOME_UNIONS.items()
}
_SEVERITY_UNION_CODES: Final = {
    name: [int(s) for s in members] for name, members in SEVERITY_UNIONS.items()
}


@dataclass(frozen=True, kw_only=True)
class CategoryTable:
    """A frequency table over ``n`` people with a known value: one share per category, then
    a few unions of categories that the association's document quotes (e.g. ``"any"`` side
    effect)."""

    n: int
    categories: Mapping[str, Share]
    unions: Mapping[str, Share]


@dataclass(frozen=True, kw_only=True)
class GroupSummary:
    """Every statistic of one group of people (the whole cohort or a subgroup); None where a
    published summary suppressed a statistic."""

    n: int
    effective_dose_mg: DoseStats | None
    correlations: Mapping[str, Correlation | None]
    time_to_effective: KaplanMeier | None
    outcomes: CategoryTable | None
    side_effects: CategoryTable | None


@dataclass(frozen=True, kw_only=True)
class CohortSummary:
    """The cohort's summary and its subgroups (``subgroups["protocol"]["ameisen"]``).

    ``k`` is None for a private summary and the anonymity threshold for a published one
    (``overall`` is None there when the whole cohort is smaller than k); ``synthetic`` says that
    the data come from the generator, never from people.
    """

    overall: GroupSummary | None
    subgroups: Mapping[str, Mapping[str, GroupSummary]]
    synthetic: bool
    k: int | None = None
    notes: Sequence[str] = field(default=())


def summarize(cohort: Cohort) -> CohortSummary:
    """All statistics of ``cohort``, overall and by protocol and by sex.

    >>> c = Cohort.from_columns(ids=["a", "b", "c"], effective_dose_mg=[100.0, 150.0, 200.0])
    >>> summarize(c).overall.effective_dose_mg.mean
    150.0
    """
    dimensions = {"protocol": (cohort.protocol, cohort.protocols), "sex": (cohort.sex, SEXES)}
    subgroups = {
        dimension: {
            str(labels[code]): _group(cohort, rows)
            for code, rows in sorted(_rows_by_code(codes).items(), key=lambda p: str(labels[p[0]]))
        }
        for dimension, (codes, labels) in dimensions.items()
    }
    return CohortSummary(
        overall=_group(cohort, slice(None)),
        subgroups=subgroups,
        synthetic=cohort.is_synthetic,
    )


def _rows_by_code(codes: NDArray[np.int16]) -> dict[int, NDArray[np.intp]]:
    """Row indices of each known code present: one stable sort (radix for small integers)
    instead of one full scan of every column per subgroup."""
    order = np.argsort(codes, kind="stable")
    sizes = np.bincount(codes[codes >= 0], minlength=1)
    start = int((codes < 0).sum())
    rows = {}
    for code, size in enumerate(sizes.tolist()):
        if size:
            rows[code] = order[start : start + size]
        start += size
    return rows


def _group(cohort: Cohort, rows: slice | NDArray[np.intp]) -> GroupSummary:
    dose = cohort.effective_dose_mg[rows]
    return GroupSummary(
        n=len(dose),
        effective_dose_mg=dose_stats(dose),
        correlations={
            "dose_vs_audit": correlation(dose, cohort.audit_before[rows]),
            "dose_vs_grams": correlation(dose, cohort.grams_per_day_before[rows]),
        },
        time_to_effective=kaplan_meier(cohort.days_to_effective[rows], cohort.followup_days[rows]),
        outcomes=_table(cohort.outcome_6m[rows], [str(o) for o in OUTCOMES], _OUTCOME_UNION_CODES),
        side_effects=_table(
            cohort.side_effects_max[rows],
            [s.name.lower() for s in SEVERITIES],
            _SEVERITY_UNION_CODES,
        ),
    )


def _table(
    codes: NDArray[np.int16], labels: Sequence[str], unions: Mapping[str, list[int]]
) -> CategoryTable | None:
    counts = np.bincount(codes[codes >= 0], minlength=len(labels))
    n = int(counts.sum())
    if n == 0:
        return None
    return CategoryTable(
        n=n,
        categories={label: share(int(c), n) for label, c in zip(labels, counts, strict=True)},
        unions={name: share(int(counts[m].sum()), n) for name, m in unions.items()},
    )


def to_json(summary: CohortSummary) -> dict[str, Any]:
    """The JSON object of ``baclo stats --format json`` (the documented keys first)."""
    body = _group_json(summary.overall)
    body["subgroups"] = {
        f"by_{dimension}": {name: _group_json(g) for name, g in groups.items()}
        for dimension, groups in summary.subgroups.items()
    }
    body["synthetic"] = summary.synthetic
    body["k_anonymity"] = summary.k
    body["notes"] = list(summary.notes)
    return body


def _group_json(group: GroupSummary | None) -> dict[str, Any]:
    if group is None:
        return dict.fromkeys(_GROUP_KEYS)
    return {
        "n": group.n,
        "effective_dose_mg": _dose_json(group.effective_dose_mg),
        "correlations": {name: _correlation_json(c) for name, c in group.correlations.items()},
        "time_to_effective": _km_json(group.time_to_effective),
        "outcomes": _table_json(group.outcomes),
        "side_effects": _table_json(group.side_effects),
    }


_GROUP_KEYS: Final = (
    "n",
    "effective_dose_mg",
    "correlations",
    "time_to_effective",
    "outcomes",
    "side_effects",
)


def _dose_json(dose: DoseStats | None) -> dict[str, Any] | None:
    if dose is None:
        return None
    return {
        "n": dose.n,
        "mean": dose.mean,
        "ci95": _pair(dose.ci95),
        "median": dose.median,
        "q1": dose.q1,
        "q3": dose.q3,
        "histogram": [
            {"from_mg": b.low, "to_mg": b.high, "count": b.count} for b in dose.histogram
        ],
    }


def _correlation_json(c: Correlation | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "n": c.n,
        "pearson_r": c.pearson_r,
        "ci95": _pair(c.ci95),
        "p": c.p,
        "spearman_rho": c.spearman_rho,
    }


def _km_json(km: KaplanMeier | None) -> dict[str, Any] | None:
    if km is None:
        return None
    return {
        "n": km.n,
        "events": km.events,
        "km_median_days": km.km_median_days,
        "reached_by_120_days": km.reached_by_120_days,
        "reached_by_120_days_ci95": _pair(km.reached_by_120_days_ci95),
        "curve": [{"day": p.day, "reached": p.reached, "at_risk": p.at_risk} for p in km.curve],
    }


def _table_json(table: CategoryTable | None) -> dict[str, Any] | None:
    if table is None:
        return None
    shares = {**table.categories, **table.unions}
    return {
        "n": table.n,
        **{
            name: {"count": s.count, "rate": s.rate, "ci95": _pair(s.ci95)}
            for name, s in shares.items()
        },
    }


def _pair(pair: tuple[float, float] | None) -> list[float] | None:
    return None if pair is None else list(pair)
