"""Reminders at the planned intake times: the patient's private calendar feed and e-mails.

Both read the treatment course as it is now (:class:`baclo.protocols.course.Course`), so a plan
change or a taper moves the reminders with it: the feed is built on every request, and each run
of ``baclo send-reminders`` reads today's intakes again. The calendar itself is written by
:func:`baclo.protocols.calendar.calendar_ics`.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from baclo.journal import parse_stored_entry
from baclo.journal.intakes import IntakeState, PlannedIntake, intake_states
from baclo.protocols.calendar import DayIntakes, Reminder, calendar_ics
from baclo.web.accounts.models import User
from baclo.web.care.models import Plan
from baclo.web.care.services import course_of, patient_tablets, readable_plan
from baclo.web.journal.models import JournalEntry
from baclo.web.journal.taps import tablets_text
from baclo.web.phone.models import CalendarFeed, ReminderSettings, SentReminder, new_token
from baclo.web.safety.services import questionnaire_due

logger = logging.getLogger(__name__)

FEED_PAST_DAYS = 7
FEED_DAYS_AHEAD = 28
#: Questionnaire reminders ring at this local time on the day they fall due.
QUESTIONNAIRE_TIME = dt.time(10, 0)
#: A reminder is never sent later than this after its time (cron stopped, server down...).
SEND_WINDOW = dt.timedelta(minutes=30)


def create_feed(patient: User) -> CalendarFeed:
    """A new private address for ``patient``; an older one stops working."""
    feed, _ = CalendarFeed.objects.update_or_create(
        patient=patient, defaults={"token": new_token()}
    )
    return feed


def revoke_feed(patient: User) -> bool:
    deleted, _ = CalendarFeed.objects.filter(patient=patient).delete()
    return deleted > 0


def feed_owner(token: str) -> User | None:
    """The patient whose feed ``token`` opens, or ``None`` (unknown, revoked or replaced)."""
    feed = CalendarFeed.objects.select_related("patient").filter(token=token).first()
    if feed is None or not feed.patient.is_active or not feed.patient.is_patient:
        return None
    return feed.patient


def schedule(plan: Plan, first: dt.date, last: dt.date) -> list[DayIntakes]:
    """The planned intakes of every day from ``first`` to ``last`` (days at 0 mg left out)."""
    course = course_of(plan)
    days = []
    for offset in range((last - first).days + 1):
        day = course.today(first + dt.timedelta(days=offset))
        if day.dose_mg > 0 and day.intakes.intakes:
            days.append(
                DayIntakes(date=day.date, daily_mg=day.dose_mg, intakes=day.intakes.intakes)
            )
    return days


def questionnaire_reminders(patient: User, today: dt.date) -> list[Reminder]:
    """Each questionnaire on the day it falls due (today when overdue) within the feed."""
    reminders: dict[str, Reminder] = {}
    for offset in range(FEED_DAYS_AHEAD):
        day = today + dt.timedelta(days=offset)
        for due in questionnaire_due(patient, day):
            instrument = due["instrument"]
            if instrument.id in reminders:
                continue
            title = _("Questionnaire to fill in: %(name)s") % {"name": instrument.name}
            reminders[instrument.id] = Reminder(
                uid=f"questionnaire-{instrument.id}-{day.isoformat()}@baclo",
                start=dt.datetime.combine(day, QUESTIONNAIRE_TIME),
                summary=title,
                description=_("baclo asks it every %(days)s days; it takes a few minutes.")
                % {"days": due["every_days"]},
            )
    return list(reminders.values())


def patient_calendar(patient: User, today: dt.date, *, alarm_minutes: int | None = None) -> bytes:
    """The patient's calendar: a week back, four weeks ahead, questionnaires included."""
    plan = readable_plan(patient)
    days = (
        []
        if plan is None
        else schedule(
            plan,
            today - dt.timedelta(days=FEED_PAST_DAYS),
            today + dt.timedelta(days=FEED_DAYS_AHEAD - 1),
        )
    )
    if alarm_minutes is None:
        settings = ReminderSettings.objects.filter(patient=patient).first()
        alarm_minutes = 0 if settings is None else settings.minutes_before
    with translation.override(patient.language):
        reminders = questionnaire_reminders(patient, today)
        return calendar_ics(
            days,
            name=_("baclo: my intakes"),
            tablets=patient_tablets(patient),
            stamp=timezone.now(),
            alarm_before=dt.timedelta(minutes=alarm_minutes),
            reminders=reminders,
        )


