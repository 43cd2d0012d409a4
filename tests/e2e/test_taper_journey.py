"""Taper journey on a phone: the patient plans a fast taper from the plan page, today's dose
follows it, craving coming back raises the alert, and "pause the taper" holds the dose.

A taper starts today at the earliest, so the days of craving are reached by moving the stored
plan and taper four days back, as if the taper had been planned four days ago."""

from __future__ import annotations

import datetime as dt

import pytest

from baclo.web.accounts.models import Role, User
from baclo.web.care.models import Plan
from baclo.web.journal.services import local_today, save_entry

PASSWORD = "a-long-e2e-password-2026"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def patient(transactional_db) -> User:
    """De Beaurepaire from 12 days ago (+10 mg every 3 days, Association Baclofène 2014): 40 mg/day
    yesterday (day 12)."""
    user = User.objects.create_user(
        username="noa", password=PASSWORD, role=Role.PATIENT, language="fr"
    )
    Plan.objects.create(
        patient=user, protocol="beaurepaire", start_date=local_today() - dt.timedelta(days=12)
    )
    return user


def test_a_taper_from_the_plan_page_then_craving_comes_back(
    phone, screenshot, patient: User
) -> None:
    page = phone
    page.goto("/accounts/login/", timeout=60_000)
    page.fill("#id_username", "noa")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    today = local_today()
    page.goto("/plan/")
    page.fill("#id_taper-start", today.isoformat())
    page.select_option("#id_taper-speed", "fast")
    page.click("#taper form:has(input[value=taper]) button[type=submit]")
    page.wait_for_selector(".messages .success")
    # From 40 mg/day (yesterday), -10 mg every week: 30 mg/day from today.
    assert "Diminution en cours" in page.locator("#taper").inner_text()
    screenshot(page, "taper-01-plan")

    page.goto("/")
    assert page.locator(".big-number").inner_text().split()[0] == "30"

    # Four days later: the same plan and taper, four days back (still 30 mg/day today).
    plan = Plan.objects.get(patient=patient)
    plan.start_date -= dt.timedelta(days=4)
    plan.tapers = [{**plan.tapers[0], "start": (today - dt.timedelta(days=4)).isoformat()}]
    plan.save()
    for back in (4, 2, 0):
        day = today - dt.timedelta(days=back)
        data = {"intakes": [{"time": "08:00", "dose_mg": 30}], "craving": {"intensity": 6}}
        save_entry(patient, day, data, today=today)
    page.goto("/")
    alert = page.locator("article.safety-alert[data-rule=craving_return]")
    alert.wait_for()
    screenshot(page, "taper-02-craving-returns")
    alert.locator("button", has_text="Faire une pause").click()
    page.wait_for_selector(".messages .success")
    page.goto("/plan/")
    assert "Diminution arrêtée" in page.locator("#taper").inner_text()
    assert Plan.objects.get(patient=patient).tapers[0]["stopped_on"] == today.isoformat()
