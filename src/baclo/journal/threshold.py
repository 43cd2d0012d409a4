"""Effective-dose ("threshold dose") detection, and craving coming back during a taper.

Why: the effective dose cannot be known in advance (``association-baclofene``, "La dose
efficace"); the climb stops when craving has gone. The journal already holds the evidence, so
the product can notice it and ask the patient to confirm ("Has craving gone?") before the
plan's *effective dose reached* event is set (:class:`baclo.protocols.plan.EventKind`).

Criterion: the association of treated patients defines the effective dose by craving alone
("la dose efficace": the dose at which craving disappears), whatever the drinking: drinking that
goes on without craving (habit, alcohol as a sleeping pill) is treated with behavioural therapy,
not with a higher dose. baclo reads "disappeared" as craving at or below 2/10 on at least 5 days
of 7 consecutive calendar days, on baclofen. The window's drinking is returned beside it
(:func:`baclo.alcohol.check_week`, French low-risk guideline), so that the safety rules can add
the behavioural-therapy suggestion. Missing days are explicit: a day without an entry is
unknown, never a good day and never a drinking day, so a window can qualify with at most two
missing days, and the 7 days must lie between ``since`` and ``until`` (a week not over yet is
not judged). A logged entry without drinks means no alcohol that day. A good day also needs
intakes logged, so that the craving can be attributed to a dose.

The dose returned is the median (lower middle) of the daily doses of the good days: an observed
dose, robust to one forgotten intake inside the window.

Craving return during a taper mirrors it: craving above 2/10 on at least 3 days of 7
consecutive days since the taper started (a product heuristic, to be confirmed by the
prescriber). Here a week still running counts as soon as it holds 3 such days: an early
warning costs less than a late one.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from baclo.alcohol import GuidelineCheck, check_week
from baclo.journal.entry import JournalEntry

__all__ = [
    "CRAVING_GONE_MAX",
    "MIN_GOOD_DAYS",
    "MIN_RETURN_DAYS",
    "WINDOW_DAYS",
    "CravingReturn",
    "EffectiveDose",
    "entries_by_date",
    "find_craving_return",
    "find_effective_dose",
]

#: Craving at or below this intensity (0-10) counts as gone (a product threshold on the 0-10
#: scale, for the prescriber to confirm with the patient).
CRAVING_GONE_MAX = 2
WINDOW_DAYS = 7
MIN_GOOD_DAYS = 5
MIN_RETURN_DAYS = 3


@dataclass(frozen=True, kw_only=True)
class EffectiveDose:
    """A window that meets the effective-dose criterion."""

    dose_mg: float
    start: dt.date
    end: dt.date
    good_days: tuple[dt.date, ...]
    days_logged: int
    #: The window's drinking against the low-risk guideline (not part of the criterion).
    drinking: GuidelineCheck


@dataclass(frozen=True, kw_only=True)
class CravingReturn:
    """A window of a taper in which craving came back."""

    start: dt.date
    end: dt.date
    craving_days: tuple[dt.date, ...]
    #: Median daily dose on those days (``None`` when no intake was logged on them).
    dose_mg: float | None
    #: The dose of the latest day with craving gone before craving came back, if any.
    last_good_dose_mg: float | None


def entries_by_date(entries: Iterable[JournalEntry]) -> dict[dt.date, JournalEntry]:
    """Index entries by date; two entries on one date are a caller's bug (one entry a day)."""
    indexed: dict[dt.date, JournalEntry] = {}
    for entry in entries:
        if entry.date in indexed:
            raise ValueError(f"two journal entries on {entry.date.isoformat()}")
        indexed[entry.date] = entry
    return indexed


def _days(first: dt.date, count: int) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range(count)]


def _craving_gone(entry: JournalEntry) -> bool:
    return (
        entry.craving is not None
        and entry.craving.intensity <= CRAVING_GONE_MAX
        and entry.dose_mg > 0
    )


def _craving_back(entry: JournalEntry) -> bool:
    return entry.craving is not None and entry.craving.intensity > CRAVING_GONE_MAX


def _windows(
    entries: Iterable[JournalEntry] | Mapping[dt.date, JournalEntry],
    since: dt.date | None,
    until: dt.date | None,
    min_days: int,
) -> Iterator[tuple[list[dt.date], list[JournalEntry | None]]]:
    """The 7-day windows (dates, entries or ``None``) holding at least ``min_days`` days of
    ``[since, until]``; days of a window outside that range are unknown, like unlogged days."""
    indexed = entries if isinstance(entries, Mapping) else entries_by_date(entries)
    by_date = {
        d: e
        for d, e in indexed.items()
        if (since is None or d >= since) and (until is None or d <= until)
    }
    if not by_date:
        return
    first = since if since is not None else min(by_date)
    last = until if until is not None else max(by_date)
    for start in _days(first, max((last - first).days - min_days + 2, 0)):
        days = _days(start, WINDOW_DAYS)
        yield days, [by_date.get(d) for d in days]


def find_effective_dose(
    entries: Iterable[JournalEntry] | Mapping[dt.date, JournalEntry],
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> EffectiveDose | None:
    """The first 7-day window in ``[since, until]`` meeting the criterion, or ``None``.

    ``since``/``until`` default to the first and last logged dates. Days outside them are
    ignored (e.g. ``since`` = the day after a patient answered "craving has not gone").
    """
    for days, window in _windows(entries, since, until, WINDOW_DAYS):
        good = [e for e in window if e is not None and _craving_gone(e)]
        if len(good) < MIN_GOOD_DAYS:
            continue
        week = check_week([None if e is None else e.standard_drinks for e in window])
        return EffectiveDose(
            dose_mg=statistics.median_low([e.dose_mg for e in good]),
            start=days[0],
            end=days[-1],
            good_days=tuple(e.date for e in good),
            days_logged=week.days_known,
            drinking=week,
        )
    return None


def find_craving_return(
    entries: Iterable[JournalEntry] | Mapping[dt.date, JournalEntry],
    *,
    taper_start: dt.date,
    until: dt.date | None = None,
) -> CravingReturn | None:
    """The first 7-day window from ``taper_start`` with craving above 2/10 on 3 days or more."""
    indexed = entries if isinstance(entries, Mapping) else entries_by_date(entries)
    for days, window in _windows(indexed, taper_start, until, MIN_RETURN_DAYS):
        back = [e for e in window if e is not None and _craving_back(e)]
        if len(back) < MIN_RETURN_DAYS:
            continue
        doses = [e.dose_mg for e in back if e.dose_mg > 0]
        first_back = back[0].date
        before = sorted(d for d, e in indexed.items() if d < first_back and _craving_gone(e))
        return CravingReturn(
            start=days[0],
            end=days[-1],
            craving_days=tuple(e.date for e in back),
            dose_mg=statistics.median_low(doses) if doses else None,
            last_good_dose_mg=indexed[before[-1]].dose_mg if before else None,
        )
    return None
