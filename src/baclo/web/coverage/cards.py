"""What the timing card shows, as plain template data (numbers in ng/mL, small SVG curves).

Sentences are written in the template, by kind and code, so that they are translated; nothing
here is a sentence, a code to show, or an ISO date.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from baclo.coverage import CravingFit, NotEnoughData, SideEffectFit, Suggestion
from baclo.coverage.analysis import Coverage
from baclo.coverage.apply import TIMING_KINDS

WIDTH = 320
HEIGHT = 120
#: Rows of the table under each curve: every two hours.
TABLE_EVERY_MIN = 120


def _ng(mg_l: float) -> int:
    return round(mg_l * 1000)


def _points(minutes: Sequence[int], conc: Sequence[float], top: float) -> str:
    return " ".join(
        f"{m / (24 * 60) * WIDTH:.1f},{HEIGHT - c / top * HEIGHT:.1f}"
        for m, c in zip(minutes, conc, strict=True)
    )


def _intakes(suggestion: Suggestion, which: str) -> list[dict[str, Any]]:
    schedule = suggestion.before if which == "before" else suggestion.after
    return [{"time": i.time.strftime("%H:%M"), "dose_mg": i.dose_mg} for i in schedule.intakes]


def _suggestion(suggestion: Suggestion, coverage: Coverage) -> dict[str, Any]:
    minutes, before, after = suggestion.curves(coverage.kinetics)
    top = max(max(before), max(after), 1e-6) * 1.1
    onset_minute = suggestion.onset.hour * 60 + suggestion.onset.minute
    return {
        "kind": suggestion.kind.value,
        "timing": suggestion.kind in TIMING_KINDS,
        "values": suggestion.values,
        "onset": suggestion.onset.strftime("%H:%M"),
        "before": _intakes(suggestion, "before"),
        "after": _intakes(suggestion, "after"),
        "before_daily": suggestion.before.daily_mg,
        "after_daily": suggestion.after.daily_mg,
        "before_onset_ng": _ng(suggestion.before.onset_mg_l),
        "after_onset_ng": _ng(suggestion.after.onset_mg_l),
        "after_peak_ng": _ng(suggestion.after.peak_mg_l),
        "days": len(suggestion.days),
        "first_day": min(suggestion.days) if suggestion.days else None,
        "last_day": max(suggestion.days) if suggestion.days else None,
        "svg": {
            "width": WIDTH,
            "height": HEIGHT,
            "before": _points(minutes, before, top),
            "after": _points(minutes, after, top),
            "onset_x": round(onset_minute / (24 * 60) * WIDTH, 1),
            "ticks": [{"x": h / 24 * WIDTH, "label": f"{h:02d}:00"} for h in (0, 6, 12, 18)],
        },
        "rows": [
            {"clock": f"{m // 60:02d}:{m % 60:02d}", "before": _ng(b), "after": _ng(a)}
            for m, b, a in zip(minutes, before, after, strict=True)
            if m % TABLE_EVERY_MIN == 0
        ],
    }


def _craving(result: CravingFit | NotEnoughData) -> dict[str, Any]:
    if isinstance(result, NotEnoughData):
        return {
            "fitted": False,
            "days_used": result.days_used,
            "reasons": [r.code.value for r in result.reasons],
        }
    needed = result.needed_mg_l
    return {
        "fitted": True,
        "days_used": len(result.days),
        "median": _ng(needed.median),
        "low": _ng(needed.low),
        "high": _ng(needed.high),
    }


def _side_effects(result: SideEffectFit | NotEnoughData) -> dict[str, int] | None:
    """The peak at which side effects reach "mild" on average, when the journal shows it."""
    if isinstance(result, NotEnoughData) or result.tolerable_peak_mg_l is None:
        return None
    peak = result.tolerable_peak_mg_l
    return {"median": _ng(peak.median), "low": _ng(peak.low), "high": _ng(peak.high)}


def card(coverage: Coverage | None) -> dict[str, Any] | None:
    """The card's data, or None when there is no plan or no journal yet."""
    if coverage is None:
        return None
    observed = coverage.observed_level_mg_l
    return {
        "craving": _craving(coverage.craving),
        "side_effects": _side_effects(coverage.side_effects),
        "observed_ng": None if observed is None else _ng(observed),
        "onset": None if coverage.onset is None else coverage.onset.strftime("%H:%M"),
        "individual": coverage.kinetics.individual,
        "suggestions": [_suggestion(s, coverage) for s in coverage.suggestions],
        "notes": [n.code.value for n in coverage.notes],
    }
