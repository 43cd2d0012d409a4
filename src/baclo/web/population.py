"""A synthetic population of realistic size, for load benchmarks and for trying the prescriber's
pages with many patients: ``baclo demo --population 2000 --days 180 --prescribers 50 --linked 300``.

Every patient follows the demo patient's story (``baclo.web.demo.story_day``) on an Ameisen plan
under the default ceiling, started ``days`` days ago (give or take a week, so that the patients
are not all on the same step); the first prescriber follows ``linked`` patients, the others share
the rest. Rows are written in bulk (one password hash for all, journal entries validated by the
core and inserted in batches), so 360,000 journal days load in minutes, not hours. The accounts
are named ``load-patient-NNNN`` / ``load-prescriber-NN``, share the demo password, and are
replaced on every run.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from baclo.errors import InputError
from baclo.journal import parse_entry
from baclo.protocols.course import Course
from baclo.web.accounts.models import Role, User
from baclo.web.care.models import CareLink, LinkStatus, Plan
from baclo.web.care.services import course_of
from baclo.web.demo import DEMO_PASSWORD, story_day, story_intakes
from baclo.web.journal.models import JournalEntry
from baclo.web.journal.services import local_today, row_fields
from baclo.web.safety.services import run_rules_or_warn

__all__ = ["PATIENT_PREFIX", "PRESCRIBER_PREFIX", "Population", "load_population"]

PATIENT_PREFIX = "load-patient-"
PRESCRIBER_PREFIX = "load-prescriber-"
SEED = 180
BATCH = 5_000
START_SPREAD_DAYS = 7


@dataclass(frozen=True, kw_only=True)
class Population:
    patients: int
    prescribers: int
    journal_days: int
    linked_to_first: int
    first_prescriber: str


def _users(prefix: str, count: int, role: Role, name: str, password: str) -> list[User]:
    User.objects.filter(username__startswith=prefix).delete()
    width = len(str(count))
    return User.objects.bulk_create(
        User(
            username=f"{prefix}{number:0{width}d}",
            first_name=f"{name} {number}",
            role=role,
            password=password,
            email=f"{prefix}{number}@example.org",
        )
        for number in range(1, count + 1)
    )


def _links(patients: list[User], prescribers: list[User], linked: int) -> list[CareLink]:
    """The first prescriber follows the first ``linked`` patients, the others share the rest."""
    now = timezone.now()
    links = []
    for index, patient in enumerate(patients):
        if index < linked or len(prescribers) == 1:
            prescriber = prescribers[0]
        else:
            prescriber = prescribers[1 + index % (len(prescribers) - 1)]
        links.append(
            CareLink(
                patient=patient, prescriber=prescriber, status=LinkStatus.ACTIVE, accepted_at=now
            )
        )
    return CareLink.objects.bulk_create(links)


def _days(course: Course, today: dt.date) -> list[tuple[int, dt.date, float, list[Any]]]:
    """The course's days up to today, each with its planned intakes (computed once per start)."""
    count = (today - course.start).days + 1
    by_dose: dict[float, list[Any]] = {}
    for _, dose in course.days(count):
        if dose not in by_dose:
            by_dose[dose] = story_intakes(course, dose)
    return [
        (number, day, dose, by_dose[dose])
        for number, (day, dose) in enumerate(course.days(count), start=1)
    ]


def _journal(patients: list[User], today: dt.date, days: int) -> int:
    rng = random.Random(SEED)
    plans = []
    for patient in patients:
        start = today - dt.timedelta(days=days - 1 - rng.randrange(START_SPREAD_DAYS))
        plans.append(
            Plan(patient=patient, protocol="ameisen", start_date=start, craving_onset=dt.time(18))
        )
    Plan.objects.bulk_create(plans)
    schedules: dict[dt.date, list[tuple[int, dt.date, float, list[Any]]]] = {}
    rows: list[JournalEntry] = []
    written = 0
    for plan in plans:
        if plan.start_date not in schedules:
            schedules[plan.start_date] = _days(course_of(plan), today)
        for number, day, dose, intakes in schedules[plan.start_date]:
            entry = parse_entry(story_day(rng, number, dose, intakes), entry_date=day)
            rows.append(JournalEntry(patient=plan.patient, date=day, **row_fields(entry)))
        if len(rows) >= BATCH:
            written += len(JournalEntry.objects.bulk_create(rows))
            rows = []
    return written + len(JournalEntry.objects.bulk_create(rows))


def load_population(
    *, patients: int, days: int, prescribers: int, linked: int, today: dt.date | None = None
) -> Population:
    """(Re)create the synthetic population; the safety rules run on today for the first
    prescriber's patients, so that their triage list has alerts to sort."""
    if patients < 1 or prescribers < 1 or days < 1 or not 0 <= linked <= patients:
        raise InputError("population: patients, prescribers and days >= 1, 0 <= linked <= patients")
    today = today or local_today()
    password = make_password(DEMO_PASSWORD)
    with transaction.atomic():
        people = _users(PATIENT_PREFIX, patients, Role.PATIENT, "Patient", password)
        doctors = _users(PRESCRIBER_PREFIX, prescribers, Role.PRESCRIBER, "Dr", password)
        _links(people, doctors, linked)
        journal_days = _journal(people, today, days)
    for patient in people[:linked]:
        run_rules_or_warn(patient, today)
    return Population(
        patients=patients,
        prescribers=prescribers,
        journal_days=journal_days,
        linked_to_first=min(linked, patients),
        first_prescriber=doctors[0].username,
    )
