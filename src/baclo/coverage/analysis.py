"""One call for the shells: the whole coverage analysis of a journal, and its JSON.

The CLI (``baclo coverage``), the web cards and the API all call :func:`analyse` and render
:meth:`Coverage.to_dict`, so that they show the same numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from baclo.coverage.exposure import DEFAULT_BEDTIME, DayExposure, day_exposures
from baclo.coverage.kinetics import Kinetics
from baclo.coverage.limits import Limits, Schedule
from baclo.coverage.onset import OnsetMove, current_onset, onset_move
from baclo.coverage.response import (
    CravingFit,
    Interval,
    NotEnoughData,
    SideEffectFit,
    fit_craving,
    fit_side_effects,
    observed_level,
)
from baclo.coverage.suggest import Note, Suggestion, suggest
from baclo.journal import JournalEntry

__all__ = ["Coverage", "analyse"]


@dataclass(frozen=True, kw_only=True)
class Coverage:
    """Everything the coverage model says about one journal."""

    kinetics: Kinetics
    limits: Limits
    days: tuple[DayExposure, ...]
    craving: CravingFit | NotEnoughData
    side_effects: SideEffectFit | NotEnoughData
    observed_level_mg_l: float | None
    onset: dt.time | None
    move: OnsetMove | None
    suggestions: tuple[Suggestion, ...]
    notes: tuple[Note, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data: concentrations in mg/L, times HH:MM, dates ISO."""
        return {
            "kinetics": self.kinetics.describe(),
            "limits": {
                "ceiling_mg": self.limits.ceiling_mg,
                "tablets_mg": list(self.limits.tablets.strengths_mg),
                "per_intake_max_mg": self.limits.per_intake_max_mg,
                "max_peak_mg_l": self.limits.max_peak_mg_l,
            },
            "days": [_day(d) for d in self.days],
            "craving": _craving(self.craving),
            "side_effects": _side_effects(self.side_effects),
            "observed_level_mg_l": _round(self.observed_level_mg_l),
            "onset": _hhmm(self.onset),
            "onset_move": None if self.move is None else _move(self.move),
            "suggestions": [_suggestion(s, self.kinetics) for s in self.suggestions],
            "notes": [{"code": n.code.value, "message": n.message} for n in self.notes],
        }


def analyse(
    entries: Sequence[JournalEntry],
    kinetics: Kinetics,
    limits: Limits,
    *,
    bedtime: dt.time = DEFAULT_BEDTIME,
) -> Coverage:
    """Exposures, fits, onset and suggestions for one patient's journal."""
    days = day_exposures(entries, kinetics, bedtime=bedtime)
    craving = fit_craving(days)
    fit = craving if isinstance(craving, CravingFit) else None
    suggestions, notes = suggest(days, kinetics, limits, fit=fit)
    now = current_onset(days)
    return Coverage(
        kinetics=kinetics,
        limits=limits,
        days=days,
        craving=craving,
        side_effects=fit_side_effects(days),
        observed_level_mg_l=observed_level(days),
        onset=None if now is None else now[0],
        move=onset_move(days),
        suggestions=suggestions,
        notes=notes,
    )


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def _hhmm(time: dt.time | None) -> str | None:
    return None if time is None else time.strftime("%H:%M")


def _interval(interval: Interval | None) -> dict[str, float] | None:
    if interval is None:
        return None
    return {
        "median": round(interval.median, 4),
        "low": round(interval.low, 4),
        "high": round(interval.high, 4),
    }


def _not_enough(result: NotEnoughData) -> dict[str, Any]:
    return {
        "status": "not_enough_data",
        "days_used": result.days_used,
        "reasons": [{"code": r.code.value, "message": r.message} for r in result.reasons],
    }


def _craving(result: CravingFit | NotEnoughData) -> dict[str, Any]:
    if isinstance(result, NotEnoughData):
        return _not_enough(result)
    return {
        "status": "fitted",
        "days_used": len(result.days),
        "baseline_intensity": round(10 * result.baseline, 2),
        "c50_mg_l": round(result.c50_mg_l, 4),
        "hill": round(result.hill, 3),
        "needed_mg_l": _interval(result.needed_mg_l),
    }


def _side_effects(result: SideEffectFit | NotEnoughData) -> dict[str, Any]:
    if isinstance(result, NotEnoughData):
        return _not_enough(result)
    return {
        "status": "fitted",
        "days_used": len(result.days),
        "slope": round(result.slope, 3),
        "tolerable_peak_mg_l": _interval(result.tolerable_peak_mg_l),
    }


def _day(day: DayExposure) -> dict[str, Any]:
    return {
        "date": day.date.isoformat(),
        "dose_mg": day.dose_mg,
        "onset": _hhmm(day.onset),
        "intensity": day.intensity,
        "onset_mg_l": _round(day.onset_mg_l),
        "window_min_mg_l": _round(day.window_min_mg_l),
        "peak_mg_l": round(day.peak_mg_l, 4),
        "imputed_share": round(day.imputed_share, 3),
        "used": day.usable,
    }


def _move(move: OnsetMove) -> dict[str, Any]:
    return {
        "from": _hhmm(move.before),
        "to": _hhmm(move.after),
        "slope_min_per_day": round(move.slope_min_per_day, 2),
        "days": [d.isoformat() for d in move.days],
    }


def _schedule(schedule: Schedule) -> dict[str, Any]:
    return {
        "daily_mg": schedule.daily_mg,
        "intakes": [{"time": _hhmm(i.time), "dose_mg": i.dose_mg} for i in schedule.intakes],
        "onset_mg_l": round(schedule.onset_mg_l, 4),
        "peak_mg_l": round(schedule.peak_mg_l, 4),
    }


def _suggestion(suggestion: Suggestion, kinetics: Kinetics) -> dict[str, Any]:
    minutes, before, after = suggestion.curves(kinetics)
    return {
        "kind": suggestion.kind.value,
        "message": suggestion.message,
        "values": suggestion.values,
        "onset": _hhmm(suggestion.onset),
        "before": _schedule(suggestion.before),
        "after": _schedule(suggestion.after),
        "gain": round(suggestion.gain, 4),
        "level_mg_l": _round(suggestion.level_mg_l),
        "target_daily_mg": suggestion.target_daily_mg,
        "days": [d.isoformat() for d in suggestion.days],
        "curve": {
            "minute": list(minutes),
            "before_mg_l": [round(c, 4) for c in before],
            "after_mg_l": [round(c, 4) for c in after],
        },
    }
