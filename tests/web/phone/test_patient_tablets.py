"""Every place that shows a planned intake speaks of the patient's own tablets, never of a
default 10 mg tablet: Today's intake buttons, the calendar feed, the e-mail reminder, the stock
countdown, the consultation report and the FHIR export.

Numbers: a custom protocol from 2 March, +N mg every 3 days from N mg, N the patient's tablet
(40 mg: 80 mg/day from 11 March, the ceiling; 25 mg: 75 mg/day, the largest dose the 25 mg
tablets make under the 80 mg/day ceiling).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.core import mail
from django.urls import reverse

from baclo.protocols.tablets import TabletSet
from baclo.web.care.models import Plan
from baclo.web.care.services import course_of, patient_tablets
from baclo.web.journal.fhir import patient_bundle
from baclo.web.journal.services import save_entry
from baclo.web.phone import reminders
from baclo.web.phone.models import ReminderSettings
from baclo.web.phone.reminders import create_feed
from baclo.web.phone.stock import record_count, stock_status
from baclo.web.reports.content import Period, build_report

from .conftest import TODAY

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@pytest.fixture(params=[pytest.param(40, id="40-mg-tablets"), pytest.param(25, id="25-mg-tablets")])
def strength(request) -> int:
    return request.param


@pytest.fixture(autouse=True)
def clock_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("baclo.web.clock.local_today", lambda: TODAY)


@pytest.fixture
def plan(patient, strength) -> Plan:
    return Plan.objects.create(
        patient=patient,
        protocol="custom",
        params={"start_mg": strength, "increment_mg": strength, "days_per_step": 3},
        start_date=dt.date(2026, 3, 2),
        craving_onset=dt.time(18, 0),
        tablets=[strength],
    )


def own(strength: int, text: str) -> bool:
    """``text`` names the patient's tablets and no 10 mg one."""
    return f"× {strength} mg" in text and "× 10 mg" not in text


def test_the_course_proposes_doses_of_the_patients_tablets(plan, strength):
    day = course_of(plan).today(TODAY)
    assert day.dose_mg == {40: 80, 25: 75}[strength]
    assert day.intakes.intakes


def test_today_shows_each_intake_button_with_the_patients_tablets(patient_client, plan, strength):
    rows = patient_client.get(reverse("journal:today")).context["intake_rows"]
    assert rows
    assert all(own(strength, row["tablets"]) for row in rows)


def test_the_calendar_feed_events_carry_the_patients_tablets(client, patient, plan, strength):
    response = client.get(reverse("phone:feed", args=[create_feed(patient).token]))
    events = [
        e
        for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT")
        if e.decoded("dtstart").date() == TODAY and "Baclo" in str(e["summary"])
    ]
    assert events
    assert all(own(strength, str(event["description"])) for event in events)


def test_the_reminder_email_speaks_of_the_patients_tablets(patient, plan, strength):
    ReminderSettings.objects.create(patient=patient, email_enabled=True)
    first = course_of(plan).today(TODAY).intakes.intakes[0].time
    assert reminders.send_reminders(dt.datetime.combine(TODAY, first, tzinfo=PARIS)) == 1
    assert own(strength, mail.outbox[0].body)


def test_the_stock_counts_the_patients_tablets_down(patient, plan, strength):
    now = dt.datetime.combine(TODAY, dt.time(7, 0), tzinfo=PARIS)
    record_count(patient, {f"stock-{strength}-loose": "30"}, now=now)
    first = course_of(plan).today(TODAY).intakes.intakes[0]
    intake = {"time": first.time.strftime("%H:%M"), "dose_mg": first.dose_mg}
    save_entry(patient, TODAY, {"intakes": [intake]}, today=TODAY)
    status = stock_status(patient, TODAY)
    assert status["left"] == [{"strength_mg": strength, "tablets": 30 - first.dose_mg / strength}]
    assert status["forecast"].days_left is not None


def test_the_stock_page_asks_for_the_patients_strengths(patient_client, plan, strength):
    page = patient_client.get(reverse("phone:stock")).content.decode()
    assert f'name="stock-{strength}-loose"' in page
    assert 'name="stock-10-loose"' not in page


def test_an_unreadable_plan_keeps_the_patients_tablets(patient, plan, strength):
    Plan.objects.filter(pk=plan.pk).update(ceiling_mg=10)  # below the first dose: refused
    assert patient_tablets(patient) == TabletSet(strengths_mg=(strength,))


def test_the_report_gives_the_patients_tablets_and_todays_intakes_in_them(patient, plan, strength):
    facts = build_report(patient, Period.ending(TODAY), today=TODAY)["plan"]
    assert facts["tablets"] == f"{strength}"
    assert facts["today"]["intakes"]
    assert all(own(strength, i["tablets_text"]) for i in facts["today"]["intakes"])


def test_the_fhir_export_says_each_intake_in_the_patients_tablets(patient, plan, strength):
    save_entry(patient, TODAY, {"intakes": [{"time": "08:00", "dose_mg": strength}]}, today=TODAY)
    [statement] = [
        e["resource"]
        for e in patient_bundle(patient)["entry"]
        if e["resource"]["resourceType"] == "MedicationStatement"
    ]
    assert statement["dosage"][0]["text"] == f"{strength} mg = 1 × {strength} mg"


@pytest.fixture
def stored_taper(patient) -> Plan:
    """10 mg steps stored before the patient's tablets were part of the course; 40 mg tablets
    (half tablets: 20 mg steps) cannot make today's 70 mg."""
    stored = {"start": TODAY.isoformat(), "speed": "fast", "from_mg": 80, "to_mg": 0}
    return Plan.objects.create(
        patient=patient,
        protocol="custom",
        params={"start_mg": 20, "increment_mg": 20, "days_per_step": 3},
        start_date=dt.date(2026, 3, 2),
        tablets=[40],
        tapers=[stored],
    )


def test_today_says_why_a_stored_taper_dose_has_no_intake(patient_client, stored_taper):
    response = patient_client.get(reverse("journal:today"))
    assert response.context["planned"]["dose_mg"] == 70
    assert response.context["intake_rows"] == []
    assert 'id="no-intakes"' in response.content.decode()


def test_the_plan_page_says_why_a_stored_taper_dose_has_no_intake(patient_client, stored_taper):
    response = patient_client.get(reverse("care:plan"))
    assert response.context["planned"]["intakes"] == []
    assert 'id="no-intakes"' in response.content.decode()
