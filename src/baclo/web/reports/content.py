"""What the report says, computed from the same services and domain functions as the pages.

Everything here is plain data (dates, numbers, translated labels) that the template prints and
:mod:`baclo.web.reports.figures` draws; nothing is computed twice in the template. Unlogged days
stay unknown (``None``), never zero: a week with two logged days is judged on those two days and
the table says how many there were (``baclo.alcohol.check_week``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.utils import formats
from django.utils.translation import gettext_lazy

from baclo.alcohol import (
    GUIDELINE_MAX_DRINKS_PER_DAY,
    GUIDELINE_MAX_DRINKS_PER_WEEK,
    check_week,
)
from baclo.errors import FieldError
from baclo.journal import SideEffectKind
from baclo.pk import DailyIntake, Simulation, WarningCode, simulate
from baclo.protocols.inputs import parse_date
from baclo.web.accounts.models import Role, User
from baclo.web.care import services as care_services
from baclo.web.care.forms import PlanForm
from baclo.web.care.models import DEFAULT_CEILING_MG, CareLink, LinkStatus, Plan
from baclo.web.journal import services as journal_services
from baclo.web.journal.charts import day_row
from baclo.web.journal.forms import SEVERITY_LABELS
from baclo.web.journal.models import JournalEntry
from baclo.web.wording import (
    band_name,
    instrument_name,
    model_citation,
    model_name,
    protocol_title,
    side_effect_label,
    with_tablets_text,
)

__all__ = ["DEFAULT_WEEKS", "MAX_PERIOD_DAYS", "Period", "build_report", "parse_period"]

#: A consultation every month or so: six weeks show the last one and the weeks before it.
DEFAULT_WEEKS = 6
#: A year at most: beyond, the daily figure is unreadable on one page.
MAX_PERIOD_DAYS = 366
#: Side effects by week up to this many weeks (what fits across an A4 page), by month beyond.
MAX_EFFECT_COLUMNS = 10
#: The PK section simulates a week of the current split: the last day is the steady state
#: within 0.1 % for a 4-5 h half-life (Simon et al. 2018).
PK_DAYS = 7
NG_PER_ML_PER_MG_PER_L = 1000.0
#: ``baclo.safety.Severity`` values as the report prints them.
ALERT_SEVERITY_LABELS = {
    "urgent": gettext_lazy("urgent"),
    "warning": gettext_lazy("warning"),
    "info": gettext_lazy("info"),
}


#: The cautions of :func:`baclo.pk.simulate` that a schedule without renal data can raise, in the
#: reader's language (the core's messages are English).
PK_WARNINGS = {
    WarningCode.DOSE_ABOVE_HARD_LIMIT: gettext_lazy(
        "The daily dose is above 300 mg/day, the most ever studied: the curve is an extrapolation."
    ),
    WarningCode.DOSE_ABOVE_VALIDITY: gettext_lazy(
        "The daily dose is above the doses studied for this model: the curve is an extrapolation."
    ),
    WarningCode.DOSE_BELOW_VALIDITY: gettext_lazy(
        "The daily dose is below the doses studied for this model."
    ),
    WarningCode.PEAK_NEAR_INTOXICATION: gettext_lazy(
        "The typical peak is in the range where intoxications have been reported (from about "
        "700 ng/mL). This is not a validated threshold: one 50 mg dose gives about 740 ng/mL "
        "in healthy volunteers."
    ),
}


@dataclass(frozen=True, kw_only=True)
class Period:
    """The days a report covers, both ends included."""

    start: dt.date
    end: dt.date

    @classmethod
    def ending(cls, end: dt.date, *, weeks: int = DEFAULT_WEEKS) -> Period:
        return cls(start=end - dt.timedelta(days=7 * weeks - 1), end=end)

    @property
    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=n) for n in range((self.end - self.start).days + 1)]

    def weeks(self) -> list[list[dt.date]]:
        """Calendar weeks (Monday to Sunday) cut to the period, oldest first."""
        return self._split(lambda day: day.weekday() == 0)

    def months(self) -> list[list[dt.date]]:
        """Calendar months cut to the period, oldest first."""
        return self._split(lambda day: day.day == 1)

    def _split(self, starts: Callable[[dt.date], bool]) -> list[list[dt.date]]:
        parts: list[list[dt.date]] = []
        for day in self.days:
            if not parts or starts(day):
                parts.append([])
            parts[-1].append(day)
        return parts


def _query_date(query: Mapping[str, str], name: str) -> dt.date | None:
    text = query.get(name, "")
    if not text:
        return None
    return parse_date(name, text)


def parse_period(query: Mapping[str, str], today: dt.date) -> Period:
    """``?from=YYYY-MM-DD&to=YYYY-MM-DD``, each optional: by default the last six weeks.

    Raises :class:`~baclo.errors.FieldError` for a malformed date, a period ending after today,
    one that ends before it starts or one longer than :data:`MAX_PERIOD_DAYS`.
    """
    end = _query_date(query, "to") or today
    if end > today:
        raise FieldError("to", f"{end} is after today ({today})", code="range")
    start = _query_date(query, "from") or Period.ending(end).start
    if start > end:
        raise FieldError("from", f"{start} is after to={end}", code="range")
    if (end - start).days + 1 > MAX_PERIOD_DAYS:
        raise FieldError(
            "from", f"a report covers at most {MAX_PERIOD_DAYS} days, got {start} to {end}"
        )
    return Period(start=start, end=end)


def _planned_doses(plan: Plan | None, period: Period) -> dict[dt.date, float]:
    if plan is None or period.end < plan.start_date:
        return {}
    return care_services.course_of(plan).doses(period.start, period.end)


def _daily_rows(
    period: Period, planned: Mapping[dt.date, float], entries: Mapping[dt.date, JournalEntry]
) -> list[dict[str, Any]]:
    """One row per day of the period: planned and taken dose, craving, alcohol, drinks."""
    return [day_row(day, planned.get(day), entries.get(day)) for day in period.days]


def _mean(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return None if not known else round(sum(known) / len(known), 1)


def _week_rows(period: Period, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Each calendar week: dose taken, craving, and alcohol against the low-risk guideline."""
    by_date = {row["date"]: row for row in rows}
    result = []
    for week in period.weeks():
        days = [by_date[d] for d in week]
        taken = [r["taken_mg"] for r in days if r["taken_mg"] is not None]
        check = check_week([r["drinks"] for r in days])
        result.append(
            {
                "start": week[0],
                "end": week[-1],
                "n_days": len(week),
                "logged": check.days_known,
                "dose_min": min(taken) if taken else None,
                "dose_max": max(taken) if taken else None,
                "craving": _mean([r["craving"] for r in days]),
                "check": check,
            }
        )
    return result


