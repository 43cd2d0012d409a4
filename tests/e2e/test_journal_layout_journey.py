"""The shorter journal on a phone: no keyboard focus stop hides under the sticky save bar (WCAG
2.2, 2.4.11 Focus Not Obscured), a drink can be taken back with the minus button, and the date
picker opens a day weeks ago, read-only, instead of an error page."""

from __future__ import annotations

import datetime as dt

import pytest

from baclo.web.accounts.models import Role, User
from baclo.web.care.models import Plan
from baclo.web.journal.services import local_today

PASSWORD = "a-long-e2e-password-2026"
pytestmark = pytest.mark.django_db(transaction=True)

FOCUS_VS_BAR = """() => {
  const bar = document.querySelector('.sticky-save').getBoundingClientRect();
  const el = document.activeElement;
  if (!el || el === document.body || el.closest('.sticky-save') || !el.closest('#journal-form')) {
    return null;
  }
  const box = el.getBoundingClientRect();
  return {name: el.name || el.id || el.tagName, top: box.top, bottom: box.bottom,
          barTop: bar.top, barBottom: bar.bottom};
}"""


@pytest.fixture
def patient(transactional_db) -> User:
    user = User.objects.create_user(
        username="lou", password=PASSWORD, role=Role.PATIENT, language="fr"
    )
    Plan.objects.create(
        patient=user, protocol="beaurepaire", start_date=local_today() - dt.timedelta(days=40)
    )
    return user


def log_in(page) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", "lou")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/today/")


def test_no_focused_field_hides_under_the_save_bar(phone, patient: User) -> None:
    page = phone
    log_in(page)
    page.goto("/journal/")
    page.click("details.effects-box > summary")
    page.focus("#day-picker-date")
    hidden, stops = [], 0
    for _ in range(120):
        page.keyboard.press("Tab")
        place = page.evaluate(FOCUS_VS_BAR)
        if place is None:
            continue
        stops += 1
        if place["bottom"] > place["barTop"] and place["top"] < place["barBottom"]:
            hidden.append(place["name"])
    assert stops > 40
    assert hidden == []


def test_the_minus_button_takes_a_drink_back_but_not_below_zero(phone, patient: User) -> None:
    page = phone
    log_in(page)
    page.goto("/journal/")
    page.click("[data-add=drinks-beer]")
    page.click("[data-add=drinks-beer]")
    page.click("[data-sub=drinks-beer]")
    assert page.input_value("#drinks-beer") == "1"
    page.click("[data-sub=drinks-beer]")
    page.click("[data-sub=drinks-beer]")
    assert page.input_value("#drinks-beer") == "0"


def test_the_date_picker_opens_an_old_day_read_only(phone, screenshot, patient: User) -> None:
    page = phone
    log_in(page)
    page.goto("/journal/")
    old = local_today() - dt.timedelta(days=20)
    page.fill("#day-picker-date", old.isoformat())
    page.click("form.day-picker button[type=submit]")
    page.wait_for_url(f"**/journal/{old.isoformat()}/")
    assert page.locator("#read-only").is_visible()
    assert page.locator(".sticky-save").count() == 0
    screenshot(page, "18-journal-old-day")
