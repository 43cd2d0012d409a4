"""Taper: coming down from the effective dose, slowly, never stopping abruptly.

Why so careful: stopping baclofen abruptly can cause a severe withdrawal syndrome (seizures,
confusion, hallucinations, hyperthermia; ``baclocur-smpc-2018``). Association Baclofène (2014)
describes two habits after some months at the effective dose: slow, -10 mg every 3 to 5 weeks
(preset ``slow``: every 4 weeks), and faster, -10 to -20 mg every 1 to 2 weeks for people with
disabling side effects (preset ``fast``: -10 mg every week), down to a comfortable residual dose or
to zero. ANSM (2017) asked for reductions of 10-15 mg at most every 2 days for patients above 80
mg/day: that is the fastest pace baclo accepts without a warning.

Rules applied here:

* a step larger than 20 mg, or than 25 % of the dose it starts from, carries a warning;
* a step more often than every 2 days carries a warning;
* the last step to zero is taken from 10 mg at most: a larger final step is split in two.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any

from baclo.errors import FieldError
from baclo.protocols.inputs import mg_json, positive_dose
from baclo.protocols.titration import HARD_LIMIT_MG
from baclo.sources import cite

__all__ = [
    "LAST_STEP_TO_ZERO_MAX_MG",
    "PRESETS",
    "Taper",
    "TaperSpeed",
    "TaperStep",
    "TaperWarning",
    "build_taper",
]

LARGE_STEP_MG = 20.0
LARGE_STEP_FRACTION = 0.25
MIN_INTERVAL_DAYS = 2
LAST_STEP_TO_ZERO_MAX_MG = 10.0
_MAX_INTERVAL_DAYS = 365
#: Smallest custom reduction: tablets hold 10 to 40 mg and are scored (``baclocur-smpc-2018``), so
#: less than 1 mg cannot be taken; a smaller step would also make the list of steps endless.
MIN_STEP_MG = 1.0


class TaperSpeed(enum.StrEnum):
    SLOW = "slow"
    FAST = "fast"


@dataclass(frozen=True, kw_only=True)
class TaperPreset:
    step_mg: float
    interval_days: int
    source: str


PRESETS: dict[TaperSpeed, TaperPreset] = {
    TaperSpeed.SLOW: TaperPreset(
        step_mg=10.0,
        interval_days=28,
        source="-10 mg every 3 to 5 weeks after some months at the effective dose; "
        + cite("association-baclofene"),
    ),
    TaperSpeed.FAST: TaperPreset(
        step_mg=10.0,
        interval_days=7,
        source="-10 to -20 mg every 1 to 2 weeks when side effects are disabling; "
        + cite("association-baclofene"),
    ),
}


@dataclass(frozen=True, kw_only=True)
class TaperStep:
    """From ``date`` on, the daily dose is ``dose_mg``."""

    date: dt.date
    dose_mg: float


class TaperWarningCode(enum.StrEnum):
    LARGE_STEP = "large_step"
    FAST_PACE = "fast_pace"


@dataclass(frozen=True, kw_only=True)
class TaperWarning:
    code: TaperWarningCode
    date: dt.date | None
    message: str


@dataclass(frozen=True, kw_only=True)
class Taper:
    """A taper: the starting dose, then one :class:`TaperStep` per reduction."""

    from_mg: float
    to_mg: float
    start: dt.date
    step_mg: float
    interval_days: int
    steps: tuple[TaperStep, ...]
    warnings: tuple[TaperWarning, ...]
    source: str
    """Where the pace comes from: a preset's source, or the user's own step and interval."""

    def daily_doses(self) -> list[tuple[dt.date, float]]:
        """Every day on which a dose is taken, from ``start``, with its dose (mg/day).

        A residual dose is shown for one interval after the last step; a stop ends the list.
        """
        last = self.steps[-1]
        end = last.date + dt.timedelta(days=self.interval_days if last.dose_mg > 0 else 0)
        doses: list[tuple[dt.date, float]] = []
        steps = iter(self.steps)
        current = next(steps)
        upcoming = next(steps, None)
        day = self.start
        while day < end:
            if upcoming is not None and day >= upcoming.date:
                current, upcoming = upcoming, next(steps, None)
            doses.append((day, current.dose_mg))
            day += dt.timedelta(days=1)
        return doses

    def dose_on(self, day: dt.date) -> float | None:
        """The daily dose (mg/day) the taper sets on ``day``; ``None`` before ``start``.

        After the last step the dose stays at the residual dose (``to_mg``, 0 after a stop):
        a plan that follows the taper needs a dose for every later day, unlike
        :meth:`daily_doses`, which lists the days worth a calendar entry.
        """
        if day < self.start:
            return None
        return [step.dose_mg for step in self.steps if step.date <= day][-1]

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``baclo taper --format json``."""
        return {
            "from_mg": mg_json(self.from_mg),
            "to_mg": mg_json(self.to_mg),
            "step_mg": mg_json(self.step_mg),
            "interval_days": self.interval_days,
            "source": self.source,
            "steps": [
                {"date": step.date.isoformat(), "dose_mg": mg_json(step.dose_mg)}
                for step in self.steps
            ],
            "warnings": [
                {
                    "code": w.code.value,
                    "date": None if w.date is None else w.date.isoformat(),
                    "message": w.message,
                }
                for w in self.warnings
            ],
        }


