"""The prescriber's patient list and one patient's page (``care:patients``, ``care:patient``).

Every page that shows a patient to someone else gets the patient from
:func:`baclo.web.care.access.patient_for` on its first line, which answers 404 unless the link is
active and writes the access log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Avg, DateField, F, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from baclo.journal import SideEffectKind
from baclo.safety import Severity
from baclo.web.care import services
from baclo.web.care.access import linked_patients, patient_for
from baclo.web.care.models import LinkStatus
from baclo.web.cells import Cells
from baclo.web.journal import charts as chart_data
from baclo.web.journal import services as journal_services
from baclo.web.journal.models import JournalEntry
from baclo.web.levels.services import pk_card
from baclo.web.pages import prescriber_required
from baclo.web.safety import services as safety_services
from baclo.web.wording import side_effect_label

#: The trends compare the mean of the last 7 days with that of the 7 before, over the days logged.
TREND_DAYS = 7
#: Patients per page of the list: each listed patient's course, trends and row cost CPU time.
PAGE_SIZE = 50
#: An id that no address holds otherwise, replaced by each row's (see :func:`_address_of`).
_ID_MARK = 918273645


#: The longest name search kept: each of its words is one more condition of the list's query.
SEARCH_MAX_CHARS = 100


@prescriber_required
@require_GET
def patients(request: HttpRequest) -> HttpResponse:
    """Linked patients, those who need attention first (most urgent alerts, then most warnings,
    then those who logged least recently), a page at a time, optionally those whose name holds
    every word of ``?q=``.

    The database sorts every linked patient and gives one page of them; only those get their
    trends, their course and their row. A fixed number of queries whatever the number of
    patients; the dose of the day is the course's (no split for a list).
    """
    search = " ".join(request.GET.get("q", "")[:SEARCH_MAX_CHARS].split())
    ordered = _in_triage_order(_named(linked_patients(request.user), search))
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    pending = request.user.patient_links.filter(status=LinkStatus.PENDING).select_related("patient")
    context = {
        "rows": _rows(list(page.object_list), journal_services.local_today()),
        "page": page,
        "search": search,
        "pending": pending,
    }
    return render(request, "care/patients.html", context)


def _named(patients: QuerySet[Any], search: str) -> QuerySet[Any]:
    """The ``patients`` whose first name, last name or login holds each word of ``search``."""
    for word in search.split():
        patients = patients.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(username__icontains=word)
        )
    return patients


def _rows(listed: list[Any], today: dt.date) -> list[dict[str, Any]]:
    """The rows of the listed patients: their trends, dose of the day and open alerts."""
    trends = _trends([patient.pk for patient in listed], today)
    courses = services.readable_courses(listed)
    detail_address = _address_of("care:patient")
    alerts_address = _address_of("safety:patient_alerts")
    cells = Cells()
    rows = []
    for patient in listed:
        plan, course = courses.get(patient.pk, (None, None))
        craving, alcohol = trends.get(patient.pk, _NO_TRENDS)
        row = {
            "patient": patient,
            "address": detail_address(patient.pk),
            "alerts": _alert_counts(patient),
            "alerts_address": alerts_address(patient.pk),
            "dose_mg": None if course is None else course.dose_on(today),
            "ceiling_mg": None if plan is None else plan.ceiling_mg,
            "last_entry": patient.last_entry,
            "days_since": None if patient.last_entry is None else (today - patient.last_entry).days,
            "craving": craving,
            "alcohol": alcohol,
        }
        rows.append({**row, "text": _row_text(row, cells)})
    return rows


def _in_triage_order(patients: QuerySet[Any]) -> QuerySet[Any]:
    """``patients`` with their open alerts' counts and last entry's date, those who need
    attention first: most urgent alerts, most warnings, then the longest without an entry
    (never logged first); the username breaks ties, so that pages neither skip nor repeat.
    """
    last_entry = JournalEntry.objects.filter(patient=OuterRef("pk")).order_by("-date")
    return (
        safety_services.with_open_alert_counts(patients)
        .annotate(last_entry=Subquery(last_entry.values("date")[:1], output_field=DateField()))
        .order_by(
            F("open_urgent").desc(),
            F("open_warning").desc(),
            F("last_entry").asc(nulls_first=True),
            "username",
        )
    )


def _alert_counts(patient: Any) -> dict[str, int]:
    """The patient's open alerts by severity, and their total, as the alert counts show them."""
    counts = {s.value: getattr(patient, f"open_{s.value}") for s in Severity}
    return {**counts, "total": sum(counts.values())}


def _address_of(name: str) -> Callable[[int], str]:
    """The address of the view ``name`` for a patient's id, reversed once for all the rows."""
    before, after = reverse(name, args=[_ID_MARK]).split(str(_ID_MARK))
    return lambda patient_id: f"{before}{patient_id}{after}"


Trend = dict[str, float | None]
_NO_TRENDS: tuple[Trend, Trend] = (
    {"recent": None, "before": None, "delta": None},
    {"recent": None, "before": None, "delta": None},
)


def _trends(patient_ids: list[int], today: dt.date) -> dict[int, tuple[Trend, Trend]]:
    """The craving and alcohol trends of each patient who logged in the last two weeks.

    Each compares the mean of the last :data:`TREND_DAYS` days with that of the ones before,
    over the days logged (a day without a value is not a 0), in one query over the two weeks'
    entries of ``patient_ids``, which the (patient, date) index finds directly.
    """
    week_ago = today - dt.timedelta(days=TREND_DAYS)
    recent, before = Q(date__gt=week_ago), Q(date__lte=week_ago)
    means = (
        JournalEntry.objects.filter(
            patient__in=patient_ids,
            date__gt=week_ago - dt.timedelta(days=TREND_DAYS),
            date__lte=today,
        )
        .order_by()
        .values("patient")
        .annotate(
            craving_recent=Avg("craving_intensity", filter=recent),
            craving_before=Avg("craving_intensity", filter=before),
            alcohol_recent=Avg("alcohol_g", filter=recent),
            alcohol_before=Avg("alcohol_g", filter=before),
        )
    )
    return {
        m["patient"]: (
            _trend(m["craving_recent"], m["craving_before"]),
            _trend(m["alcohol_recent"], m["alcohol_before"]),
        )
        for m in means
    }


def _trend(recent: float | None, before: float | None) -> Trend:
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
