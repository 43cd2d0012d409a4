"""Loading what the coverage model needs from the database, and applying a timing suggestion.

The model and every rule live in :mod:`baclo.coverage`; this module only reads the plan, the
journal and the declared renal function, and stores a change through the plan service.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.cache import cache
from django.db import connection

from baclo.coverage import Kinetics, Suggestion
from baclo.coverage.analysis import Coverage, analyse
from baclo.coverage.apply import TIMING_KINDS, apply_timing
from baclo.coverage.limits import limits_from_course
from baclo.errors import FieldError, InputError
from baclo.web.accounts.models import User
from baclo.web.care import services as care
from baclo.web.care.models import Plan
from baclo.web.coverage import cards
from baclo.web.journal.models import JournalEntry
from baclo.web.journal.stored import domain_entries
from baclo.web.levels.models import IndividualEstimate, latest_for
from baclo.web.safety.models import HealthProfile

#: Journal days analysed: enough for the fit and the onset's move, recent enough to describe
#: the patient now.
WINDOW_DAYS = 56
#: Bump when the card's data changes shape, so that no stale cached card is shown.
CARD_VERSION = 1
CARD_SECONDS = 24 * 3600


def _kinetics(patient: User) -> Kinetics:
    """The patient's own estimate from measured levels when there is one, else the typical
    values after the declared renal function."""
    estimate = latest_for(patient)
    if estimate is not None:
        try:
            return Kinetics.own(
                ka_per_h=estimate.ka_per_h,
                cl_l_per_h=estimate.cl_l_per_h,
                v_l=estimate.v_l,
                model_id=estimate.model_id,
            )
        except InputError:
            pass  # an estimate no longer readable: the population values still apply
    profile = HealthProfile.objects.filter(patient=patient).first()
    crcl = None if profile is None else profile.crcl_ml_min
    try:
        return Kinetics.population(crcl_ml_min=crcl)
    except InputError:
        return Kinetics.population()


def coverage_of(patient: User, today: dt.date) -> Coverage | None:
    """The analysis of ``patient``'s last weeks of journal, or None without plan or journal.

    A stored plan the course cannot read (the plan page says why) gives no analysis either:
    without its ceiling no suggestion could be bounded.
    """
    plan = care.get_plan(patient)
    if plan is None:
        return None
    entries = domain_entries(patient, today - dt.timedelta(days=WINDOW_DAYS - 1), today)
    if not entries:
        return None
    try:
        limits = limits_from_course(care.course_of(plan), today)
    except (InputError, TypeError, ValueError):
        return None
    return analyse(entries, _kinetics(patient), limits, bedtime=plan.sleep_time)


def _stamp_sql() -> str:
    plan, profile = Plan._meta.db_table, HealthProfile._meta.db_table
    estimate, journal = IndividualEstimate._meta.db_table, JournalEntry._meta.db_table
    day = connection.ops.quote_name("date")
    window = f"FROM {journal} WHERE patient_id = %s AND {day} >= %s AND {day} <= %s"
    return (
        f"SELECT (SELECT updated_at FROM {plan} WHERE patient_id = %s),"
        f" (SELECT updated_at FROM {profile} WHERE patient_id = %s),"
        f" (SELECT id FROM {estimate} WHERE patient_id = %s ORDER BY created_at DESC, id DESC"
        " LIMIT 1),"
        f" (SELECT COUNT(*) {window}), (SELECT MAX(updated_at) {window})"
    )


def _stamp(patient: User, today: dt.date) -> str | None:
    """What the card depends on: the day, the plan, the renal function, the latest measured
    levels and the journal rows of the window; None without a plan.

    One query in SQL: the card is on every charts page, and the same five subqueries built
    through the ORM cost about 3 ms of CPU per page, the database a twentieth of that. The
    values come as the database gives them (text on SQLite): they only need to change when
    what they stand for changes.
    """
    ops = connection.ops
    window = [
        patient.pk,
        ops.adapt_datefield_value(today - dt.timedelta(days=WINDOW_DAYS - 1)),
        ops.adapt_datefield_value(today),
    ]
    with connection.cursor() as cursor:
        cursor.execute(_stamp_sql(), [patient.pk] * 3 + window * 2)
        parts = cursor.fetchone()
    if parts is None or parts[0] is None:
        return None
    return hashlib.sha256(repr((today, *parts, CARD_VERSION)).encode()).hexdigest()[:24]


def card_of(patient: User, today: dt.date) -> dict[str, Any] | None:
    """The timing card's data, computed once per change of what it depends on (shared cache):
    the fit and the suggestions take a tenth of a second, the page is read far more often."""
    stamp = _stamp(patient, today)
    if stamp is None:
        return None
    key = f"coverage-card:{patient.pk}:{stamp}"
    found = cache.get(key)
    if found is None:
        found = {"card": cards.card(coverage_of(patient, today))}
        cache.set(key, found, CARD_SECONDS)
    card: dict[str, Any] | None = found["card"]
    return card


def _current_timing(patient: User, onset: dt.time, today: dt.date) -> Suggestion:
    found = coverage_of(patient, today)
    for suggestion in () if found is None else found.suggestions:
        if suggestion.kind in TIMING_KINDS and suggestion.onset == onset:
            return suggestion
    raise FieldError(
        "suggestion", "this suggestion is no longer made by your journal", code="stale"
    )


def apply_suggestion(patient: User, onset: dt.time, today: dt.date) -> Plan:
    """Apply the timing suggestion aimed at ``onset`` to ``patient``'s plan, as the patient.

    The suggestion is recomputed from the journal (never taken from the request), applied to the
    course (:func:`baclo.coverage.apply.apply_timing`) and stored by the plan service.
    """
    suggestion = _current_timing(patient, onset, today)
    plan = care.get_plan(patient)
    if plan is None:
        raise FieldError("plan", "no plan to change", code="no_plan")
    course = apply_timing(care.course_of(plan), suggestion, today=today)
    split = course.spec.split
    onset_text = None if split.craving_onset is None else split.craving_onset.strftime("%H:%M")
    changed, _ = care.set_plan(
        patient,
        patient,
        {"split": {"craving_onset": onset_text, "mode": split.mode.value}},
        today=today,
    )
    return changed
