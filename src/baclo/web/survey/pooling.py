"""Opt-in pooling: a patient shares an anonymised summary of their course with the association.

The summary is one row of the association's dataset (cohort columns only, no date, no note, no
journal entry), built from what the app already knows through the existing services:

- ``protocol`` and ``followup_days`` (days since the plan's start) from the plan;
- the effective dose and the days to reach it: the plan's confirmed *effective dose* event if
  there is one (the dose the plan gives that day), else the journal's effective-dose criterion
  (:func:`baclo.journal.find_effective_dose`, first day of the qualifying week); unknown when
  neither says so (the person is then censored at ``followup_days``);
- the worst side-effect severity logged in the journal, on the cohort's scale (below);
- sex, age band, AUDIT before treatment and the outcome at 6 months, which the app does not
  know, only if the patient gives them on the consent form.

Journal severities are 0 none, 1 mild, 2 moderate, 3 severe; the cohort scale is the association's
0 none, 1 weak to moderate, 2 strong, 3 very strong or unbearable. Mild and moderate map to 1,
severe to 2 ("strong"): the journal cannot say "unbearable", so it never claims it.

Revoking deletes the row (and the consent with it): nothing of the patient stays in the dataset.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from django.db import transaction

from baclo.journal import JournalEntry, find_effective_dose
from baclo.protocols.plan import EventKind
from baclo.stats.csvfile import MAX_DAYS
from baclo.web.accounts.models import User
from baclo.web.care.services import course_of, get_plan
from baclo.web.journal.stored import domain_entries
from baclo.web.survey.models import Answer, PoolConsent, Source

__all__ = ["SEVERITY_FROM_JOURNAL", "course_summary", "revoke", "share"]

SEVERITY_FROM_JOURNAL: Final = {0: 0, 1: 1, 2: 1, 3: 2}
PATIENT_GIVEN: Final = ("sex", "age_band", "audit_before", "outcome_6m")


def course_summary(patient: User, today: dt.date) -> dict[str, Any] | None:
    """The cohort columns the app knows of ``patient``'s course; None without a plan."""
    plan = get_plan(patient)
    if plan is None:
        return None
    start = plan.start_date
    followup = min(max((today - start).days, 0), MAX_DAYS)
    entries = domain_entries(patient, start, today)
    reached = _effective_from_plan(plan, today) or _effective_from_journal(entries)
    severities = [s.severity for entry in entries for s in entry.side_effects]
    summary: dict[str, Any] = {
        "protocol": plan.protocol,
        "followup_days": followup,
        "effective_dose_mg": None,
        "days_to_effective": None,
        "side_effects_max": SEVERITY_FROM_JOURNAL[max(severities, default=0)] if entries else None,
    }
    if reached is not None:
        dose, day = reached
        days = (day - start).days
        if 0 <= days <= followup and dose > 0:
            summary["effective_dose_mg"] = dose
            summary["days_to_effective"] = days
    return summary


def _effective_from_plan(plan: Any, today: dt.date) -> tuple[float, dt.date] | None:
    confirmed = sorted(
        dt.date.fromisoformat(event["date"])
        for event in plan.events
        if event.get("kind") == EventKind.EFFECTIVE_DOSE and "date" in event
    )
    if not confirmed or not plan.start_date <= confirmed[0] <= today:
        return None
    day = confirmed[0]
    return course_of(plan).dose_on(day), day


def _effective_from_journal(entries: list[JournalEntry]) -> tuple[float, dt.date] | None:
    found = find_effective_dose(entries) if entries else None
    return None if found is None else (float(found.dose_mg), found.start)


def share(patient: User, given: dict[str, Any], today: dt.date) -> Answer:
    """Store (or refresh) the patient's pooled row; ``given`` holds the answers of the form."""
    summary = course_summary(patient, today)
    if summary is None:
        raise ValueError("no plan: nothing to share")
    fields = {**summary, **{name: given.get(name) for name in PATIENT_GIVEN}}
    fields["protocol"] = fields["protocol"] or ""
    with transaction.atomic():
        consent = PoolConsent.objects.select_for_update().filter(patient=patient).first()
        if consent is None:
            answer = Answer.objects.create(survey=None, source=Source.POOLED, **fields)
            PoolConsent.objects.create(patient=patient, answer=answer)
            return answer
        Answer.objects.filter(pk=consent.answer_id).update(**fields)
        consent.save()
        return Answer.objects.get(pk=consent.answer_id)


def revoke(patient: User) -> bool:
    """Delete the patient's pooled row; false when nothing was shared."""
    with transaction.atomic():
        consent = PoolConsent.objects.filter(patient=patient).first()
        if consent is None:
            return False
        Answer.objects.filter(pk=consent.answer_id).delete()
        return True
