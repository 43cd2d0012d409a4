"""Per journal day: the predicted concentration at craving onset, over the craving window, at peak.

Every intake the patient logged goes on one time line and the PK engine sums them
(superposition, :func:`baclo.pk.concentration`), so an evening intake still counts the next
afternoon, which matters when clearance is low (half-life 14 h at a creatinine clearance of
20 mL/min). The craving window runs from the onset to bedtime (default 23:00, the split's
default; a bedtime at or before the onset is read as after midnight).

A day without an entry is unknown. Its intakes are imputed as those of the last logged day
before it (the patient's habit; the first logged day for the days before the journal starts,
:data:`LEAD_DAYS` of them), and each day states which share of its concentration at onset comes
from imputed intakes. A day whose share exceeds :data:`MAX_IMPUTED_SHARE` is not used to fit
the exposure-response model: its concentration rests too much on a guess. A logged day with no
intakes means none were taken.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from baclo.coverage.kinetics import Kinetics
from baclo.errors import FieldError
from baclo.journal import Intake, JournalEntry
from baclo.pk import Dose, concentration
from baclo.pk.schedule import HOURS_PER_DAY, clock_hours

__all__ = [
    "DEFAULT_BEDTIME",
    "GRID_STEP_MIN",
    "LEAD_DAYS",
    "MAX_IMPUTED_SHARE",
    "DayExposure",
    "day_exposures",
]

FloatArray = npt.NDArray[np.float64]

DEFAULT_BEDTIME = dt.time(23, 0)
GRID_STEP_MIN = 5
#: Unknown days imputed before the first entry: after 3 days even a 14 h half-life (creatinine
#: clearance 20 mL/min) leaves under 3 % of a dose.
LEAD_DAYS = 3
#: Above this share of imputed concentration at onset a day is kept out of the fit.
MAX_IMPUTED_SHARE = 0.10


@dataclass(frozen=True, kw_only=True)
class DayExposure:
    """One journal day: what was taken, felt, and the concentrations predicted (mg/L)."""

    date: dt.date
    intakes: tuple[Intake, ...]
    onset: dt.time | None
    intensity: int | None
    side_effect_max: int
    onset_mg_l: float | None
    window_min_mg_l: float | None
    window_mean_mg_l: float | None
    peak_mg_l: float
    imputed_share: float

    @property
    def dose_mg(self) -> float:
        return float(sum(i.dose_mg for i in self.intakes))

    @property
    def usable(self) -> bool:
        """Onset and intensity recorded, and a concentration that rests on logged intakes."""
        return (
            self.onset_mg_l is not None
            and self.intensity is not None
            and self.imputed_share <= MAX_IMPUTED_SHARE
        )


def _check_dates(entries: Sequence[JournalEntry]) -> list[JournalEntry]:
    ordered = sorted(entries, key=lambda e: e.date)
    for before, after in itertools.pairwise(ordered):
        if before.date == after.date:
            raise FieldError("date", f"{after.date.isoformat()} appears twice", code="duplicate")
    return ordered


def _doses(ordered: Sequence[JournalEntry], origin: dt.date) -> tuple[list[Dose], list[Dose]]:
    """(logged, imputed) doses on the time line that starts at ``origin`` 00:00."""
    by_date = {e.date: e for e in ordered}
    logged: list[Dose] = []
    imputed: list[Dose] = []
    habit = ordered[0].intakes
    day = origin
    while day <= ordered[-1].date:
        offset = (day - origin).days * HOURS_PER_DAY
        entry = by_date.get(day)
        if entry is not None:
            habit = entry.intakes
        target = logged if entry is not None else imputed
        target.extend(Dose(time_h=offset + clock_hours(i.time), dose_mg=i.dose_mg) for i in habit)
        day += dt.timedelta(days=1)
    return logged, imputed


def _conc(kinetics: Kinetics, doses: Sequence[Dose], t: FloatArray) -> FloatArray:
    if not doses:
        return np.zeros_like(t)
    return concentration(kinetics.as_model(), doses, t)


def _window_hours(onset: dt.time, bedtime: dt.time) -> FloatArray:
    start = clock_hours(onset)
    end = clock_hours(bedtime)
    if end <= start:
        end += HOURS_PER_DAY
    step = GRID_STEP_MIN / 60.0
    hours: FloatArray = np.append(np.arange(start, end, step), end)
    return hours


def day_exposures(
    entries: Sequence[JournalEntry],
    kinetics: Kinetics,
    *,
    bedtime: dt.time = DEFAULT_BEDTIME,
) -> tuple[DayExposure, ...]:
    """The exposure of every journal day, in date order.

    Raises :class:`~baclo.errors.FieldError` when a date appears twice. An empty journal gives
    an empty tuple.

    >>> import datetime as dt
    >>> from baclo.coverage import Kinetics, day_exposures
    >>> from baclo.journal import Craving, Intake, JournalEntry
    >>> day = JournalEntry(date=dt.date(2026, 1, 5),
    ...     intakes=(Intake(time=dt.time(16), dose_mg=20.0),),
    ...     craving=Craving(intensity=5, onset=dt.time(17, 30)))
    >>> round(day_exposures([day], Kinetics.population())[0].onset_mg_l, 3)
    0.213
    """
    if not entries:
        return ()
    ordered = _check_dates(entries)
    origin = ordered[0].date - dt.timedelta(days=LEAD_DAYS)
    logged, imputed = _doses(ordered, origin)
    day_grid = np.arange(0.0, HOURS_PER_DAY + 1e-9, GRID_STEP_MIN / 60.0)
    pieces: list[FloatArray] = []
    spans: list[tuple[slice, slice | None]] = []
    at = 0
    for entry in ordered:
        offset = (entry.date - origin).days * HOURS_PER_DAY
        pieces.append(offset + day_grid)
        whole = slice(at, at + day_grid.size)
        at += day_grid.size
        window = None
        onset = entry.craving.onset if entry.craving is not None else None
        if onset is not None:
            hours = offset + _window_hours(onset, bedtime)
            pieces.append(hours)
            window = slice(at, at + hours.size)
            at += hours.size
        spans.append((whole, window))
    t = np.concatenate(pieces)
    known = _conc(kinetics, logged, t)
    total = known + _conc(kinetics, imputed, t)
    return tuple(
        _exposure(entry, total, known, whole, window)
        for entry, (whole, window) in zip(ordered, spans, strict=True)
    )


def _exposure(
    entry: JournalEntry,
    total: FloatArray,
    known: FloatArray,
    whole: slice,
    window: slice | None,
) -> DayExposure:
    craving = entry.craving
    side_effects = max((s.severity for s in entry.side_effects), default=0)
    peak = float(total[whole].max())
    if window is None:
        reference = int(np.argmax(total[whole])) + (whole.start or 0)
        onset_mg_l = window_min = window_mean = None
    else:
        reference = window.start or 0
        onset_mg_l = float(total[reference])
        window_min = float(total[window].min())
        window_mean = float(total[window].mean())
    share = 0.0 if total[reference] <= 0 else 1.0 - float(known[reference] / total[reference])
    return DayExposure(
        date=entry.date,
        intakes=entry.intakes,
        onset=None if craving is None else craving.onset,
        intensity=None if craving is None else craving.intensity,
        side_effect_max=side_effects,
        onset_mg_l=onset_mg_l,
        window_min_mg_l=window_min,
        window_mean_mg_l=window_mean,
        peak_mg_l=peak,
        imputed_share=max(0.0, share),
    )
