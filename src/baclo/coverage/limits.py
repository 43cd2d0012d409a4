"""What every coverage suggestion must stay inside, and the split it asks for.

A suggestion is never an order: it is a schedule the patient may show to the prescriber or
apply to the plan, and it must already satisfy every rule a plan change would check:

* the prescriber's ceiling (mg/day, never above 300 mg/day);
* takeable doses: every intake made of whole or half tablets of the patient's strengths
  (:class:`baclo.protocols.tablets.TabletSet`);
* the peak guard of the split: no intake above the maximum per intake (default 50 mg) or the
  prescriber's cap, and a steady-state peak at most :attr:`Limits.max_peak_mg_l` (default
  0.7 mg/L, the level from which intoxications have been reported, e.g. coma at 0.70 mg/L,
  Brvar et al. 2007, Eur J Clin Pharmacol 63:1143), here with the patient's own kinetics;
* the pace of change: a rise of at most one label titration step (+10 mg, Baclocur SmPC 2018)
  and a fall of at most one taper step, by the taper's own rule
  (:func:`baclo.protocols.taper.max_cut_mg`: 25 % of the dose but always one 10 mg tablet, at
  most 15 mg, ANSM 2017: 10-15 mg at most every 2 days). A suggestion may be applied on any
  day, so it takes the limit of reductions 2 days apart.

:func:`limits_from_course` reads them from the treatment course (no rise while a taper goes on);
a suggestion is applied through the course's ``change`` (:mod:`baclo.coverage.apply`).
:func:`guarded_split` asks the targeted split (:mod:`baclo.protocols.split`) for all of it, then
checks the peak with the patient's own kinetics.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

import numpy as np

from baclo.coverage.kinetics import Kinetics
from baclo.errors import InputError
from baclo.pk import DailyIntake, steady_state_concentration
from baclo.protocols.ceiling import check_ceiling
from baclo.protocols.course import Course, Phase
from baclo.protocols.split import (
    DEFAULT_MAX_INTAKE_MG,
    DEFAULT_MAX_PEAK_MG_L,
    Split,
    SplitMode,
    SplitRequest,
    split_daily_dose,
)
from baclo.protocols.tablets import DEFAULT_TABLETS, TabletSet
from baclo.protocols.taper import MIN_INTERVAL_DAYS, max_cut_mg
from baclo.protocols.titration import LABEL_INCREMENT_MG

__all__ = [
    "Limits",
    "Schedule",
    "guarded_split",
    "limits_from_course",
    "steady_curve",
]

CURVE_STEP_MIN = 10
GUARD_TRIES = 2


@dataclass(frozen=True, kw_only=True)
class Limits:
    """The prescriber's and the product's limits a suggestion must respect."""

    ceiling_mg: float
    tablets: TabletSet = field(default=DEFAULT_TABLETS)
    per_intake_max_mg: float | None = None
    max_intake_mg: float = DEFAULT_MAX_INTAKE_MG
    max_peak_mg_l: float = DEFAULT_MAX_PEAK_MG_L
    wake: dt.time = dt.time(7, 0)
    sleep: dt.time = dt.time(23, 0)
    may_rise: bool = True

    def __post_init__(self) -> None:
        check_ceiling(self.ceiling_mg)

    def largest_rise_mg(self) -> float:
        """One label titration step, or nothing while a taper goes on (it must not be undone)."""
        return LABEL_INCREMENT_MG if self.may_rise else 0.0

    def largest_fall_mg(self, current_mg: float) -> float:
        """One taper step from ``current_mg``, two days after the previous change (the taper's
        rule, so that a suggestion never cuts more than a taper would)."""
        return max_cut_mg(current_mg, MIN_INTERVAL_DAYS)


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
        tablets=course.tablets,
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
    daily_mg: float, onset: dt.time, limits: Limits, kinetics: Kinetics, max_peak_mg_l: float
) -> Split:
    """The targeted split with every guard of the limits (the split guards the typical peak)."""
    request = SplitRequest(
        daily_mg=daily_mg,
        craving=onset,
        mode=SplitMode.TARGETED,
        wake=limits.wake,
        sleep=limits.sleep,
        tablets=limits.tablets,
        per_intake_max_mg=limits.per_intake_max_mg,
        max_intake_mg=limits.max_intake_mg,
        max_peak_mg_l=max_peak_mg_l,
        crcl_ml_min=None if kinetics.individual else kinetics.crcl_ml_min,
        model_id=kinetics.model.id,
    )
    return split_daily_dose(request)


@functools.lru_cache(maxsize=4096)
def guarded_split(
    daily_mg: float, onset: dt.time, limits: Limits, kinetics: Kinetics
) -> Schedule | None:
    """The targeted split of ``daily_mg`` that respects the limits, or None if none does.

    The split itself keeps every intake takeable, under the per-intake maximum and its typical
    peak under the guard (moving dose into earlier intakes). The peak is then checked with this
    patient's kinetics; when they peak higher (an individual estimate, a low clearance), the split
    is asked once more with the guard tightened by that ratio. Cached: the same dose, onset,
    limits and kinetics give the same schedule (every argument is immutable).
    """
    if daily_mg <= 0 or daily_mg > limits.ceiling_mg + 1e-9:
        return None
    if not limits.tablets.can_make(daily_mg):
        return None
    guard = limits.max_peak_mg_l
    for _ in range(GUARD_TRIES):
        try:
            split = _split(daily_mg, onset, limits, kinetics, guard)
        except InputError:
            return None
        intakes = tuple(DailyIntake(time=i.time, dose_mg=i.dose_mg) for i in split.intakes)
        schedule = schedule_of(kinetics, intakes, onset)
        if schedule.peak_mg_l <= limits.max_peak_mg_l:
            return schedule
        # the patient's own kinetics peak higher than the typical ones the split guards
        guard = limits.max_peak_mg_l * split.metrics.peak_mg_l / schedule.peak_mg_l
    return None
