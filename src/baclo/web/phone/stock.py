"""The patient's tablets in stock: the count they entered, what the journal's intakes took out
since, and when it runs out at the course's coming doses (rules in :mod:`baclo.protocols.stock`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from baclo.errors import FieldError, ValidationError
from baclo.journal import parse_stored_entry
from baclo.journal.intakes import IntakeState, PlannedIntake, intake_states
from baclo.protocols.stock import Forecast, count_halves, forecast, remaining
from baclo.web.accounts.models import User
from baclo.web.care.models import Plan
from baclo.web.care.services import course_of, patient_tablets, readable_plan
from baclo.web.journal.models import JournalEntry
from baclo.web.phone.models import StockCount

#: How far the forecast looks ahead: beyond it the stock "lasts more than four months".
FORECAST_DAYS = 120


def field_prefix(strength_mg: float) -> str:
    return f"stock-{strength_mg:g}"


def record_count(patient: User, post: Mapping[str, str], *, now: dt.datetime) -> StockCount:
    """Store the counts posted for each of the patient's strengths (``stock-10-boxes``,
    ``-per_box``, ``-loose``); every bad field is reported at once, nothing is stored then."""
    halves: dict[str, int] = {}
    errors: list[FieldError] = []
    for strength in patient_tablets(patient).strengths_mg:
        prefix = field_prefix(strength)
        values = {
            leaf: _number(post.get(f"{prefix}-{leaf}", ""))
            for leaf in ("boxes", "per_box", "loose")
        }
        try:
            halves[f"{strength:g}"] = count_halves(**values, field=prefix)
        except FieldError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    return StockCount.objects.create(patient=patient, counted_at=now, halves=halves)


def _number(text: str) -> Any:
    cleaned = text.strip().replace(",", ".")
    if not cleaned:
        return 0
    try:
        value = float(cleaned)
    except ValueError:
        return text
    return int(value) if value.is_integer() else value


def _taken_since(patient: User, since: dt.datetime, today: dt.date) -> list[float]:
    """Doses (mg) of the intakes logged after ``since`` (local time), up to today."""
    doses = []
    for row in JournalEntry.objects.filter(
        patient=patient, date__gte=since.date(), date__lte=today
    ):
        try:
            entry = parse_stored_entry(row.data, entry_date=row.date)
        except ValidationError:
            continue
        doses += [
            i.dose_mg for i in entry.intakes if dt.datetime.combine(row.date, i.time) >= since
        ]
    return doses


def _coming_intakes(
    patient: User, plan: Plan, today: dt.date
) -> list[tuple[dt.date, tuple[float, ...]]]:
    """Today's intakes not answered yet, then every planned intake of the coming days."""
    course = course_of(plan)
    planned = [
        PlannedIntake(time=i.time, dose_mg=i.dose_mg) for i in course.today(today).intakes.intakes
    ]
    row = JournalEntry.objects.filter(patient=patient, date=today).first()
    entry = None
    if row is not None:
        try:
            entry = parse_stored_entry(row.data, entry_date=today)
        except ValidationError:
            entry = None
    pending = tuple(
        p.dose_mg for p, state, _ in intake_states(entry, planned) if state is IntakeState.PENDING
    )
    days = [(today, pending)]
    splits: dict[float, tuple[float, ...]] = {}
    coming = course.doses(
        today + dt.timedelta(days=1), today + dt.timedelta(days=FORECAST_DAYS - 1)
    )
    for day, dose in sorted(coming.items()):
        if dose not in splits:
            splits[dose] = tuple(i.dose_mg for i in course.intakes(dose).intakes)
        days.append((day, splits[dose]))
    return days


def stock_status(patient: User, today: dt.date) -> dict[str, Any] | None:
    """The latest count, what is left of it per strength (tablets) and the forecast; ``None``
    when the patient never counted their tablets."""
    count = StockCount.objects.filter(patient=patient).first()
    if count is None:
        return None
    plan = readable_plan(patient)
    tablets = patient_tablets(patient)
    counted = {float(strength): int(n) for strength, n in count.halves.items()}
    since = timezone.localtime(count.counted_at).replace(tzinfo=None)
    left = remaining(counted, _taken_since(patient, since, today), tablets)
    outlook: Forecast | None = None
    if plan is not None:
        outlook = forecast(left, _coming_intakes(patient, plan, today), tablets, today=today)
    return {
        "counted_at": count.counted_at,
        "left": [{"strength_mg": s, "tablets": n / 2} for s, n in sorted(left.items())],
        "forecast": outlook,
        "horizon_days": FORECAST_DAYS,
    }
