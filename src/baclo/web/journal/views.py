"""Patient pages of the journal: today, one day's entry, charts, the split planner, progress."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from itertools import zip_longest
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from baclo.alcohol import GUIDELINE_MAX_DRINKS_PER_DAY, GUIDELINE_MAX_DRINKS_PER_WEEK
from baclo.errors import FieldError, ValidationError
from baclo.journal import SideEffectKind, parse_entry
from baclo.journal.entry import MAX_NOTE_CHARS
from baclo.pk import load_model
from baclo.web.care import services as care_services
from baclo.web.journal import charts as chart_data
from baclo.web.journal import services, taps
from baclo.web.journal.forms import (
    DRINK_LABELS,
    HEALTH_EVENT_LABELS,
    SERVED_KINDS,
    SEVERITY_LABELS,
    JournalForm,
)
from baclo.web.memo import read_once
from baclo.web.pages import edit_window, patient_required
from baclo.web.wording import notice_text, side_effect_label


@patient_required
@require_http_methods(["GET", "POST"])
def day(request: HttpRequest, day: dt.date | None = None) -> HttpResponseBase:
    """One day's journal; today when no date is given. Saved in one transaction or not at all.

    Days before the edit window are shown read-only (a day is never a 404 because it is old);
    a day changed elsewhere since this page was loaded is not overwritten: the form says so.
    """
    today = services.local_today()
    if day is None and "date" in request.GET:
        return _go_to_day(request, today)
    entry_date = day or today
    if entry_date > today:
        raise Http404("this day has not come yet")
    editable = entry_date in edit_window(today)
    if request.method == "POST" and not editable:
        raise Http404("this day can no longer be filled in")
    patient = request.user
    saved = services.get_entry(patient, entry_date)
    planned = _planned_intakes(patient, entry_date)
    version = services.entry_version(saved)
    if request.method == "POST":
        form = JournalForm.from_post(request.POST)
        data = form.entry_data()
        try:
            if form.errors:
                parse_entry(data, entry_date=entry_date)
            else:
                services.save_entry(
                    patient,
                    entry_date,
                    data,
                    today=today,
                    expected_version=request.POST.get("version"),
                )
                return redirect(f"{request.path}?saved=1")
        except ValidationError as error:
            form.add_field_errors(error.errors)
        except FieldError as error:
            form.add_field_errors([error])
        except services.VersionConflictError:
            form.add_error("__all__", _CONFLICT_MESSAGE)
    else:
        form = JournalForm.from_entry(None if saved is None else saved.data, planned)
    logged = set(
        services.list_entries(patient, edit_window(today)[0], today).values_list("date", flat=True)
    )
    context = {
        "day": entry_date,
        "today": today,
        "editable": editable,
        "version": version,
        "window": [{"date": d, "logged": d in logged} for d in reversed(edit_window(today))],
        "form": form,
        "v": form.values,
        "errors": form.errors,
        "planned": planned,
        "saved": request.GET.get("saved") == "1" and request.method == "GET",
        "max_note": MAX_NOTE_CHARS,
        **_field_rows(form, _frequent_side_effects(patient, today)),
    }
    return render(request, "journal/day.html", context)


_CONFLICT_MESSAGE = gettext_lazy(
    "This day was changed elsewhere (another phone or window) since you opened it: nothing was "
    "overwritten. The form below shows what you typed; open the day again to see the saved "
    "version."
)


def _go_to_day(request: HttpRequest, today: dt.date) -> HttpResponseBase:
    """The date picker's answer: that day's page; a date that cannot be read shows today."""
    try:
        chosen = dt.date.fromisoformat(request.GET["date"])
    except ValueError:
        messages.error(request, _("Choose a date with the date picker (YYYY-MM-DD)."))
        return redirect("journal:day_today")
    if chosen > today:
        messages.error(request, _("This day has not come yet."))
        return redirect("journal:day_today")
    return redirect("journal:day", chosen.isoformat())


def _planned_intakes(patient: Any, entry_date: dt.date) -> list[dict[str, Any]]:
    plan = care_services.readable_plan(patient)
    return [] if plan is None else list(care_services.today_plan(plan, entry_date)["intakes"])


#: Side effects shown without opening the list: the patient's most frequent ones.
VISIBLE_SIDE_EFFECTS = 3
#: How far back "most frequent" looks.
FREQUENCY_DAYS = 60


def _frequent_side_effects(patient: Any, today: dt.date) -> list[SideEffectKind]:
    """The patient's side effects by how many days they were noted lately; the others follow
    in the order the core lists them (most frequent first among treated patients)."""
    counts = Counter(
        effect["kind"]
        for data in services.list_entries(
            patient, today - dt.timedelta(days=FREQUENCY_DAYS), today
        ).values_list("data", flat=True)
        for effect in data.get("side_effects", [])
        if effect.get("severity", 0) > 0
    )
    order = list(SideEffectKind)
    return sorted(order, key=lambda kind: (-counts.get(kind.value, 0), order.index(kind)))


def _field_rows(form: JournalForm, frequent: list[SideEffectKind] | None = None) -> dict[str, Any]:
    """The repeated fields of the page, each with its value and errors, ready to render."""
    v, errors = form.values, form.errors

    def row(prefix: str, **names: str) -> dict[str, Any]:
        item: dict[str, Any] = {"prefix": prefix}
        for key, leaf in names.items():
            item[key] = v.get(f"{prefix}-{leaf}", "")
            item[f"{key}_errors"] = errors.get(f"{prefix}-{leaf}", [])
        return item

    intake_rows = []
    for index in range(form.intake_rows):
        item = row(f"intake-{index}", time="time", dose="dose_mg")
        item["taken"] = bool(v.get(f"intake-{index}-taken"))
        item["planned"] = v.get(f"intake-{index}-planned", "")
        intake_rows.append(item)
    custom_rows = [
        row(f"custom-{index}", volume="volume_ml", abv="abv_percent", kind="kind")
        for index in range(form.custom_rows)
    ]
    drink_counts = [
        {
            "name": f"drinks-{kind.value}",
            "label": DRINK_LABELS[kind],
            "value": v.get(f"drinks-{kind.value}", "0") or "0",
            "errors": errors.get(f"drinks-{kind.value}", []),
        }
        for kind in SERVED_KINDS
    ]
    effects = [
        {
            "name": f"effect-{kind.value}",
            "label": side_effect_label(kind),
            "value": _int_or_zero(v.get(f"effect-{kind.value}", "0")),
            "errors": errors.get(f"effect-{kind.value}", []),
        }
        for kind in frequent or list(SideEffectKind)
    ]
    shown = [
        e
        for n, e in enumerate(effects)
        if n < VISIBLE_SIDE_EFFECTS or e["value"] > 0 or e["errors"]
    ]
    return {
        "intake_rows": intake_rows,
        "custom_rows": custom_rows,
        "custom_open": any(r["volume"] or r["abv"] for r in custom_rows),
        "drink_counts": drink_counts,
        "effects": shown,
        "more_effects": [e for e in effects if e not in shown],
        "severities": SEVERITY_LABELS,
        "health_events": [
            {
                "name": f"health-{event.value}",
                "label": label,
                "checked": bool(v.get(f"health-{event.value}")),
            }
            for event, label in HEALTH_EVENT_LABELS.items()
        ],
    }


def _int_or_zero(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 0


def _plan_and_today(patient: Any, today: dt.date) -> tuple[Any, dict[str, Any] | None]:
    plan = care_services.readable_plan(patient)
    return plan, None if plan is None else care_services.today_plan(plan, today)


@patient_required
@require_GET
@read_once
def today(request: HttpRequest) -> HttpResponse:
    """What a patient sees first: today's dose and intake times, then what is left to do.

    It writes nothing, so the rows its parts share (plan, declared clearance, open alerts) are
    read once for the page, banner and cards included (:func:`baclo.web.memo.read_once`)."""
    date = services.local_today()
    plan, planned = _plan_and_today(request.user, date)
    entry = services.get_entry(request.user, date)
    rows = [] if plan is None else taps.intake_rows(plan, taps.as_planned(planned), entry)
    context = {
        "today": date,
        "plan": plan,
        "planned": planned,
        "entry": None if entry is None else entry.data,
        "intake_rows": rows,
        "pending": sum(1 for row in rows if row["state"] == "pending"),
        "renal_notices": []
        if plan is None
        else [notice_text(n) for n in care_services.renal_notices(plan)],
    }
    return render(request, "journal/today.html", context)


#: The periods the charts page offers, in days ending today, with their names; the default
#: keeps the page's cost the same whatever the length of the journal.
CHART_PERIODS = {
    30: gettext_lazy("30 days"),
    90: gettext_lazy("3 months"),
    365: gettext_lazy("1 year"),
    730: gettext_lazy("2 years"),
}
DEFAULT_CHART_PERIOD = 90


@patient_required
@require_GET
def charts(request: HttpRequest) -> HttpResponse:
    """The dose staircase with craving and alcohol over a period (the last 3 months unless
    another is chosen), and today's concentration curve."""
    date = services.local_today()
    period = _chart_period(request.GET.get("period"))
    first = date - dt.timedelta(days=period - 1)
    plan, course = care_services.readable_courses([request.user]).get(request.user.pk, (None, None))
    planned = None if course is None else care_services.course_today(course, date)
    lookahead = dt.timedelta(days=chart_data.LOOKAHEAD_DAYS)
    plan_days = (
        [] if course is None else care_services.planned_days(course, first, date + lookahead)
    )
    entries = services.list_entries(request.user, first, date).only(*chart_data.ENTRY_FIELDS)
    rows = chart_data.staircase(plan_days, entries, date, days=period + chart_data.LOOKAHEAD_DAYS)
    entry = services.get_entry(request.user, date)
    taken = [] if entry is None else entry.data["intakes"]
    intakes = taken or ([] if planned is None else planned["intakes"])
    curve = chart_data.day_curve(intakes)
    onset = _craving_onset(entry, plan)
    context = {
        "rows": rows,
        "table": chart_data.staircase_table(rows),
        "staircase_json": [{**row, "date": row["date"].isoformat()} for row in rows],
        "period": period,
        "periods": CHART_PERIODS,
        "curve": curve,
        "curve_rows": chart_data.curve_table(curve),
        "curve_from_entry": bool(taken),
        "onset": onset,
        "onset_level": None
        if curve is None or onset is None
        else chart_data.concentration_at(curve, onset),
    }
    return render(request, "journal/charts.html", context)


