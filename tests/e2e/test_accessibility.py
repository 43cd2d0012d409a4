"""axe-core on every patient page, in French on a phone: no serious or critical violation of
the WCAG 2.0, 2.1 and 2.2 A and AA rules.

axe-core is installed from the npm registry by ``make axe`` (which ``.ci/run`` calls) into
``var/axe``, outside the repository: its version is pinned in the Makefile. It is run through
Playwright's ``evaluate``, which a Content-Security-Policy without inline scripts does not block.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone

from baclo.web.accounts.models import Role, User
from baclo.web.care.models import Plan
from baclo.web.journal.services import local_today, save_entry
from baclo.web.phone.models import StockCount
from baclo.web.phone.reminders import create_feed

PASSWORD = "a-long-e2e-password-2026"
pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).resolve().parents[2] / "var/axe/node_modules/axe-core/axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
PAGES = [
    "/today/",
    "/journal/",
    "/journal/OLD/",
    "/plan/",
    "/charts/",
    "/charts/planner/",
    "/progress/",
    "/reminders/",
    "/stock/",
    "/questionnaires/",
    "/questionnaires/phq9/",
    "/safety/",
    "/safety/health/",
    "/safety/access-log/",
    "/safety/kidney/",
    "/sharing/",
    "/sharing/association/",
    "/accounts/password/change/",
    "/accounts/delete/",
    "/offline/",
]
#: Pages also shot for the README (make screenshots).
SHOTS = {
    "/reminders/": "19-reminders",
    "/stock/": "20-stock",
    "/accounts/password/change/": "21-account",
}
RUN_AXE = """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(result =>
  result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({id: v.id, impact: v.impact,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))"""


def axe_source() -> str:
    if not AXE.exists():
        message = f"{AXE} not found (make axe)"
        if os.environ.get("BACLO_REQUIRE_E2E", "").strip() not in {"", "0"}:
            pytest.fail(f"BACLO_REQUIRE_E2E is set but {message}", pytrace=False)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def patient(transactional_db) -> User:
    """Six weeks into a titration with a fortnight of journal, a calendar address and a count."""
    user = User.objects.create_user(
        username="nour", password=PASSWORD, role=Role.PATIENT, language="fr"
    )
    today = local_today()
    Plan.objects.create(
        patient=user,
        protocol="beaurepaire",
        start_date=today - dt.timedelta(days=40),
        craving_onset=dt.time(18, 0),
    )
    for back in range(1, 15):
        day = today - dt.timedelta(days=back)
        data = {
            "intakes": [{"time": "08:00", "dose_mg": 20}],
            "mood": 6,
            "drinks": [{"kind": "wine"}],
        }
        save_entry(user, day, data, today=day)
    create_feed(user)
    StockCount.objects.create(patient=user, counted_at=timezone.now(), halves={"10": 2 * 90})
    return user


def test_every_patient_page_has_no_serious_or_critical_violation(
    phone, screenshot, patient: User
) -> None:
    source = axe_source()
    page = phone
    page.goto("/accounts/login/")
    page.fill("#id_username", "nour")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/today/")
    old = (local_today() - dt.timedelta(days=20)).isoformat()
    found = {}
    for path in PAGES:
        page.goto(path.replace("OLD", old))
        page.evaluate(source)
        violations = page.evaluate(RUN_AXE, TAGS)
        if violations:
            found[path] = violations
        if path in SHOTS:
            screenshot(page, SHOTS[path])
    assert found == {}