def _side_effects(
    period: Period, entries: Sequence[JournalEntry]
) -> tuple[list[dict[str, Any]], list[str]]:
    """The worst severity of each reported side effect by week (absent: not reported).

    A period of more than :data:`MAX_EFFECT_COLUMNS` weeks is shown by month, so that the table
    still fits the width of a page. Returns the rows and the column headings.
    """
    columns, heading = period.weeks(), "j N"
    if len(columns) > MAX_EFFECT_COLUMNS:
        columns, heading = period.months(), "M Y"
    column_of = {day: index for index, column in enumerate(columns) for day in column}
    worst: dict[SideEffectKind, list[int | None]] = {}
    for entry in entries:
        for effect in entry.data.get("side_effects", []):
            if effect["severity"] <= 0:
                continue
            cells = worst.setdefault(SideEffectKind(effect["kind"]), [None] * len(columns))
            index = column_of[entry.date]
            cells[index] = max(cells[index] or 0, effect["severity"])
    severity = dict(SEVERITY_LABELS)
    table = [
        {
            "label": side_effect_label(kind),
            "cells": [
                None if s is None else {"level": s, "label": str(severity[s])} for s in cells
            ],
        }
        for kind, cells in sorted(worst.items(), key=lambda item: -max(c or 0 for c in item[1]))
    ]
    return table, [formats.date_format(column[0], heading) for column in columns]


def _plan_facts(plan: Plan | None, today: dt.date) -> dict[str, Any] | None:
    if plan is None:
        return None
    set_by = plan.ceiling_set_by
    today_plan = care_services.today_plan(plan, today)
    today_plan["intakes"] = with_tablets_text(today_plan["intakes"])
    return {
        "protocol": plan.protocol,
        "protocol_name": protocol_title(plan.protocol),
        # Each parameter under the label of the plan form's field that set it.
        "parameters": [
            (str(PlanForm.base_fields[key].label), value)
            for key, value in plan.params.items()
            if key in PlanForm.base_fields
        ],
        "start": plan.start_date,
        "ceiling_mg": plan.ceiling_mg,
        "above_default": plan.ceiling_mg > DEFAULT_CEILING_MG,
        "ceiling_set_by": None if set_by is None else set_by.display_name,
        "ceiling_set_by_prescriber": set_by is not None and set_by.role == Role.PRESCRIBER,
        "ack_by": None if plan.ceiling_ack_by is None else plan.ceiling_ack_by.display_name,
        "ack_at": plan.ceiling_ack_at,
        "split_mode": plan.get_split_mode_display(),
        "craving_onset": plan.craving_onset,
        "tablets": ", ".join(
            f"{strength:g}" for strength in care_services.course_of(plan).tablets.strengths_mg
        ),
        "today": today_plan,
    }


