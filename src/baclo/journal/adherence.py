"""Adherence: how much of a period was logged, and how the doses taken compare with the plan.

Missing days are explicit: ``days_logged`` counts entries, and the dose ratio only compares the
days that were both planned and logged, so an unlogged day never counts as a missed dose.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from baclo.journal.entry import JournalEntry
from baclo.journal.threshold import entries_by_date

__all__ = ["Adherence", "adherence"]


@dataclass(frozen=True, kw_only=True)
class Adherence:
    """Logging and dose adherence over ``days`` calendar days."""

    days: int
    days_logged: int
    days_with_intakes: int
    #: Planned and taken mg summed over the days that are both planned and logged.
    planned_mg: float
    taken_mg: float

    @property
    def logged_fraction(self) -> float:
        return self.days_logged / self.days if self.days else 0.0

    @property
    def dose_ratio(self) -> float | None:
        """Taken / planned on comparable days; ``None`` when nothing was planned there."""
        return self.taken_mg / self.planned_mg if self.planned_mg > 0 else None


def adherence(
    entries: Iterable[JournalEntry],
    plan_doses: Mapping[dt.date, float],
    *,
    start: dt.date,
    end: dt.date,
) -> Adherence:
    """Adherence from ``start`` to ``end`` inclusive (an empty period if ``end < start``)."""
    by_date = entries_by_date(e for e in entries if start <= e.date <= end)
    days = max((end - start).days + 1, 0)
    both = [d for d in by_date if d in plan_doses]
    return Adherence(
        days=days,
        days_logged=len(by_date),
        days_with_intakes=sum(1 for e in by_date.values() if e.intakes),
        planned_mg=sum(plan_doses[d] for d in both),
        taken_mg=sum(by_date[d].dose_mg for d in both),
    )
