"""The prescriber's patient list and one patient's page (``care:patients``, ``care:patient``).

Every page that shows a patient to someone else gets the patient from
:func:`baclo.web.care.access.patient_for` on its first line, which answers 404 unless the link is
active and writes the access log.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Avg, DateField, FloatField, OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from baclo.journal import SideEffectKind
from baclo.web.care import services
from baclo.web.care.access import linked_patients, patient_for
from baclo.web.care.models import LinkStatus
from baclo.web.cells import Cells
from baclo.web.journal import charts as chart_data
from baclo.web.journal import services as journal_services
from baclo.web.journal.models import JournalEntry
from baclo.web.levels.services import pk_card
from baclo.web.pages import prescriber_required
from baclo.web.wording import side_effect_label

#: The trends compare the mean of the last 7 days with that of the 7 before, over the days logged.
TREND_DAYS = 7


@prescriber_required
@require_GET
def patients(request: HttpRequest) -> HttpResponse:
    """Linked patients, those who logged least recently first (they may need a call).

    A fixed number of queries whatever the number of patients: the patients with their last
    entry and their two-week trends (computed by the database), their plans and clearances,
    each read once for all; the dose of the day is the course's (no split for a list).
    """
    today = journal_services.local_today()
    patients = list(_with_trends(linked_patients(request.user), today))
    courses = services.readable_courses(patients)
    cells = Cells()
    rows = []
    for patient in patients:
        plan, course = courses.get(patient.pk, (None, None))
        row = {
            "patient": patient,
            "dose_mg": None if course is None else course.dose_on(today),
            "ceiling_mg": None if plan is None else plan.ceiling_mg,
            "last_entry": patient.last_entry,
            "days_since": None if patient.last_entry is None else (today - patient.last_entry).days,
            "craving": _trend(patient.craving_recent, patient.craving_before),
            "alcohol": _trend(patient.alcohol_recent, patient.alcohol_before),
        }
        rows.append({**row, "text": _row_text(row, cells)})
    rows.sort(key=lambda r: (r["last_entry"] is not None, r["last_entry"] or today))
    pending = request.user.patient_links.filter(status=LinkStatus.PENDING).select_related("patient")
    return render(request, "care/patients.html", {"rows": rows, "pending": pending})


def _with_trends(patients: QuerySet[Any], today: dt.date) -> QuerySet[Any]:
    """``patients`` with their last entry's date and the mean craving and alcohol of the last
    :data:`TREND_DAYS` days and of the ones before (``None`` without a logged value).

    Each figure is a subquery on one patient's entries, which the (patient, date) index finds
    directly; aggregating over a join of every entry grouped by every column of the user was
    most of the page's cost (months of journal per patient, sorted in a temporary table).
    """
    week_ago = today - dt.timedelta(days=TREND_DAYS)
    recent = (week_ago, today)
    before = (week_ago - dt.timedelta(days=TREND_DAYS), week_ago)
    last_entry = JournalEntry.objects.filter(patient=OuterRef("pk")).order_by("-date")
    return patients.annotate(
        last_entry=Subquery(last_entry.values("date")[:1], output_field=DateField()),
        craving_recent=_mean("craving_intensity", *recent),
        craving_before=_mean("craving_intensity", *before),
        alcohol_recent=_mean("alcohol_g", *recent),
        alcohol_before=_mean("alcohol_g", *before),
    )


def _mean(field: str, after: dt.date, last: dt.date) -> Subquery:
    """The patient's mean of ``field`` over the days after ``after`` up to ``last``."""
    days = JournalEntry.objects.filter(patient=OuterRef("pk"), date__gt=after, date__lte=last)
    mean = days.order_by().values("patient").annotate(mean=Avg(field)).values("mean")
    return Subquery(mean, output_field=FloatField())


def _trend(recent: float | None, before: float | None) -> dict[str, float | None]:
    """The two means rounded to a tenth, and the change between them."""
    recent = None if recent is None else round(recent, 1)
    before = None if before is None else round(before, 1)
    delta = None if recent is None or before is None else round(recent - before, 1)
    return {"recent": recent, "before": before, "delta": delta}


def _row_text(row: dict[str, Any], cells: Cells) -> dict[str, str]:
    """The row's numbers and date as the list shows them, formatted once per distinct value."""
    craving, alcohol = row["craving"], row["alcohol"]
    return {
        "dose": cells.number(row["dose_mg"]),
        "last_entry": "" if row["last_entry"] is None else cells.date(row["last_entry"]),
        "craving": cells.number(craving["recent"]),
        "craving_delta": cells.number(craving["delta"], "1"),
        "alcohol": cells.number(alcohol["recent"], "0"),
        "alcohol_delta": cells.number(alcohol["delta"], "0"),
    }


def _readable(entry: Any) -> dict[str, Any]:
    """An entry as shown in the prescriber's table: its date and translated side effects."""
    effects = ", ".join(
        f"{side_effect_label(SideEffectKind(s['kind']))} {s['severity']}/3"
        for s in entry.data["side_effects"]
    )
    return {**entry.data, "date": entry.date, "effects": effects}


@prescriber_required
@require_GET
def patient_detail(request: HttpRequest, patient_id: int) -> HttpResponse:
    """One patient for the consultation: plan, staircase with craving and alcohol, last entries."""
    patient = patient_for(request.user, patient_id, request=request)
    today = journal_services.local_today()
    plan = services.readable_plan(patient)
    payload = None if plan is None else services.plan_payload(plan, today)
    entries = list(journal_services.list_entries(patient))
    rows = chart_data.staircase([] if payload is None else payload["days"], entries, today)
    planned = None if plan is None else services.today_plan(plan, today)
    onset = None if plan is None or plan.craving_onset is None else f"{plan.craving_onset:%H:%M}"
    context = {
        "patient": patient,
        "plan": plan,
        "planned": planned,
        "pk_card": pk_card(patient, [] if planned is None else planned["intakes"], onset),
        "rows": rows,
        "staircase_json": [{**row, "date": row["date"].isoformat()} for row in rows],
        "recent": [_readable(e) for e in reversed(entries[-14:])],
        "week": chart_data.week_alcohol(entries, today),
    }
    return render(request, "care/patient.html", context)
