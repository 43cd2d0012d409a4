"""``baclo send-reminders`` (baclo.web.phone.reminders.send_reminders): one e-mail per planned
intake at its time, never two (even from two runs at once), none for an answered intake or one
the plan moved away, none more than half an hour late."""

from __future__ import annotations

import datetime as dt
import threading
import zoneinfo

import pytest
from django.core import mail
from django.db import connection

from baclo.web.care.services import course_of, set_plan
from baclo.web.journal.services import save_entry
from baclo.web.phone import reminders
from baclo.web.phone.models import ReminderSettings, SentReminder

from .conftest import TODAY

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture
def subscribed(patient, plan):
    ReminderSettings.objects.create(patient=patient, email_enabled=True)
    return patient


def first_intake(plan) -> dt.time:
    return course_of(plan).today(TODAY).intakes.intakes[0].time


def at(time: dt.time, minutes: int = 0) -> dt.datetime:
    return dt.datetime.combine(TODAY, time, tzinfo=PARIS) + dt.timedelta(minutes=minutes)


def test_it_sends_the_reminder_at_the_intake_time_with_its_tablets(subscribed, plan):
    time = first_intake(plan)
    assert reminders.send_reminders(at(time)) == 1
    [message] = mail.outbox
    assert message.to == ["alice@example.org"]
    assert time.strftime("%H:%M") in message.subject
    assert "× 10 mg" in message.body


def test_a_second_run_sends_nothing_more(subscribed, plan):
    time = first_intake(plan)
    reminders.send_reminders(at(time))
    assert reminders.send_reminders(at(time, 1)) == 0
    assert len(mail.outbox) == 1


def test_it_waits_for_the_time_chosen_before_the_intake(subscribed, plan):
    ReminderSettings.objects.filter(patient=subscribed).update(minutes_before=15)
    time = first_intake(plan)
    assert reminders.send_reminders(at(time, -16)) == 0
    assert reminders.send_reminders(at(time, -15)) == 1


def test_it_never_sends_more_than_half_an_hour_late(subscribed, plan):
    assert reminders.send_reminders(at(first_intake(plan), 31)) == 0


def test_an_intake_already_answered_gets_no_reminder(subscribed, plan):
    time = first_intake(plan)
    planned = course_of(plan).today(TODAY).intakes.intakes[0]
    intake = {"time": time.strftime("%H:%M"), "dose_mg": planned.dose_mg}
    save_entry(subscribed, TODAY, {"intakes": [intake]}, today=TODAY)
    assert reminders.send_reminders(at(time)) == 0


def test_an_intake_the_plan_moved_away_gets_no_reminder(subscribed, plan):
    time = first_intake(plan)
    set_plan(subscribed, subscribed, {"split": {"craving_onset": "21:00"}}, today=TODAY)
    assert first_intake(plan.__class__.objects.get(pk=plan.pk)) != time
    assert reminders.send_reminders(at(time)) == 0


@pytest.mark.parametrize(
    ("enabled", "email"),
    [pytest.param(False, "alice@example.org", id="off"), pytest.param(True, "", id="no-address")],
)
def test_nothing_is_sent_when_off_or_without_address(patient, plan, enabled, email):
    patient.email = email
    patient.save()
    ReminderSettings.objects.create(patient=patient, email_enabled=enabled)
    assert reminders.send_reminders(at(first_intake(plan))) == 0


def test_a_failed_send_is_tried_again_next_minute(subscribed, plan, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("no SMTP server")

    monkeypatch.setattr(reminders, "send_mail", refuse)
    time = first_intake(plan)
    assert reminders.send_reminders(at(time)) == 0
    assert not SentReminder.objects.exists()
    monkeypatch.undo()
    assert reminders.send_reminders(at(time, 1)) == 1


def test_a_run_that_starts_while_another_is_sending_sends_nothing_twice(
    subscribed, plan, monkeypatch
):
    """The first run is caught between its claim and its e-mail while a second run goes
    through the same intake: the unique sent-record row makes the second one skip it."""
    time = first_intake(plan)
    real = reminders.send_mail
    inner: list[int] = []

    def send_during_another_run(*args, **kwargs):
        if not inner:
            inner.append(reminders.send_reminders(at(time)))
        return real(*args, **kwargs)

    monkeypatch.setattr(reminders, "send_mail", send_during_another_run)
    assert reminders.send_reminders(at(time)) == 1
    assert inner == [0]
    assert len(mail.outbox) == 1


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's shared in-memory test database locks whole tables between threads; the "
    "PostgreSQL run checks real concurrency, the interleaved test above covers SQLite",
)
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_send_one_message(patient, plan):
    ReminderSettings.objects.create(patient=patient, email_enabled=True)
    time = first_intake(plan)
    start = threading.Barrier(2)
    counts: list[int] = []

    def run() -> None:
        start.wait()
        try:
            counts.append(reminders.send_reminders(at(time)))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(counts) == [0, 1]
    assert len(mail.outbox) == 1
    assert SentReminder.objects.count() == 1
