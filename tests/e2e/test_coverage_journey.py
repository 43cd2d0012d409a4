"""Timing journey on a phone: two weeks of journal show the craving starting earlier; the timing
card on the charts page says so, shows the curve before and after, and "apply to my plan" moves
the plan's intakes before the new onset in one tap."""

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
    """De Beaurepaire for a month (60 mg/day in three intakes), the craving now starting at
    16:30 instead of 18:00 two weeks ago; the plan still aims at 19:00."""
    user = User.objects.create_user(
        username="lou", password=PASSWORD, role=Role.PATIENT, language="fr"
    )
    today = local_today()
    Plan.objects.create(
        patient=user,
        protocol="beaurepaire",
        start_date=today - dt.timedelta(days=30),
        craving_onset=dt.time(19),
    )
    for n in range(14):
        day = today - dt.timedelta(days=13 - n)
        minute = 18 * 60 - round(90 * n / 13)
        data = {
            "intakes": [{"time": f"{h:02d}:00", "dose_mg": 20} for h in (8, 13, 19)],
            "craving": {"intensity": 5, "onset": f"{minute // 60:02d}:{minute % 60:02d}"},
        }
        save_entry(user, day, data, today=day)
    return user


def test_a_moved_craving_onset_is_applied_to_the_plan_in_one_tap(
    phone, screenshot, patient: User
) -> None:
    page = phone
    page.goto("/accounts/login/", timeout=60_000)
    page.fill("#id_username", "lou")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    page.goto("/charts/")
    card = page.locator("#timing")
    card.wait_for()
    assert "au lieu de 18:00" in card.inner_text()
    assert card.locator("svg.timing-curve polyline").count() == 2
    card.scroll_into_view_if_needed()
    screenshot(page, "coverage-01-timing-card")

    card.locator("button", has_text="Appliquer à mon plan").click()
    page.wait_for_selector(".messages .success")
    assert "avant 16:30" in page.locator(".messages").inner_text()
    plan = Plan.objects.get(patient=patient)
    assert plan.craving_onset == dt.time(16, 30)
    assert plan.split_mode == "targeted"