def _chart_period(value: str | None) -> int:
    """The period asked for, in days; one the page does not offer shows the default."""
    try:
        period = int(value or DEFAULT_CHART_PERIOD)
    except ValueError:
        return DEFAULT_CHART_PERIOD
    return period if period in CHART_PERIODS else DEFAULT_CHART_PERIOD


def _craving_onset(entry: Any, plan: Any) -> str | None:
    craving = None if entry is None else entry.data.get("craving")
    if craving and craving.get("onset"):
        return str(craving["onset"])
    if plan is not None and plan.craving_onset is not None:
        return str(plan.craving_onset.strftime("%H:%M"))
    return None


@patient_required
@require_GET
def planner(request: HttpRequest) -> HttpResponse:
    """Try another split of the day: the curve follows every change (in the browser).

    Without JavaScript the same form is sent as a GET and the server draws the table; the
    intakes are checked by the journal's validator so that the same limits apply everywhere.
    """
    date = services.local_today()
    plan, planned = _plan_and_today(request.user, date)
    errors: dict[str, list[str]] = {}
    submitted = [
        {"time": t.strip(), "dose_mg": d.strip()}
        for t, d in zip_longest(
            request.GET.getlist("time"), request.GET.getlist("dose"), fillvalue=""
        )
        if t.strip() or d.strip()
    ]
    if submitted:
        rows = submitted
        intakes, errors = _checked_intakes(submitted, date)
    else:
        intakes = [] if planned is None else list(planned["intakes"])
        rows = [{"time": i["time"], "dose_mg": f"{i['dose_mg']:g}"} for i in intakes]
    curve = chart_data.day_curve(intakes)
    context = {
        "rows": [
            {
                **row,
                "time_errors": errors.get(f"intake-{n}-time", []),
                "dose_errors": errors.get(f"intake-{n}-dose_mg", []),
            }
            for n, row in enumerate([*rows, {"time": "", "dose_mg": ""}])
        ],
        "has_errors": bool(errors),
        "total": sum(i["dose_mg"] for i in intakes),
        "curve": curve,
        "curve_rows": chart_data.curve_table(curve),
        "model": chart_data.model_parameters(load_model()),
        "onset": _craving_onset(None, plan),
        "planned_total": None if planned is None else planned["dose_mg"],
    }
    return render(request, "journal/planner.html", context)