def _pk(plan_facts: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The curve of today's intakes taken every day, with the model that drew it."""
    if plan_facts is None or not plan_facts["today"]["intakes"]:
        return None
    daily = [
        DailyIntake(time=dt.time.fromisoformat(i["time"]), dose_mg=float(i["dose_mg"]))
        for i in plan_facts["today"]["intakes"]
    ]
    sim: Simulation = simulate(daily, days=PK_DAYS)
    model = sim.model
    return {
        "simulation": sim,
        "intakes": plan_facts["today"]["intakes"],
        "split": plan_facts["today"]["split"],
        "cmax_ng_ml": round(sim.last_day.cmax_mg_l * NG_PER_ML_PER_MG_PER_L),
        "cmin_ng_ml": round(sim.last_day.cmin_mg_l * NG_PER_ML_PER_MG_PER_L),
        "tmax": sim.last_day.tmax,
        "model_name": model_name(model),
        "citation": model_citation(model),
        "half_life_h": round(model.half_life_h, 1),
        "n_subjects": sim.band.n_subjects,
        "warnings": [str(PK_WARNINGS.get(w.code, w.message)) for w in sim.warnings],
    }


def _questionnaires(patient: User, period: Period) -> list[dict[str, Any]] | None:
    """Scores in the period, when the safety app (which stores them) is installed."""
    if not apps.is_installed("baclo.web.safety"):
        return None
    from baclo.web.safety.models import QuestionnaireResponse

    responses = QuestionnaireResponse.objects.filter(
        patient=patient, date__gte=period.start, date__lte=period.end
    ).order_by("date", "pk")
    return [
        {
            "date": response.date,
            "instrument": instrument_name(response.instrument),
            "score": response.score,
            "band": band_name(response.instrument, response.band),
        }
        for response in responses
    ]


def _alerts(patient: User) -> list[dict[str, Any]] | None:
    """Open safety alerts, one row per rule (the newest of each), most severe first.

    A rule that fires every day (a suggestion to split the dose) would otherwise fill pages; the
    row says how many of its alerts are open. ``None`` when the safety app is not installed.
    """
    if not apps.is_installed("baclo.web.safety"):
        return None
    from baclo.web.safety.services import open_alerts
    from baclo.web.safety.templatetags.safety import localized

    rows: dict[str, dict[str, Any]] = {}
    for alert in open_alerts(patient):
        if alert.rule in rows:
            rows[alert.rule]["count"] += 1
            continue
        rows[alert.rule] = {
            "severity": alert.severity,
            "severity_label": str(ALERT_SEVERITY_LABELS.get(alert.severity, alert.severity)),
            "raised_on": alert.raised_on,
            "title": localized(alert.title),
            "message": localized(alert.prescriber_message),
            "count": 1,
        }
    return list(rows.values())


def _prescribers(patient: User) -> list[str]:
    links = CareLink.objects.filter(patient=patient, status=LinkStatus.ACTIVE)
    return sorted(link.prescriber.display_name for link in links.select_related("prescriber"))


def _summary(
    rows: Sequence[Mapping[str, Any]], weeks: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    logged = [r for r in rows if r["taken_mg"] is not None]
    drinks = [r["drinks"] for r in logged]
    return {
        "days": len(rows),
        "logged": len(logged),
        "dose_mean": _mean([r["taken_mg"] for r in logged]),
        "dose_last": logged[-1]["taken_mg"] if logged else None,
        "craving_first_week": weeks[0]["craving"] if weeks else None,
        "craving_last_week": weeks[-1]["craving"] if weeks else None,
        "drinks_total": round(sum(drinks), 1),
        "drinks_per_logged_day": _mean(drinks),
        "weeks_within": sum(1 for w in weeks if w["logged"] and w["check"].within),
        "weeks_judged": sum(1 for w in weeks if w["logged"]),
    }


def build_report(patient: User, period: Period, *, today: dt.date) -> dict[str, Any]:
    """Everything the report shows for ``patient`` over ``period`` (access already checked)."""
    plan = care_services.readable_plan(patient)
    entries = list(journal_services.list_entries(patient, period.start, period.end))
    rows = _daily_rows(period, _planned_doses(plan, period), {e.date: e for e in entries})
    weeks = _week_rows(period, rows)
    effects, effect_columns = _side_effects(period, entries)
    plan_facts = _plan_facts(plan, today)
    return {
        "patient": patient,
        "prescribers": _prescribers(patient),
        "period": period,
        "today": today,
        "plan": plan_facts,
        "rows": rows,
        "weeks": weeks,
        "summary": _summary(rows, weeks),
        "effects": effects,
        "effect_columns": effect_columns,
        "questionnaires": _questionnaires(patient, period),
        "alerts": _alerts(patient),
        "pk": _pk(plan_facts),
        "guideline_week": GUIDELINE_MAX_DRINKS_PER_WEEK,
        "guideline_day": GUIDELINE_MAX_DRINKS_PER_DAY,
    }
