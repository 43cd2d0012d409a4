"""What every coverage suggestion must stay inside, and the split it asks for.

A suggestion is never an order: it is a schedule the patient may show to the prescriber or
apply to the plan, and it must already satisfy every rule a plan change would check:

* the prescriber's ceiling (mg/day, never above 300 mg/day);
* takeable doses: every intake made of whole or half tablets of the patient's strengths
  (:class:`baclo.protocols.tablets.TabletSet`);
* the peak guard: no intake above the per-intake maximum, and a typical steady-state peak at
  most :attr:`Limits.max_peak_mg_l` (default 0.7 mg/L, the level from which intoxications have
  been reported, e.g. coma at 0.70 mg/L, Brvar et al. 2007, Eur J Clin Pharmacol 63:1143);
* the pace of change: a rise of at most one label titration step (+10 mg, Baclocur SmPC 2018)
  and a fall of at most one taper step (20 mg and 25 % of the dose, the limits of
  :mod:`baclo.protocols.taper`, ANSM 2017: 10-15 mg at most every 2 days).

:func:`limits_from_course` reads them from the treatment course (no rise while a taper goes on);
a suggestion is applied through the course's ``change`` (:mod:`baclo.coverage.apply`).
SEAM (until the split takes a tablet set and its own peak guard): :func:`guarded_split` calls
the targeted split with the smallest strength and enforces the peak guard here by asking for
more, smaller intakes (earlier ones take the excess) until the typical peak fits; once the split
enforces its own guard this loop only confirms it.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass, field

import numpy as np

from baclo.coverage.kinetics import Kinetics
from baclo.errors import InputError
from baclo.pk import DailyIntake, steady_state_concentration
from baclo.pk.simulation import INTOXICATION_MG_L
from baclo.protocols.ceiling import check_ceiling
from baclo.protocols.course import Course, Phase
from baclo.protocols.split import MAX_INTAKES, SplitMode, SplitRequest, split_daily_dose
from baclo.protocols.tablets import DEFAULT_TABLETS, TabletSet
from baclo.protocols.taper import LARGE_STEP_FRACTION, LARGE_STEP_MG
from baclo.protocols.titration import LABEL_INCREMENT_MG

__all__ = [
    "Limits",
    "Schedule",
    "guarded_split",
    "limits_from_course",
    "steady_curve",
]

CURVE_STEP_MIN = 10


@dataclass(frozen=True, kw_only=True)
class Limits:
    """The prescriber's and the product's limits a suggestion must respect."""

    ceiling_mg: float
    tablets: TabletSet = field(default=DEFAULT_TABLETS)
    per_intake_max_mg: float | None = None
    max_peak_mg_l: float = INTOXICATION_MG_L
    wake: dt.time = dt.time(7, 0)
    sleep: dt.time = dt.time(23, 0)
    may_rise: bool = True

    def __post_init__(self) -> None:
        check_ceiling(self.ceiling_mg)

    def largest_rise_mg(self) -> float:
        """One label titration step, or nothing while a taper goes on (it must not be undone)."""
        return LABEL_INCREMENT_MG if self.may_rise else 0.0

    def largest_fall_mg(self, current_mg: float) -> float:
        """One taper step from ``current_mg``: at most 20 mg and 25 % of the dose."""
        return min(LARGE_STEP_MG, LARGE_STEP_FRACTION * current_mg)


@dataclass(frozen=True, kw_only=True)
class Schedule:
    """A daily schedule and its typical steady-state numbers for one patient (mg/L)."""

    intakes: tuple[DailyIntake, ...]
    onset_mg_l: float
    peak_mg_l: float

    @property
    def daily_mg(self) -> float:
        return float(sum(i.dose_mg for i in self.intakes))


def limits_from_course(course: Course, day: dt.date) -> Limits:
    """The limits of a treatment course on ``day``: its ceiling, split hours and tablets; no
    rise while a taper goes on."""
    split = course.spec.split
    return Limits(
        ceiling_mg=course.ceiling_mg,
        tablets=TabletSet(strengths_mg=(split.tablet_mg,)),
        wake=split.wake,
        sleep=split.sleep,
        may_rise=course.phase_on(day) is not Phase.TAPER,
    )


def steady_curve(
    kinetics: Kinetics, intakes: tuple[DailyIntake, ...]
) -> tuple[tuple[int, ...], tuple[float, ...]]:
    """Steady-state curve every 10 minutes of the day: (minutes, mg/L); zeros without intakes."""
    minutes = np.arange(0, 24 * 60, CURVE_STEP_MIN)
    if not intakes:
        return tuple(int(m) for m in minutes), tuple(0.0 for _ in minutes)
    conc = steady_state_concentration(kinetics.as_model(), list(intakes), minutes / 60.0)
    return tuple(int(m) for m in minutes), tuple(float(c) for c in conc)


def schedule_of(kinetics: Kinetics, intakes: tuple[DailyIntake, ...], onset: dt.time) -> Schedule:
    """The numbers of ``intakes`` taken every day, at ``onset`` and at peak (1-minute grid)."""
    if not intakes:
        return Schedule(intakes=(), onset_mg_l=0.0, peak_mg_l=0.0)
    clock = np.append(np.arange(24 * 60) / 60.0, onset.hour + onset.minute / 60.0)
    conc = steady_state_concentration(kinetics.as_model(), list(intakes), clock)
    return Schedule(intakes=intakes, onset_mg_l=float(conc[-1]), peak_mg_l=float(conc.max()))


def _split(
    daily_mg: float, onset: dt.time, limits: Limits, cap: float | None
) -> tuple[DailyIntake, ...]:
    request = SplitRequest(
        daily_mg=daily_mg,
        craving=onset,
        mode=SplitMode.TARGETED,
        wake=limits.wake,
        sleep=limits.sleep,
        tablets=limits.tablets,
        per_intake_max_mg=cap,
    )
    split = split_daily_dose(request)
    return tuple(DailyIntake(time=i.time, dose_mg=i.dose_mg) for i in split.intakes)


def _caps(daily_mg: float, limits: Limits) -> list[float | None]:
    """Per-intake caps to try: the prescriber's, then smaller ones down to six intakes."""
    step = limits.tablets.step_mg
    first = limits.per_intake_max_mg
    caps: list[float | None] = [first]
    largest = daily_mg if first is None else first
    count = 2 if first is None else math.ceil(daily_mg / first) + 1
    while count <= MAX_INTAKES:
        cap = math.ceil(daily_mg / count / step) * step
        if cap < largest:
            caps.append(cap)
            largest = cap
        count += 1
    return caps


@functools.lru_cache(maxsize=4096)
def guarded_split(
    daily_mg: float, onset: dt.time, limits: Limits, kinetics: Kinetics
) -> Schedule | None:
    """The targeted split of ``daily_mg`` that respects the limits, or None if none does.

    Takes the targeted split (intakes before ``onset``) with the prescriber's per-intake cap;
    while its steady-state peak (with this patient's kinetics) is above the guard, asks for more,
    smaller intakes. Every intake is checked takeable with the patient's tablets. Cached: the
    same dose, onset, limits and kinetics give the same schedule (every argument is immutable).
    """
    if daily_mg <= 0 or daily_mg > limits.ceiling_mg + 1e-9:
        return None
    if not limits.tablets.can_make(daily_mg):
        return None
    for cap in _caps(daily_mg, limits):
        try:
            intakes = _split(daily_mg, onset, limits, cap)
        except InputError:
            continue
        if not all(limits.tablets.can_make(i.dose_mg) for i in intakes):
            continue
        schedule = schedule_of(kinetics, intakes, onset)
        if schedule.peak_mg_l <= limits.max_peak_mg_l:
            return schedule
    return None
