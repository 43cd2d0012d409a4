"""Series for the patient's charts, computed on the server from the domain core.

Each builder returns plain data that the template embeds as JSON for the vendored Chart.js and
also renders as a ``<table>``, so that the numbers are readable without JavaScript.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from baclo.alcohol import check_week, standard_drinks
from baclo.pk import DailyIntake, load_model, steady_state_concentration
from baclo.pk.model import PKModel
from baclo.pk.population import population_band
from baclo.web.cells import Cells
from baclo.web.journal.models import JournalEntry
from baclo.web.wording import model_citation, model_name

#: The staircase shows at most this many days, ending two weeks after today.
STAIRCASE_DAYS = 120
LOOKAHEAD_DAYS = 14
#: The day curve: a point every 15 minutes; the band from this many virtual subjects.
CURVE_STEP_MIN = 15
BAND_SUBJECTS = 1000
BAND_DAYS = 3
BAND_SEED = 2026
NG_PER_ML_PER_MG_PER_L = 1000.0


#: The journal columns :func:`staircase` reads (a chart of months need not decode each day's
#: JSON document).
ENTRY_FIELDS = ("date", "dose_mg", "craving_intensity", "alcohol_g")


def staircase(
    planned: Sequence[Mapping[str, Any]],
    entries: Iterable[JournalEntry],
    today: dt.date,
    *,
    days: int = STAIRCASE_DAYS,
) -> list[dict[str, Any]]:
    """One row per day: planned dose, dose taken, craving (0-10), alcohol (g, standard drinks).

    ``planned`` is the plan's ``days`` list (``{"date", "dose_mg"}``). Days without an entry
    have ``None`` for what was logged, which the chart shows as a gap, not as zero. At most
    ``days`` rows, the last one two weeks after today when there is a plan.
    """
    by_date = {entry.date: entry for entry in entries}
    plan_by_date = {dt.date.fromisoformat(d["date"]): d["dose_mg"] for d in planned}
    known = list(by_date) + list(plan_by_date)
    if not known:
        return []
    last = max([today + dt.timedelta(days=LOOKAHEAD_DAYS) if plan_by_date else today, *by_date])
    first = max(min(known), last - dt.timedelta(days=days - 1))
    rows = []
    for offset in range((last - first).days + 1):
        day = first + dt.timedelta(days=offset)
        rows.append(day_row(day, plan_by_date.get(day), by_date.get(day)))
    return rows


def day_row(day: dt.date, planned_mg: float | None, entry: JournalEntry | None) -> dict[str, Any]:
    """One day as the charts, their tables and the report show it; ``None`` = not logged."""
    return {
        "date": day,
        "planned_mg": planned_mg,
        "taken_mg": None if entry is None else entry.dose_mg,
        "craving": None if entry is None else entry.craving_intensity,
        "alcohol_g": None if entry is None else round(entry.alcohol_g, 1),
        "drinks": None if entry is None else round(standard_drinks(entry.alcohol_g), 1),
    }


#: One row of the staircase's table (date, planned mg, taken mg, craving, standard drinks).
STAIRCASE_ROW = (
    '<tr><th scope="row">{}</th><td class="num">{}</td><td class="num">{}</td>'
    '<td class="num">{}</td><td class="num">{}</td></tr>'
)


def staircase_table(rows: Iterable[Mapping[str, Any]]) -> SafeString:
    """The staircase's table rows (``<tr>`` elements): date, planned mg, taken mg, craving and
    standard drinks, in the active language's formats (:class:`baclo.web.cells.Cells`), each
    cell escaped as the template's autoescape does. Written here rather than by a template
    loop, which cost as much as the rest of the page's data for a period of months."""
    cells = Cells()
    table = "".join(
        STAIRCASE_ROW.format(*(escape(text) for text in _staircase_cells(cells, row)))
        for row in rows
    )
    return mark_safe(table)  # every cell escaped above


def _staircase_cells(cells: Cells, row: Mapping[str, Any]) -> tuple[str, ...]:
    return (
        cells.date(row["date"]),
        cells.number(row["planned_mg"]),
        cells.number(row["taken_mg"]),
        cells.localized(row["craving"]),
        cells.number(row["drinks"]),
    )


