"""Calendar export: a plan or a taper, split into intakes, as an iCalendar (.ics) file.

One event per intake, the dose in its title and its tablets in the description
("2 × 20 mg + ½ × 10 mg", in French and English), a display alarm at the intake time, so that the
file imports into common calendar apps (RFC 5545; written with the ``icalendar`` library).
Times are *floating* local times (no time zone): an intake at 08:00 stays at 08:00 wherever
the phone is, which is what a daily routine means.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

import icalendar

from baclo.protocols.inputs import format_clock
from baclo.protocols.split import Intake, SplitRequest, split_daily_dose
from baclo.protocols.tablets import TabletSet

__all__ = ["DayIntakes", "Reminder", "calendar_ics", "schedule_for"]

PRODID = "-//baclo//treatment planning//EN"
INTAKE_DURATION = dt.timedelta(minutes=5)


@dataclasses.dataclass(frozen=True, kw_only=True)
class DayIntakes:
    """The intakes of one calendar day and the day's total (mg)."""

    date: dt.date
    daily_mg: float
    intakes: tuple[Intake, ...]


@dataclasses.dataclass(frozen=True, kw_only=True)
class Reminder:
    """Another event with an alarm, such as a questionnaire to fill in: ``uid`` must stay the
    same while the reminder means the same thing, so that calendar apps update it in place."""

    uid: str
    start: dt.datetime
    summary: str
    description: str


def schedule_for(days: Sequence[tuple[dt.date, float]], request: SplitRequest) -> list[DayIntakes]:
    """Split every day's dose like ``request`` (its ``daily_mg`` is replaced); days at 0 mg
    are left out. Each distinct dose is split once."""
    splits: dict[float, tuple[Intake, ...]] = {}
    schedule: list[DayIntakes] = []
    for date, dose in days:
        if dose <= 0:
            continue
        if dose not in splits:
            splits[dose] = split_daily_dose(dataclasses.replace(request, daily_mg=dose)).intakes
        schedule.append(DayIntakes(date=date, daily_mg=dose, intakes=splits[dose]))
    return schedule


def calendar_ics(
    schedule: Sequence[DayIntakes],
    *,
    name: str,
    tablets: TabletSet,
    stamp: dt.datetime,
    alarm_before: dt.timedelta = dt.timedelta(0),
    reminders: Sequence[Reminder] = (),
) -> bytes:
    """The .ics bytes of ``schedule`` and ``reminders``; ``stamp`` (UTC) is the DTSTAMP of
    every event."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for day in schedule:
        for number, intake in enumerate(day.intakes, start=1):
            calendar.add_component(
                _event(day, number, intake, tablets=tablets, stamp=stamp, before=alarm_before)
            )
    for reminder in reminders:
        calendar.add_component(_reminder_event(reminder, stamp=stamp, before=alarm_before))
    ics: bytes = calendar.to_ical()
    return ics


def _with_alarm(event: icalendar.Event, title: str, before: dt.timedelta) -> icalendar.Event:
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", title)
    alarm.add("trigger", -before)
    event.add_component(alarm)
    return event


def _reminder_event(
    reminder: Reminder, *, stamp: dt.datetime, before: dt.timedelta
) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", reminder.uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", reminder.start)
    event.add("duration", INTAKE_DURATION)
    event.add("summary", reminder.summary)
    event.add("description", reminder.description)
    return _with_alarm(event, reminder.summary, before)


def _event(
    day: DayIntakes,
    number: int,
    intake: Intake,
    *,
    tablets: TabletSet,
    stamp: dt.datetime,
    before: dt.timedelta,
) -> icalendar.Event:
    start = dt.datetime.combine(day.date, intake.time)
    pieces = tablets.describe(intake.dose_mg)
    title = f"Baclofène {intake.dose_mg:g} mg"
    description = (
        f"Prise {number}/{len(day.intakes)} : {intake.dose_mg:g} mg = comprimés {pieces.fr} ; "
        f"dose du jour {day.daily_mg:g} mg.\n"
        f"Intake {number}/{len(day.intakes)}: {intake.dose_mg:g} mg = tablets {pieces.en}; "
        f"daily dose {day.daily_mg:g} mg.\n"
        "baclo assists; it does not prescribe."
    )
    event = icalendar.Event()
    event.add("uid", f"{day.date.isoformat()}-{format_clock(intake.minute)}-{number}@baclo")
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("duration", INTAKE_DURATION)
    event.add("summary", title)
    event.add("description", description)
    return _with_alarm(event, title, before)
