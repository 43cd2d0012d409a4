"""The private calendar feed (/calendar/<token>.ics): each planned intake as an event with an
alarm, following plan and taper changes; a revoked or replaced address answers 404."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from baclo.web.care.services import set_plan, start_taper
from baclo.web.phone.models import CalendarFeed
from baclo.web.phone.reminders import create_feed

from .conftest import TODAY


def events(client: Client, token: str) -> list[icalendar.Event]:
    response = client.get(reverse("phone:feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return list(icalendar.Calendar.from_ical(response.content).walk("VEVENT"))


def on(day: dt.date, found: list[icalendar.Event]) -> list[icalendar.Event]:
    return [e for e in found if e.decoded("dtstart").date() == day and "Baclo" in str(e["summary"])]


def test_each_planned_intake_is_an_event_with_an_alarm_and_its_tablets(client, patient, plan):
    token = create_feed(patient).token
    today = on(TODAY, events(client, token))
    assert len(today) == 3
    assert all(event.walk("VALARM") for event in today)
    assert all("comprimé" in str(event["description"]) for event in today)
    assert sum(float(str(e["summary"]).split()[1]) for e in today) == 60


def test_the_feed_covers_a_week_back_and_four_weeks_ahead(client, patient, plan):
    days = {e.decoded("dtstart").date() for e in events(client, create_feed(patient).token)}
    assert min(days) == TODAY - dt.timedelta(days=7)
    assert max(days) == TODAY + dt.timedelta(days=27)


def test_a_plan_change_changes_the_feed(client, patient, plan):
    token = create_feed(patient).token
    before = on(TODAY, events(client, token))
    set_plan(patient, patient, {"split": {"craving_onset": "20:00"}}, today=TODAY)
    after = on(TODAY, events(client, token))
    assert [e.decoded("dtstart") for e in before] != [e.decoded("dtstart") for e in after]


def test_a_taper_changes_the_feed(client, patient, plan):
    token = create_feed(patient).token
    later = TODAY + dt.timedelta(days=10)
    before = sum(float(str(e["summary"]).split()[1]) for e in on(later, events(client, token)))
    start_taper(patient, patient, {"start": TODAY.isoformat(), "speed": "fast"}, today=TODAY)
    after = sum(float(str(e["summary"]).split()[1]) for e in on(later, events(client, token)))
    assert after < before


def test_due_questionnaires_are_in_the_feed(client, patient, plan):
    found = events(client, create_feed(patient).token)
    questionnaires = [e for e in found if "Questionnaire" in str(e["summary"])]
    assert questionnaires
    assert all(event.walk("VALARM") for event in questionnaires)


def test_the_alarm_rings_as_early_as_the_patient_chose(client, patient, plan):
    from baclo.web.phone.models import ReminderSettings

    ReminderSettings.objects.create(patient=patient, minutes_before=15)
    event = on(TODAY, events(client, create_feed(patient).token))[0]
    assert event.walk("VALARM")[0].decoded("trigger") == -dt.timedelta(minutes=15)


def test_a_revoked_address_answers_404(client, patient, plan, patient_client):
    token = create_feed(patient).token
    patient_client.post(reverse("phone:revoke_feed"))
    assert client.get(reverse("phone:feed", args=[token])).status_code == 404
    assert not CalendarFeed.objects.filter(patient=patient).exists()


def test_a_new_address_replaces_the_old_one(client, patient, plan, patient_client):
    old = create_feed(patient).token
    patient_client.post(reverse("phone:new_feed"))
    new = CalendarFeed.objects.get(patient=patient).token
    assert new != old
    assert client.get(reverse("phone:feed", args=[old])).status_code == 404
    assert client.get(reverse("phone:feed", args=[new])).status_code == 200


@pytest.mark.parametrize("token", ["nothing", "x" * 64, "%00"], ids=["unknown", "long", "nul"])
def test_an_unknown_address_answers_404(client, db, token: str):
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_a_patient_without_plan_gets_an_empty_but_valid_calendar(client, patient):
    assert [
        e for e in events(client, create_feed(patient).token) if "Baclo" in str(e["summary"])
    ] == []


def test_the_one_off_download_is_the_same_calendar(patient_client, patient, plan):
    response = patient_client.get(reverse("phone:download"))
    assert response["Content-Disposition"].startswith("attachment")
    day = on(TODAY, list(icalendar.Calendar.from_ical(response.content).walk("VEVENT")))
    assert len(day) == 3
