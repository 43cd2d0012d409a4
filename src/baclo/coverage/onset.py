"""Where the craving onset is now, and whether it has moved.

Patients and their doctors observe that the daily craving onset moves as the dose rises, so the
intakes timed before it must follow. From the onsets logged over the last :data:`DRIFT_DAYS`
days, the drift is the Theil-Sen slope (median of pairwise slopes; Sen 1968, J Am Stat Assoc
63:1379), robust to a day or two logged at an unusual hour, with its 90 % interval
(:func:`scipy.stats.theilslopes`). A move is reported when the interval excludes no move, the
fitted line moves between the first and the last day by at least
:data:`MIN_MOVE_MIN` minutes (a move that takes the last intake out of the 60-90 min before the
onset where the targeted split puts it), and at least :data:`MIN_ONSETS` onsets were logged.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from scipy import stats

from baclo.coverage.exposure import DayExposure

__all__ = [
    "DRIFT_DAYS",
    "MIN_MOVE_MIN",
    "OnsetMove",
    "current_onset",
    "onset_move",
]

DRIFT_DAYS = 14
MIN_ONSETS = 8
MIN_MOVE_MIN = 45
RECENT_DAYS = 7
ROUNDING_MIN = 15
MIN_RECENT = 3


@dataclass(frozen=True, kw_only=True)
class OnsetMove:
    """The onset moved from ``before`` to ``after`` over the days listed."""

    before: dt.time
    after: dt.time
    slope_min_per_day: float
    days: tuple[dt.date, ...]


def _minute(time: dt.time) -> int:
    return time.hour * 60 + time.minute


def _clock(minute: float) -> dt.time:
    """The clock time of ``minute``, rounded to the quarter hour intakes are planned on."""
    whole = round(minute / ROUNDING_MIN) * ROUNDING_MIN % (24 * 60)
    return dt.time(whole // 60, whole % 60)


def _recorded(days: Sequence[DayExposure], since: dt.date) -> list[DayExposure]:
    return [d for d in days if d.onset is not None and d.date > since]


def current_onset(days: Sequence[DayExposure]) -> tuple[dt.time, tuple[dt.date, ...]] | None:
    """Median onset of the last 7 calendar days (at least 3 logged), and those days."""
    if not days:
        return None
    last = max(d.date for d in days)
    recent = _recorded(days, last - dt.timedelta(days=RECENT_DAYS))
    if len(recent) < MIN_RECENT:
        return None
    minutes = [_minute(d.onset) for d in recent if d.onset is not None]
    return _clock(statistics.median(minutes)), tuple(d.date for d in recent)


def onset_move(days: Sequence[DayExposure]) -> OnsetMove | None:
    """The onset's move over the last two weeks, or None when it has not clearly moved."""
    if not days:
        return None
    last = max(d.date for d in days)
    recorded = _recorded(days, last - dt.timedelta(days=DRIFT_DAYS))
    if len(recorded) < MIN_ONSETS:
        return None
    x = [float((d.date - recorded[0].date).days) for d in recorded]
    y = [float(_minute(d.onset)) for d in recorded if d.onset is not None]
    slope, intercept, low, high = stats.theilslopes(y, x, alpha=0.90)
    before = intercept + slope * x[0]
    after = intercept + slope * x[-1]
    if low <= 0 <= high or abs(after - before) < MIN_MOVE_MIN:
        return None
    return OnsetMove(
        before=_clock(before),
        after=_clock(after),
        slope_min_per_day=float(slope),
        days=tuple(d.date for d in recorded),
    )