def _hhmm(hours: float) -> str:
    minutes = round(hours * 60) % (24 * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def model_parameters(model: PKModel) -> dict[str, Any]:
    """Typical parameters the browser needs to redraw the curve (the split planner)."""
    return {
        "ka": model.ka_per_h,
        "cl": model.cl_l_per_h,
        "v": model.v_l,
        "lag": model.lag_h,
        "name": model_name(model),
        "citation": model_citation(model),
    }


def day_curve(intakes: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    """Concentration over a day (ng/mL) if these intakes were taken every day, with the band.

    The typical curve is the exact steady state of :func:`baclo.pk.steady_state_concentration`;
    the 5-95% band comes from :func:`baclo.pk.population.population_band` on day 3 of the same
    schedule (within a few percent of the steady state for a 4-5 h half-life).
    """
    if not intakes:
        return None
    model = load_model()
    schedule = tuple((str(i["time"]), float(i["dose_mg"])) for i in intakes)
    points, n_subjects = _curve_points(schedule)
    return {
        "points": list(points),
        "intakes": [{"time": time, "dose_mg": dose} for time, dose in schedule],
        "peak": max(points, key=lambda p: p["typical"]),
        "n_subjects": n_subjects,
        "seed": BAND_SEED,
        "model": model_parameters(model),
    }


#: Day curves kept computed in each server process (a patient's schedule changes seldom).
CURVES_KEPT = 256


@functools.lru_cache(maxsize=CURVES_KEPT)
def _curve_points(
    schedule: tuple[tuple[str, float], ...],
) -> tuple[tuple[dict[str, Any], ...], int]:
    """The points of :func:`day_curve` for ``(HH:MM, mg)`` intakes, and the band's number of
    subjects: a pure function of the schedule (the band's seed is fixed), computed once for the
    pages that draw the same day again."""
    model = load_model()
    daily = [DailyIntake(time=dt.time.fromisoformat(t), dose_mg=mg) for t, mg in schedule]
    steps = 24 * 60 // CURVE_STEP_MIN
    clock = [n * CURVE_STEP_MIN / 60 for n in range(steps)]
    typical = steady_state_concentration(model, daily, clock)
    band = population_band(
        model,
        daily,
        days=BAND_DAYS,
        step_min=CURVE_STEP_MIN,
        n_subjects=BAND_SUBJECTS,
        seed=BAND_SEED,
    )
    last_day = slice((BAND_DAYS - 1) * steps, BAND_DAYS * steps)
    scale = NG_PER_ML_PER_MG_PER_L
    points = tuple(
        {
            "clock": _hhmm(hour),
            "hour": hour,
            "typical": round(float(c) * scale, 1),
            "p5": round(float(lo) * scale, 1),
            "p95": round(float(hi) * scale, 1),
        }
        for hour, c, lo, hi in zip(
            clock, typical, band.p5[last_day], band.p95[last_day], strict=True
        )
    )
    return points, band.n_subjects


#: The day curve's table shows one point an hour.
TABLE_EVERY = 60 // CURVE_STEP_MIN


def curve_table(curve: Mapping[str, Any] | None) -> list[tuple[str, str, str, str]]:
    """The day curve's table: each hour's time, typical level, 5th and 95th percentiles
    (ng/mL, no decimals, in the active language's format); none without a curve."""
    if curve is None:
        return []
    cells = Cells()
    return [
        (
            point["clock"],
            cells.number(point["typical"], "0"),
            cells.number(point["p5"], "0"),
            cells.number(point["p95"], "0"),
        )
        for point in curve["points"][::TABLE_EVERY]
    ]


def concentration_at(curve: Mapping[str, Any], clock: str) -> float | None:
    """The typical concentration of ``curve`` at the sampled time nearest to ``clock``."""
    time = dt.time.fromisoformat(clock)
    hour = time.hour + time.minute / 60
    nearest = min(curve["points"], key=lambda p: abs(p["hour"] - hour))
    return float(nearest["typical"])


def week_alcohol(entries: Iterable[JournalEntry], today: dt.date) -> dict[str, Any]:
    """The last 7 days (today included) against the low-risk guideline (``check_week``)."""
    by_date = {entry.date: entry for entry in entries}
    days = [today - dt.timedelta(days=n) for n in range(6, -1, -1)]
    drinks = [
        None if d not in by_date else round(standard_drinks(by_date[d].alcohol_g), 1) for d in days
    ]
    check = check_week(drinks)
    return {"days": list(zip(days, drinks, strict=True)), "check": check}
