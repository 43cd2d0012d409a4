"""Calendar export: one event per intake with the dose in its title and an alarm; parses back."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from baclo.protocols.calendar import calendar_ics, schedule_for
from baclo.protocols.plan import PlanSpec, build_plan
from baclo.protocols.split import SplitMode, SplitRequest
from baclo.protocols.tablets import DEFAULT_TABLETS
from baclo.protocols.taper import TaperSpeed, build_taper
from baclo.protocols.titration import make_titration

STAMP = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC)
REQUEST = SplitRequest(daily_mg=10, craving=dt.time(18, 0))


def _parse(ics):
    calendar = icalendar.Calendar.from_ical(ics)
    events = list(calendar.walk("VEVENT"))
    return calendar, events, list(calendar.walk("VALARM"))


def test_a_plan_becomes_one_event_per_intake_each_with_an_alarm():
    plan = build_plan(PlanSpec(titration=make_titration("ameisen"), start=dt.date(2026, 1, 5)))
    schedule = schedule_for([(d.date, d.dose_mg) for d in plan.days], REQUEST)
    ics = calendar_ics(schedule, name="plan", tablets=DEFAULT_TABLETS, stamp=STAMP)
    _, events, alarms = _parse(ics)
    expected = sum(len(day.intakes) for day in schedule)
    assert expected >= 21 * 2
    assert len(events) == expected
    assert len(alarms) == expected
    assert len({str(event["uid"]) for event in events}) == expected


def test_each_event_has_the_dose_in_its_title_at_the_split_time():
    # 60 mg: three 20 mg intakes two hours apart, under the peak guard.
    schedule = schedule_for([(dt.date(2026, 1, 5), 60.0)], REQUEST)
    _, events, _ = _parse(calendar_ics(schedule, name="x", tablets=DEFAULT_TABLETS, stamp=STAMP))
    assert [str(event["summary"]) for event in events] == ["Baclofène 20 mg"] * 3
    assert [event.decoded("dtstart") for event in events] == [
        dt.datetime(2026, 1, 5, hour, 0) for hour in (13, 15, 17)
    ]


def test_a_taper_to_zero_has_no_event_on_the_stop_day():
    taper = build_taper(from_mg=20, start=dt.date(2026, 3, 2), speed=TaperSpeed.FAST)
    request = SplitRequest(daily_mg=10, craving=dt.time(18, 0), mode=SplitMode.FRACTIONATED)
    schedule = schedule_for(taper.daily_doses(), request)
    _, events, alarms = _parse(
        calendar_ics(schedule, name="taper", tablets=DEFAULT_TABLETS, stamp=STAMP)
    )
    # 7 days at 10 mg, two half tablets spread over the day (fractionated).
    assert len(events) == 14
    assert len(alarms) == 14
    assert max(event.decoded("dtstart").date() for event in events) == dt.date(2026, 3, 8)


@pytest.mark.parametrize("minutes", [0, 10], ids=["at-intake", "10-min-before"])
def test_the_alarm_rings_at_or_before_the_intake(minutes):
    schedule = schedule_for([(dt.date(2026, 1, 5), 10.0)], REQUEST)
    ics = calendar_ics(
        schedule,
        name="x",
        tablets=DEFAULT_TABLETS,
        stamp=STAMP,
        alarm_before=dt.timedelta(minutes=minutes),
    )
    _, _, alarms = _parse(ics)
    assert alarms[0].decoded("trigger") == -dt.timedelta(minutes=minutes)