def _pending_intakes(patient: User, plan: Plan, day: dt.date) -> list[PlannedIntake]:
    """The day's planned intakes not yet answered in the journal (taken or skipped)."""
    planned = [
        PlannedIntake(time=i.time, dose_mg=i.dose_mg)
        for i in course_of(plan).today(day).intakes.intakes
    ]
    row = JournalEntry.objects.filter(patient=patient, date=day).first()
    entry = None if row is None else parse_stored_entry(row.data, entry_date=day)
    return [p for p, state, _ in intake_states(entry, planned) if state is IntakeState.PENDING]


def _claim(patient: User, day: dt.date, intake: PlannedIntake) -> bool:
    """Record the reminder as sent; false when another run already did (unique row)."""
    try:
        with transaction.atomic():
            SentReminder.objects.create(patient=patient, date=day, planned_time=intake.time)
    except IntegrityError:
        return False
    return True


def _message(patient: User, plan: Plan, intake: PlannedIntake) -> tuple[str, str]:
    with translation.override(patient.language):
        values = {
            "time": intake.time.strftime("%H:%M"),
            "mg": f"{intake.dose_mg:g}",
            "tablets": tablets_text(course_of(plan), intake.dose_mg),
        }
        subject = _("baclo: %(mg)s mg at %(time)s") % values
        body = "\n\n".join(
            [
                _("Your intake of %(time)s: %(mg)s mg (%(tablets)s).") % values,
                _("Tap 'Taken' on the Today page of baclo (%(path)s) once you have taken it.")
                % {"path": reverse("journal:today")},
                _("baclo assists, it does not prescribe. Never stop baclofen abruptly."),
                _("You receive this because e-mail reminders are on in baclo (Reminders page)."),
            ]
        )
    return subject, body


def _due(patient: User, plan: Plan, now: dt.datetime, lead: dt.timedelta) -> list[Any]:
    due = []
    for day in (now.date(), now.date() + dt.timedelta(days=1)):
        for intake in _pending_intakes(patient, plan, day):
            ring = dt.datetime.combine(day, intake.time) - lead
            if ring <= now < ring + SEND_WINDOW:
                due.append((day, intake))
    return due


def send_reminders(now: dt.datetime | None = None) -> int:
    """Send the e-mail reminders due at ``now`` (default: the current time); returns how many.

    Safe to run every minute from cron, even twice at once: a reminder is sent at most once
    per planned intake (see :class:`~baclo.web.phone.models.SentReminder`), never for an intake
    already answered in the journal, never for one the plan no longer has, and never more than
    :data:`SEND_WINDOW` late.
    """
    local = timezone.localtime(now or timezone.now()).replace(tzinfo=None)
    sent = 0
    chosen = ReminderSettings.objects.filter(email_enabled=True, patient__is_active=True)
    for settings in chosen.select_related("patient"):
        patient = settings.patient
        plan = readable_plan(patient)
        if plan is None or not patient.email:
            continue
        for day, intake in _due(
            patient, plan, local, dt.timedelta(minutes=settings.minutes_before)
        ):
            if not _claim(patient, day, intake):
                continue
            subject, body = _message(patient, plan, intake)
            try:
                send_mail(subject, body, None, [patient.email])
            except OSError:
                # Not sent: give the claim back so that the next run tries again.
                SentReminder.objects.filter(
                    patient=patient, date=day, planned_time=intake.time
                ).delete()
                logger.warning("reminder to patient %s not sent", patient.pk, exc_info=True)
                continue
            sent += 1
    return sent
