"""One tap per intake on a phone: three planned intakes confirmed with three taps on Today, and
the journal shows them ticked."""

from __future__ import annotations

import datetime as dt

import pytest

from baclo.web.accounts.models import Role, User
from baclo.web.care.models import Plan
from baclo.web.journal.models import JournalEntry
from baclo.web.journal.services import local_today

PASSWORD = "a-long-e2e-password-2026"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def patient(transactional_db) -> User:
    """De Beaurepaire day 17 (60 mg/day), split in three intakes before an 18:00 craving."""
    user = User.objects.create_user(
        username="ilan", password=PASSWORD, role=Role.PATIENT, language="fr"
    )
    Plan.objects.create(
        patient=user,
        protocol="beaurepaire",
        start_date=local_today() - dt.timedelta(days=16),
        craving_onset=dt.time(18, 0),
    )
    return user


def test_three_intakes_confirmed_with_three_taps_show_in_the_journal(
    phone, screenshot, patient: User
) -> None:
    page = phone
    page.goto("/accounts/login/")
    page.fill("#id_username", "ilan")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/today/")
    times = page.eval_on_selector_all(
        "li[data-intake]", "items => items.map(i => i.dataset.intake)"
    )
    assert len(times) == 3
    screenshot(page, "16-today-intakes")

    for time in times:
        page.click(f"li[data-intake='{time}'] form.tap button")
        page.wait_for_selector(f"li[data-intake='{time}'][data-state=taken]")
    screenshot(page, "17-today-taken")

    entry = JournalEntry.objects.get(patient=patient, date=local_today())
    assert [i["planned"] for i in entry.data["intakes"]] == times
    assert entry.dose_mg == 60

    page.goto("/journal/")
    for n in range(3):
        assert page.is_checked(f"#intake-{n}-taken")
        assert page.input_value(f"#intake-{n}-time") == times[n]
