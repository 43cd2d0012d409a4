"""Dosing schedules: single intakes on a time line and a daily schedule repeated every day.

Times on the simulation time line are hours since day 1, 00:00 (``t_h`` of docs/architecture.md
(Contracts)).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from baclo.errors import InputError

__all__ = [
    "HOURS_PER_DAY",
    "MAX_DAYS",
    "DailyIntake",
    "Dose",
    "as_arrays",
    "check_daily",
    "check_days",
    "check_doses",
    "clock_hours",
    "daily_dose_mg",
    "expand_daily",
    "format_clock",
]

HOURS_PER_DAY = 24.0
#: Longest simulation the product offers (docs/architecture.md (Contracts): ``--days`` 1-365).
MAX_DAYS = 365


@dataclass(frozen=True, kw_only=True)
class Dose:
    """One intake on the time line: ``time_h`` hours since day 1 00:00, ``dose_mg`` swallowed."""

    time_h: float
    dose_mg: float


@dataclass(frozen=True, kw_only=True)
class DailyIntake:
    """One intake of a daily schedule, taken every day at the same clock time."""

    time: dt.time
    dose_mg: float

    @property
    def clock_h(self) -> float:
        """The clock time in hours after midnight, in [0, 24)."""
        return clock_hours(self.time)


def clock_hours(time: dt.time) -> float:
    """Hours after midnight of a clock time (seconds kept, time zone ignored)."""
    return time.hour + time.minute / 60.0 + (time.second + time.microsecond / 1e6) / 3600.0


def format_clock(hours: float) -> str:
    """``HH:MM`` of a clock position in hours (rounded to the minute, modulo one day)."""
    minutes = round(hours * 60.0) % (24 * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _check_dose_mg(dose_mg: float, where: str) -> None:
    if not math.isfinite(dose_mg) or dose_mg <= 0:
        raise InputError(f"{where}: dose {dose_mg:g} mg must be a positive number of milligrams")


def check_doses(doses: Sequence[Dose]) -> None:
    """Refuse an empty schedule, a non-finite or negative time, a dose that is not positive."""
    if not doses:
        raise InputError("no intake given: at least one dose is needed")
    for dose in doses:
        if not math.isfinite(dose.time_h) or dose.time_h < 0:
            raise InputError(f"dose time {dose.time_h:g} h must be >= 0 (hours since day 1 00:00)")
        _check_dose_mg(dose.dose_mg, f"intake at {dose.time_h:g} h")


def check_daily(daily: Sequence[DailyIntake]) -> None:
    """Refuse an empty daily schedule, a dose that is not positive, twice the same clock time."""
    if not daily:
        raise InputError("no intake given: at least one daily intake (HH:MM=MG) is needed")
    seen: set[dt.time] = set()
    for intake in daily:
        _check_dose_mg(intake.dose_mg, f"intake {intake.time:%H:%M}")
        if intake.time in seen:
            raise InputError(f"intake time {intake.time:%H:%M} is given twice; merge the doses")
        seen.add(intake.time)


def check_days(days: int) -> None:
    """Refuse a simulation length outside 1-365 days."""
    if not 1 <= days <= MAX_DAYS:
        raise InputError(f"days {days} is out of range: expected 1 to {MAX_DAYS}")


def daily_dose_mg(daily: Sequence[DailyIntake]) -> float:
    """Total milligrams per day of a daily schedule."""
    return float(sum(intake.dose_mg for intake in daily))


def expand_daily(daily: Sequence[DailyIntake], days: int) -> list[Dose]:
    """The daily schedule repeated ``days`` times on the time line, sorted by time."""
    check_daily(daily)
    check_days(days)
    return sorted(
        (
            Dose(time_h=day * HOURS_PER_DAY + intake.clock_h, dose_mg=intake.dose_mg)
            for day in range(days)
            for intake in daily
        ),
        key=lambda d: d.time_h,
    )


def as_arrays(doses: Sequence[Dose]) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Times (h) and amounts (mg) of ``doses`` as two float arrays."""
    times = np.fromiter((d.time_h for d in doses), dtype=np.float64, count=len(doses))
    amounts = np.fromiter((d.dose_mg for d in doses), dtype=np.float64, count=len(doses))
    return times, amounts
