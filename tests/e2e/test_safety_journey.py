"""Safety journeys on a phone: a severe side effect, "hold this step" in one tap, the longer step
on the plan; dark thoughts open the crisis panel at once."""

from __future__ import annotations

import datetime as dt

import pytest

from baclo.web.accounts.models import Role, User
from baclo.web.care.models import CareLink, LinkStatus, Plan
from baclo.web.journal.services import local_today, save_entry

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


def log_in(page, username: str = "sacha") -> None:
    # The live server's first answer can take more than the 10 s default on a loaded machine.
    page.goto("/accounts/login/", timeout=60_000)
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


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


def test_the_prescriber_sees_the_urgent_patient_first_and_acknowledges(
    phone, screenshot, patient: User
) -> None:
    doctor = User.objects.create_user(
        username="dr-lena", password=PASSWORD, role=Role.PRESCRIBER, language="fr"
    )
    quiet = User.objects.create_user(username="aaron", password=PASSWORD, role=Role.PATIENT)
    for someone in (patient, quiet):
        CareLink.objects.create(patient=someone, prescriber=doctor, status=LinkStatus.ACTIVE)
    save_entry(patient, local_today(), {"side_effects": [{"kind": "dark_thoughts", "severity": 2}]})
    page = phone
    log_in(page, "dr-lena")
    page.goto("/patients/")
    rows = page.locator("#patients-table tbody tr")
    assert rows.first.locator("th").inner_text() == "sacha", "urgent first, before 'aaron'"
    assert rows.first.locator(".severity.urgent").is_visible()
    screenshot(page, "safety-06-prescriber-triage")

    rows.first.locator("a.alert-counts").click()
    page.wait_for_url("**/alerts/")
    alert = page.locator("article.safety-alert[data-rule=dark_thoughts]")
    alert.locator("textarea").fill("Appelée, rendez-vous demain.")
    alert.locator("button[type=submit]").click()
    page.wait_for_selector(".messages .success")
    assert "Appelée, rendez-vous demain." in page.locator("#alert-history").inner_text()
    screenshot(page, "safety-07-prescriber-acknowledged")
