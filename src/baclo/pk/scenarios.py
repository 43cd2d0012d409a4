"""What the curve becomes if the next intake is missed, taken late or doubled.

From the intakes logged today and the usual daily schedule, :func:`next_intake_scenarios`
returns four curves over today and tomorrow (hours since today's midnight): the next intake
taken as planned, missed, taken ``late_h`` hours late, or doubled (the classic "catch-up" error).
Days before today are the usual schedule taken on time for a week (steady state for every bundled
model: 7 days are more than 25 half-lives) unless the caller gives the doses actually taken
before today (``history``: a missed day, a late intake yesterday); the rest of today after the
next intake and all of tomorrow follow the usual schedule. The model is linear, so each curve is
the superposition of its doses (:func:`baclo.pk.engine.concentration`).

These curves are the numbers behind a missed-dose message; the message itself (what to advise)
is the safety rules' business, with their own sources, not this module's.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from baclo.errors import FieldError
from baclo.pk.engine import concentration
from baclo.pk.model import PKModel
from baclo.pk.schedule import HOURS_PER_DAY, DailyIntake, Dose, check_daily

__all__ = ["MAX_LATE_H", "NextIntakeScenario", "ScenarioCurve", "next_intake_scenarios"]

FloatArray = npt.NDArray[np.float64]

#: A dose more than 12 hours late is the next day's dose: that is a missed dose, not a late one.
MAX_LATE_H = 12.0
#: Days of the usual schedule simulated before today (steady state, see the module docstring).
_HISTORY_DAYS = 7
_STEP_H = 0.1


class NextIntakeScenario(enum.StrEnum):
    """What happens to the next planned intake."""

    AS_PLANNED = "as_planned"
    MISSED = "missed"
    LATE = "late"
    DOUBLED = "doubled"


@dataclass(frozen=True, kw_only=True, eq=False)
class ScenarioCurve:
    """One scenario over today and tomorrow: ``t_h`` hours since today 00:00, mg/L."""

    scenario: NextIntakeScenario
    t_h: FloatArray
    conc_mg_l: FloatArray
    doses: tuple[Dose, ...]  # today's and tomorrow's intakes of this scenario (hours since 00:00)

    @property
    def peak_mg_l(self) -> float:
        return float(self.conc_mg_l.max())

    @property
    def peak_h(self) -> float:
        """Hours since today 00:00 of the highest concentration."""
        return float(self.t_h[int(np.argmax(self.conc_mg_l))])

    def lowest_mg_l(self, start_h: float, end_h: float) -> float:
        """The lowest concentration between two times (hours since today 00:00)."""
        return float(self._between(start_h, end_h).min())

    def highest_mg_l(self, start_h: float, end_h: float) -> float:
        """The highest concentration between two times (hours since today 00:00)."""
        return float(self._between(start_h, end_h).max())

    def _between(self, start_h: float, end_h: float) -> FloatArray:
        return self.conc_mg_l[(self.t_h >= start_h) & (self.t_h <= end_h)]

    def at(self, hour: float) -> float:
        """Concentration (mg/L) at ``hour`` hours since today 00:00 (linear between samples)."""
        return float(np.interp(hour, self.t_h, self.conc_mg_l))


def _today(intakes: Sequence[DailyIntake], day: int) -> list[Dose]:
    return [Dose(time_h=day * HOURS_PER_DAY + i.clock_h, dose_mg=i.dose_mg) for i in intakes]


def _history(usual: Sequence[DailyIntake], history: Sequence[Dose] | None) -> list[Dose]:
    """The doses before today: the given ones, else the usual schedule for a week."""
    if history is None:
        return [d for day in range(-_HISTORY_DAYS, 0) for d in _today(usual, day)]
    late = [d for d in history if d.time_h >= 0]
    if late:
        raise FieldError(
            "history",
            f"a dose at {late[0].time_h:g} h is not before today (hours since today 00:00)",
            code="not_before_today",
        )
    return list(history)


def next_intake_scenarios(
    model: PKModel,
    *,
    usual: Sequence[DailyIntake],
    taken_today: Sequence[DailyIntake],
    next_intake: DailyIntake,
    late_h: float = 2.0,
    crcl_ml_min: float | None = None,
    history: Sequence[Dose] | None = None,
) -> Mapping[NextIntakeScenario, ScenarioCurve]:
    """The curve of today and tomorrow under each :class:`NextIntakeScenario`.

    ``usual``: the daily schedule (the days before, the rest of today, tomorrow);
    ``taken_today``: today's logged intakes (clock times, before ``next_intake``); ``next_intake``:
    the planned intake in question, later today; ``history``: the doses taken before today
    (``time_h`` hours since today 00:00, so negative), ``None`` for the usual schedule on time.
    Raises FieldError (``late_h``: ``out_of_range``; ``taken_today``: ``after_next``;
    ``history``: ``not_before_today``) for a delay outside (0, 12] h, an intake logged after the
    next one, or a history dose at or after today's midnight.
    """
    check_daily(usual)
    if not 0 < late_h <= MAX_LATE_H:
        raise FieldError(
            "late_h",
            f"{late_h:g} h must be more than 0 and at most {MAX_LATE_H:g} h",
            code="out_of_range",
        )
    if any(i.clock_h > next_intake.clock_h for i in taken_today):
        raise FieldError(
            "taken_today",
            f"an intake is logged after the next one ({next_intake.time:%H:%M})",
            code="after_next",
        )
    before = _history(usual, history)
    later_today = [i for i in usual if i.clock_h > next_intake.clock_h]
    common = [*_today(taken_today, 0), *_today(later_today, 0), *_today(usual, 1)]
    next_h, dose = next_intake.clock_h, next_intake.dose_mg
    variants = {
        NextIntakeScenario.AS_PLANNED: [Dose(time_h=next_h, dose_mg=dose)],
        NextIntakeScenario.MISSED: [],
        NextIntakeScenario.LATE: [Dose(time_h=next_h + late_h, dose_mg=dose)],
        NextIntakeScenario.DOUBLED: [Dose(time_h=next_h, dose_mg=2 * dose)],
    }
    t = np.arange(0.0, 2 * HOURS_PER_DAY + _STEP_H / 2, _STEP_H)
    offset = max(_HISTORY_DAYS * HOURS_PER_DAY, -min((d.time_h for d in before), default=0.0))
    curves = {}
    for scenario, extra in variants.items():
        doses = sorted([*common, *extra], key=lambda d: d.time_h)
        shifted = [Dose(time_h=d.time_h + offset, dose_mg=d.dose_mg) for d in [*before, *doses]]
        conc = concentration(model, shifted, t + offset, crcl_ml_min=crcl_ml_min)
        curves[scenario] = ScenarioCurve(
            scenario=scenario, t_h=t, conc_mg_l=conc, doses=tuple(doses)
        )
    return curves