def _checked_intakes(
    rows: list[dict[str, str]], date: dt.date
) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    """The planner's intakes through the journal's validator; errors keyed like the journal."""
    post = {}
    for n, row in enumerate(rows):
        post.update({f"intake-{n}-time": row["time"], f"intake-{n}-dose_mg": row["dose_mg"]})
        post[f"intake-{n}-taken"] = "on"
    form = JournalForm.from_post(post)
    try:
        entry = parse_entry({"intakes": form.entry_data()["intakes"]}, entry_date=date)
    except ValidationError as error:
        form.add_field_errors(error.errors)
        return [], form.errors
    return [{"time": i.time.strftime("%H:%M"), "dose_mg": i.dose_mg} for i in entry.intakes], {}


@patient_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Progress: days logged in a row, the dose against the ceiling, alcohol this week."""
    date = services.local_today()
    plan, planned = _plan_and_today(request.user, date)
    entries = list(services.list_entries(request.user, date - dt.timedelta(days=60), date))
    logged = {entry.date for entry in entries}
    start = date if date in logged else date - dt.timedelta(days=1)
    streak = 0
    while start - dt.timedelta(days=streak) in logged:
        streak += 1
    recent = [e.craving_intensity for e in entries if e.date > date - dt.timedelta(days=7)]
    before = [
        e.craving_intensity
        for e in entries
        if date - dt.timedelta(days=14) < e.date <= date - dt.timedelta(days=7)
    ]
    context = {
        "streak": streak,
        "logged_30": sum(1 for d in logged if d > date - dt.timedelta(days=30)),
        "plan": plan,
        "planned": planned,
        "progress_percent": None
        if plan is None or planned is None
        else min(100, round(100 * planned["dose_mg"] / plan.ceiling_mg)),
        "craving_recent": _mean(recent),
        "craving_before": _mean(before),
        "week": chart_data.week_alcohol(entries, date),
        "guideline_week": GUIDELINE_MAX_DRINKS_PER_WEEK,
        "guideline_day": GUIDELINE_MAX_DRINKS_PER_DAY,
    }
    return render(request, "journal/dashboard.html", context)


def _mean(values: list[int | None]) -> float | None:
    known = [v for v in values if v is not None]
    return None if not known else round(sum(known) / len(known), 1)
