"""Journey (a): a patient logs in on a phone, fills today's journal, sees it on the chart."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest

from baclo.web.accounts.models import Role, User
from baclo.web.care.models import Plan
from baclo.web.care.services import today_plan
from baclo.web.journal.models import JournalEntry
from baclo.web.journal.services import local_today, save_entry

PASSWORD = "a-long-e2e-password-2026"
pytestmark = pytest.mark.django_db(transaction=True)


def history(plan: Plan, today: dt.date, days: int) -> None:
    """A plausible fortnight: the plan's intakes, craving easing, fewer drinks."""
    for back in range(days, 0, -1):
        day = today - dt.timedelta(days=back)
        data = {
            "intakes": today_plan(plan, day)["intakes"],
            "craving": {"intensity": min(9, 2 + back // 2), "onset": "18:00"},
            "drinks": [{"kind": "beer"}] * (back // 4),
            "mood": max(3, 8 - back // 3),
        }
        save_entry(plan.patient, day, data, today=day)


@pytest.fixture
def patient(transactional_db) -> User:
    user = User.objects.create_user(
        username="camille", password=PASSWORD, role=Role.PATIENT, language="fr"
    )
    today = local_today()
    plan = Plan.objects.create(
        patient=user,
        protocol="beaurepaire",
        start_date=today - dt.timedelta(days=16),
        craving_onset=dt.time(18, 0),
    )
    history(plan, today, 12)
    return user


def test_a_patient_fills_todays_journal_on_a_phone_and_sees_it_on_the_chart(
    phone, screenshot, patient: User
) -> None:
    page = phone
    page.goto("/accounts/register/")
    screenshot(page, "00-register")
    page.goto("/accounts/login/")
    screenshot(page, "01-login")
    page.fill("#id_username", "camille")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")

    page.wait_for_url("**/today/")
    assert page.locator(".big-number").inner_text().startswith("60")
    screenshot(page, "02-today")

    started = time.monotonic()
    page.click("text=Remplir le journal du jour")
    page.wait_for_url("**/journal/")
    page.click("text=Tout pris comme prévu")
    page.locator("#craving_intensity").fill("3")
    page.fill("#craving_onset", "18:15")
    page.click("[data-add=drinks-wine]")
    page.click("details.effects-box > summary")
    page.select_option("#effect-somnolence", "1")
    page.locator("#mood").fill("7")
    page.fill("#note", "Bonne journée, un verre au dîner.")
    screenshot(page, "03-journal-filled")
    page.click("text=Enregistrer la journée")

    page.wait_for_selector(".notice.ok")
    # A usual day in under 30 s. The browser needs about 2 s here (8 actions and a
    # screenshot); a person needs about one second per tap.
    assert time.monotonic() - started < 30
    screenshot(page, "04-journal-saved")
    entry = JournalEntry.objects.get(patient=patient, date=local_today())
    assert entry.dose_mg == 60
    assert entry.craving_intensity == 3
    assert [d["kind"] for d in entry.data["drinks"]] == ["wine"]
    assert entry.data["side_effects"] == [{"kind": "somnolence", "severity": 1}]

    page.click("text=Voir mes courbes")
    page.wait_for_url("**/charts/")
    page.wait_for_function("document.getElementById('staircase-chart').chart !== undefined")
    today_point = page.evaluate(
        """(day) => {
            const chart = document.getElementById('staircase-chart').chart;
            const rows = JSON.parse(document.getElementById('staircase-data').textContent);
            const i = rows.findIndex(r => r.date === day);
            return {taken: chart.data.datasets[1].data[i], craving: chart.data.datasets[2].data[i]};
        }""",
        local_today().isoformat(),
    )
    assert today_point == {"taken": 60, "craving": 3}
    screenshot(page, "05-charts")

    page.click("text=Essayer une autre répartition")
    page.wait_for_url("**/charts/planner/")
    page.wait_for_function("document.getElementById('planner-chart').chart !== undefined")
    before = page.evaluate("document.getElementById('planner-chart').chart.data.datasets[2].data")
    page.fill("#time-0", "12:00")
    after = page.evaluate("document.getElementById('planner-chart').chart.data.datasets[2].data")
    assert before != after
    # The 5-95% band comes back from POST /api/v1/pk/simulate a moment later.
    page.wait_for_function(
        "document.getElementById('planner-chart').chart.data.datasets[0].data.length > 100"
    )
    screenshot(page, "06-planner")

    page.goto("/progress/")
    assert page.locator(".stat .value").first.inner_text() == "13"
    screenshot(page, "07-progress")
    page.goto("/plan/")
    screenshot(page, "08-plan")


def test_the_planner_draws_the_same_curve_as_the_python_engine(phone, patient: User) -> None:
    """The browser's closed form equals ``baclo.pk.steady_state_concentration`` (1e-9 rel.)."""
    from baclo.pk import DailyIntake, load_model, steady_state_concentration

    page = phone
    page.goto("/accounts/login/")
    page.fill("#id_username", "camille")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.goto("/charts/planner/")
    page.wait_for_function("window.bacloSteadyState !== undefined")
    intakes = [{"hour": 8.0, "dose": 20.0}, {"hour": 16.5, "dose": 40.0}]
    hours = [0.0, 3.25, 9.0, 17.5, 23.75]
    browser = page.evaluate(
        "([intakes, hours]) => { const m = JSON.parse(document.getElementById('pk-model')"
        ".textContent); return hours.map(h => window.bacloSteadyState(m, intakes, h)); }",
        [intakes, hours],
    )
    daily = [
        DailyIntake(time=dt.time(8, 0), dose_mg=20),
        DailyIntake(time=dt.time(16, 30), dose_mg=40),
    ]
    python = steady_state_concentration(load_model(), daily, hours) * 1000
    assert browser == pytest.approx(list(python), rel=1e-9)
    assert json.loads(page.locator("#pk-model").text_content())["cl"] == load_model().cl_l_per_h
