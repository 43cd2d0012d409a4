"""Demo data for ``make run``: three accounts and a patient six weeks into an Ameisen plan.

Deterministic (seeded) and idempotent: running it again resets the demo accounts' data and
re-anchors the treatment on today, so the demo patient is always on day 42. The story follows the
course of a treatment described by Association Baclofène (2014): craving falls as the dose climbs,
drinking falls with it, side effects (somnolence, fatigue) come with each step and fade, mood
improves. The demo prescriber raised the ceiling to 150 mg/day with an acknowledgement on day 8.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from baclo.protocols.course import Course
from baclo.web.accounts.models import Role, User
from baclo.web.accounts.validators import DEMO_PASSWORD
from baclo.web.accounts.verification import verify_prescriber
from baclo.web.care.models import AccessLog, CareLink, Invitation, LinkStatus, Plan
from baclo.web.care.services import course_of, set_plan
from baclo.web.journal.models import JournalEntry
from baclo.web.journal.services import local_today, save_entry
from baclo.web.survey.ready_made import load_demo_survey

__all__ = [
    "DEMO_ACCOUNTS",
    "DEMO_PASSWORD",
    "DemoAccount",
    "load_demo",
    "story_day",
    "story_intakes",
]

# A made-up number whose check digit is right (demo data only).
DEMO_RPPS = "19900000001"
DAYS = 42
SEED = 2026
DEMO_CEILING_MG = 150


@dataclass(frozen=True, kw_only=True)
class DemoAccount:
    username: str
    role: Role
    first_name: str
    last_name: str


DEMO_ACCOUNTS = (
    DemoAccount(username="patient-demo", role=Role.PATIENT, first_name="Camille", last_name="D."),
    DemoAccount(
        username="prescriber-demo", role=Role.PRESCRIBER, first_name="Dr Anne", last_name="M."
    ),
    DemoAccount(
        username="association-demo", role=Role.ASSOCIATION, first_name="Asso", last_name="Demo"
    ),
)

NOTES = {
    3: "Premiers jours : un peu somnolente l'après-midi.",
    9: "Soirée entre amis, moins envie de boire que d'habitude.",
    17: "Fatigue forte après la hausse, j'ai pris les comprimés plus tôt.",
    26: "Première semaine sans vraie envie le soir.",
    38: "Journée calme. Je pense moins à l'alcool.",
}


def _account(spec: DemoAccount) -> User:
    user, _ = User.objects.update_or_create(
        username=spec.username,
        defaults={
            "role": spec.role,
            "first_name": spec.first_name,
            "last_name": spec.last_name,
            "email": f"{spec.username}@example.org",
            "is_active": True,
        },
    )
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    return user


def story_intakes(course: Course, dose: float) -> list[dict[str, Any]]:
    """The intakes of a day at ``dose`` as the journal records them (taken as planned)."""
    return [
        {"time": intake.time.strftime("%H:%M"), "dose_mg": intake.dose_mg}
        for intake in course.intakes(dose).intakes
    ]


def story_day(rng: random.Random, day: int, dose: float, intakes: list[dict[str, Any]]) -> dict:
    """One day of the story; ``day`` counts from 1, ``dose`` is the day's planned mg."""
    progress = min(dose / DEMO_CEILING_MG, 1.0)
    craving = max(0, min(10, round(8.5 - 7 * progress + rng.gauss(0, 0.9))))
    onset_min = 18 * 60 + rng.randint(-45, 60)
    taken = [i for i in intakes if rng.random() > 0.04]  # about one missed intake a month
    drinks_mean = max(0.0, 0.8 + 5 * (1 - progress) ** 1.3 + rng.gauss(0, 0.7))
    dry_day = rng.random() < 0.1 + 0.45 * progress
    count = 0 if dry_day else round(drinks_mean)
    drinks = [{"kind": rng.choice(["wine", "wine", "beer", "spirits"])} for _ in range(count)]
    effects = []
    step_day = (day - 1) % 3  # the Ameisen table climbs every 3 days
    drowsy = round(
        min(3, max(0, 1.6 * progress + (0.8 if step_day == 0 else 0) + rng.gauss(0, 0.5)))
    )
    if drowsy:
        effects.append({"kind": "somnolence", "severity": drowsy})
    if rng.random() < 0.3 + 0.3 * progress:
        effects.append({"kind": "fatigue", "severity": rng.choice([1, 1, 2])})
    if rng.random() < 0.12:
        effects.append({"kind": "insomnia", "severity": 1})
    if dose >= 110 and rng.random() < 0.15:
        effects.append({"kind": "dizziness", "severity": 1})
    return {
        "intakes": taken,
        "craving": {"intensity": craving, "onset": f"{onset_min // 60:02d}:{onset_min % 60:02d}"},
        "drinks": drinks,
        "side_effects": effects,
        "mood": max(0, min(10, round(4 + 3.5 * progress + rng.gauss(0, 1)))),
        "note": NOTES.get(day, ""),
    }


@transaction.atomic
def load_demo(today: dt.date | None = None) -> dict[str, User]:
    """(Re)create the demo accounts and data; returns the users by username."""
    today = today or local_today()
    users = {spec.username: _account(spec) for spec in DEMO_ACCOUNTS}
    patient, prescriber = users["patient-demo"], users["prescriber-demo"]
    # The demo prescriber raises the ceiling, which takes a verified account.
    verify_prescriber(prescriber, by=None, rpps=DEMO_RPPS)
    for model in (JournalEntry, Plan, Invitation):
        model.objects.filter(patient=patient).delete()
    AccessLog.objects.filter(patient=patient).delete()
    CareLink.objects.filter(patient=patient).delete()
    CareLink.objects.create(
        patient=patient,
        prescriber=prescriber,
        status=LinkStatus.ACTIVE,
        accepted_at=timezone.now(),
    )
    start = today - dt.timedelta(days=DAYS - 1)
    set_plan(
        patient,
        patient,
        {"protocol": "ameisen", "start": start.isoformat(), "split": {"craving_onset": "18:00"}},
    )
    plan, _ = set_plan(
        prescriber,
        patient,
        {"ceiling_mg": DEMO_CEILING_MG, "ceiling_acknowledged": True},
        now=timezone.make_aware(dt.datetime.combine(start + dt.timedelta(days=7), dt.time(10))),
    )
    course = course_of(plan)
    rng = random.Random(SEED)
    for number, (day, dose) in enumerate(course.days(DAYS), start=1):
        save_entry(
            patient, day, story_day(rng, number, dose, story_intakes(course, dose)), today=day
        )
    # The association's ready-made survey with SYNTHETIC answers, so its dashboard has data.
    load_demo_survey(users["association-demo"])
    return users
