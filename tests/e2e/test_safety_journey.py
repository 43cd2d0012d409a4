"""Safety journeys on a phone: a severe side effect, "hold this step" in one tap, the longer step
on the plan; dark thoughts open the crisis panel at once."""

from __future__ import annotations

import datetime as dt

import pytest

from baclo.web.accounts.models import Role, User
from baclo.web.care.models import Plan
from baclo.web.journal.services import local_today

PASSWORD = "a-long-e2e-password-2026"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def patient(transactional_db) -> User:
    """Titrating on de Beaurepaire for 16 days: today is the middle day of the 60 mg step."""
    user = User.objects.create_user(
        username="sacha", password=PASSWORD, role=Role.PATIENT, language="fr"
    )
    Plan.objects.create(
        patient=user, protocol="beaurepaire", start_date=local_today() - dt.timedelta(days=16)
    )
    return user


def log_in(page) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", "sacha")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/today/")


def report(page, effect: str, severity: str) -> None:
    page.goto("/journal/")
    if page.locator("details.effects-box").count():
        page.click("details.effects-box > summary")
    page.select_option(f"#effect-{effect}", severity)
    page.click("text=Enregistrer la journée")


def days_at(page, dose: str) -> int:
    """Cells of the plan's week table showing ``dose`` mg/day."""
    cells = page.locator("main table td").all_inner_texts()
    return sum(1 for cell in cells if cell.split()[-1] == dose)


def test_a_severe_side_effect_then_hold_this_step_gives_a_longer_step(
    phone, screenshot, patient: User
) -> None:
    page = phone
    log_in(page)
    page.goto("/plan/")
    assert days_at(page, "60") == 3

    report(page, "nausea", "3")
    alert = page.locator("article.safety-alert[data-rule=severe_side_effect]")
    alert.wait_for()
    hold = alert.locator("button", has_text="Rester sur ce palier 3 jours de plus")
    assert hold.is_visible()
    screenshot(page, "safety-01-severe-side-effect")

    hold.click()
    page.wait_for_selector(".messages .success")
    assert page.locator("article.safety-alert[data-rule=severe_side_effect]").count() == 0
    page.goto("/plan/")
    assert days_at(page, "60") == 6
    screenshot(page, "safety-02-plan-with-longer-step")
    plan = Plan.objects.get(patient=patient)
    assert plan.events == [{"kind": "hold", "date": local_today().isoformat(), "days": 3}]


def test_dark_thoughts_open_the_crisis_panel_at_once(phone, screenshot, patient: User) -> None:
    page = phone
    log_in(page)
    report(page, "dark_thoughts", "1")
    panel = page.locator("#crisis-panel")
    panel.wait_for()
    assert panel.locator("a[href='tel:3114']").is_visible()
    assert panel.locator("a[href='tel:112']").is_visible()
    box = panel.bounding_box()
    assert box is not None
    assert box["y"] < 844, "the panel is on the first screen"
    screenshot(page, "safety-03-crisis-panel")


def test_a_reminded_phq9_refuses_a_missing_answer_then_opens_the_crisis_panel(
    phone, screenshot, patient: User
) -> None:
    page = phone
    log_in(page)
    reminders = page.locator("#questionnaire-reminders")
    reminders.get_by_role("link", name="PHQ-9").click()
    page.wait_for_url("**/questionnaires/phq9/")
    for item in range(1, 9):
        page.check(f"input[name=q{item}][value='0']")
    page.click("#questionnaire-form button[type=submit]")
    page.locator("#item-q9 .field-error").wait_for()
    screenshot(page, "safety-04-questionnaire-error")

    page.check("input[name=q9][value='1']")
    page.click("#questionnaire-form button[type=submit]")
    page.wait_for_url("**/questionnaires/")
    page.locator("#crisis-panel").wait_for()
    assert page.locator("#q-phq9 .score-history td.num").first.inner_text().startswith("1")
    screenshot(page, "safety-05-questionnaire-saved-crisis")