def build_taper(
    *,
    from_mg: float,
    start: dt.date,
    to_mg: float = 0.0,
    speed: TaperSpeed = TaperSpeed.SLOW,
    step_mg: float | None = None,
    interval_days: int | None = None,
) -> Taper:
    """Reduce from ``from_mg`` to ``to_mg`` mg/day, the first reduction on ``start``.

    ``step_mg`` and ``interval_days`` override the preset of ``speed``. The last step is
    shorter when ``from_mg - to_mg`` is not a multiple of the step.

    >>> import datetime as dt
    >>> taper = build_taper(from_mg=40, start=dt.date(2026, 3, 2), speed=TaperSpeed.FAST)
    >>> [(s.date.isoformat(), s.dose_mg) for s in taper.steps][:2]
    [('2026-03-02', 30.0), ('2026-03-09', 20.0)]
    """
    start_dose = positive_dose("from_mg", from_mg)
    if start_dose > HARD_LIMIT_MG:
        raise FieldError("from_mg", f"must be at most {HARD_LIMIT_MG:g} mg/day, got {from_mg:g}")
    if not 0 <= to_mg < start_dose:
        raise FieldError(
            "to_mg",
            f"the residual dose must be 0 or more and below the starting dose {start_dose:g} mg, "
            f"got {to_mg:g}",
            code="out_of_range",
        )
    preset = PRESETS[speed]
    step = preset.step_mg if step_mg is None else positive_dose("step_mg", step_mg)
    if step < MIN_STEP_MG:
        raise FieldError(
            "step_mg", f"must be at least {MIN_STEP_MG:g} mg, got {step_mg:g}", code="range"
        )
    interval = preset.interval_days if interval_days is None else interval_days
    if not 1 <= interval <= _MAX_INTERVAL_DAYS:
        raise FieldError(
            "interval_days", f"must be 1-{_MAX_INTERVAL_DAYS} days, got {interval}", code="range"
        )
    doses = _doses(start_dose, float(to_mg), step)
    # The calendar must hold the last step and the interval shown after it (daily_doses).
    if (dt.date.max - start).days < len(doses) * interval:
        raise FieldError(
            "start", f"a taper from {start.isoformat()} would end after 9999", code="range"
        )
    steps = tuple(
        TaperStep(date=start + dt.timedelta(days=i * interval), dose_mg=dose)
        for i, dose in enumerate(doses)
    )
    return Taper(
        from_mg=start_dose,
        to_mg=float(to_mg),
        start=start,
        step_mg=step,
        interval_days=interval,
        steps=steps,
        warnings=_warnings(start_dose, steps, interval),
        source=(
            preset.source
            if (step, interval) == (preset.step_mg, preset.interval_days)
            else "custom step and interval"
        ),
    )


def _doses(start: float, target: float, step: float) -> list[float]:
    doses: list[float] = []
    current = start
    while current > target:
        following = max(current - step, target)
        if following == 0 and current > LAST_STEP_TO_ZERO_MAX_MG:
            following = LAST_STEP_TO_ZERO_MAX_MG
        doses.append(following)
        current = following
    return doses


def _warnings(
    start: float, steps: tuple[TaperStep, ...], interval: int
) -> tuple[TaperWarning, ...]:
    warnings: list[TaperWarning] = []
    if interval < MIN_INTERVAL_DAYS:
        warnings.append(
            TaperWarning(
                code=TaperWarningCode.FAST_PACE,
                date=None,
                message=(
                    f"a reduction every {interval} day is faster than ANSM's 2017 advice "
                    "(10-15 mg at most every 2 days): withdrawal risk"
                ),
            )
        )
    previous = start
    for step in steps:
        cut = previous - step.dose_mg
        if cut > LARGE_STEP_MG or cut > LARGE_STEP_FRACTION * previous:
            warnings.append(
                TaperWarning(
                    code=TaperWarningCode.LARGE_STEP,
                    date=step.date,
                    message=(
                        f"{step.date.isoformat()}: {previous:g} -> {step.dose_mg:g} mg/day cuts "
                        f"{cut:g} mg ({cut / previous:.0%} of the dose), more than 20 mg or 25 %: "
                        "withdrawal risk, watch for craving and symptoms; smaller or slower steps "
                        "are safer"
                    ),
                )
            )
        previous = step.dose_mg
    return tuple(warnings)
