"""Today's intakes, one tap each: taken, taken at another time, skipped, or all as planned.

The answers are stored in the day's journal entry by :mod:`baclo.journal.intakes`; this module
only reads the tap, finds the planned intake it is about and shows the result.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baclo.errors import FieldError, ValidationError
from baclo.journal import parse_stored_entry
from baclo.journal.intakes import (
    IntakeState,
    PlannedIntake,
    answer,
    answer_all_as_planned,
    intake_states,
)
from baclo.protocols.course import Course
from baclo.web.care import services as care_services
from baclo.web.journal import services
from baclo.web.pages import patient_required
from baclo.web.wording import localized

ALL_AS_PLANNED = "all"
_STATES = {state.value: state for state in IntakeState}


def as_planned(day_plan: dict[str, Any] | None) -> list[PlannedIntake]:
    """The intakes of a day's plan (:func:`~baclo.web.care.services.today_plan`)."""
    if day_plan is None:
        return []
    return [
        PlannedIntake(time=dt.time.fromisoformat(i["time"]), dose_mg=i["dose_mg"])
        for i in day_plan["intakes"]
    ]


def planned_today(patient: Any, today: dt.date) -> list[PlannedIntake]:
    """The plan's intakes of ``today`` (none before the plan starts or without a plan)."""
    plan = care_services.readable_plan(patient)
    return [] if plan is None else as_planned(care_services.today_plan(plan, today))


def tablets_text(course: Course, dose_mg: float) -> str:
    """``2 × 20 mg + 1 × 10 mg`` of the patient's tablets in the page's language; empty when
    the dose cannot be made of them (:meth:`baclo.protocols.course.Course.tablets_for`)."""
    return localized(course.tablets_for(dose_mg))


def intake_rows(plan: Any, planned: list[PlannedIntake], entry: Any) -> list[dict[str, Any]]:
    """Each planned intake of today with its tablets and its answer so far (the course read
    once, not once per intake: each read asks the database for the declared clearance)."""
    course = care_services.course_of(plan)
    stored = None
    if entry is not None:
        try:
            stored = parse_stored_entry(entry.data, entry_date=entry.date)
        except ValidationError:
            stored = None
    return [
        {
            "time": item.time.strftime("%H:%M"),
            "dose_mg": item.dose_mg,
            "tablets": tablets_text(course, item.dose_mg),
            "state": state.value,
            "taken_at": None if taken is None else taken.time.strftime("%H:%M"),
        }
        for item, state, taken in intake_states(stored, planned)
    ]


@patient_required
@require_POST
def tap(request: HttpRequest) -> HttpResponseBase:
    """Record one answer for one of today's planned intakes, or all of them as planned."""
    today = services.local_today()
    planned = planned_today(request.user, today)
    action = request.POST.get("action", "")
    target = reverse("journal:today") + "#intakes"
    if not planned:
        messages.error(request, _("Nothing is planned today: nothing was changed."))
        return redirect(target)
    if action == ALL_AS_PLANNED:
        return _save(request, today, lambda entry: answer_all_as_planned(entry, planned), target)
    chosen = [p for p in planned if p.time.strftime("%H:%M") == request.POST.get("planned")]
    if action not in _STATES or not chosen:
        messages.error(request, _("This intake is no longer in today's plan: nothing was changed."))
        return redirect(target)
    at = _clock(request.POST.get("at", ""))
    if _STATES[action] is IntakeState.TAKEN_OTHER_TIME and at is None:
        messages.error(request, _("Give the time you took it (HH:MM)."))
        return redirect(target)
    return _save(
        request, today, lambda entry: answer(entry, chosen[0], _STATES[action], at=at), target
    )


def _clock(text: str) -> dt.time | None:
    try:
        return dt.time.fromisoformat(text.strip()) if len(text.strip()) == 5 else None
    except ValueError:
        return None


def _save(request: HttpRequest, today: dt.date, change: Any, target: str) -> HttpResponseBase:
    try:
        services.update_entry(request.user, today, change, today=today)
    except services.VersionConflictError:
        messages.error(request, _("Today's journal changed at the same moment: tap again."))
    except (ValidationError, FieldError):
        messages.error(
            request, _("Today's journal has a field to correct first: open the journal.")
        )
    return redirect(target)
