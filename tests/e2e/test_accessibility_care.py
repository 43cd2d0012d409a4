"""axe-core on every prescriber and association page, in French on a phone: no serious or
critical violation of the WCAG 2.0, 2.1 and 2.2 A and AA rules.

The same axe-core, tags and run as the patient pages (:mod:`tests.e2e.test_accessibility`).
"""

from __future__ import annotations

import datetime as dt

import pytest

from baclo.stats.synthetic import generate
from baclo.web.accounts.models import Role, User
from baclo.web.care.models import CareLink, LinkStatus, Plan
from baclo.web.journal.services import local_today, save_entry
from baclo.web.safety.services import run_rules
from baclo.web.survey.dataset import store_cohort
from baclo.web.survey.models import Source, Survey
from baclo.web.survey.ready_made import ensure_ready_made_survey
from tests.e2e.test_accessibility import RUN_AXE, TAGS, axe_source

PASSWORD = "a-long-e2e-password-2026"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def prescriber(transactional_db) -> tuple[User, User]:
    """A prescriber linked to a patient four weeks into a titration, with a severe side effect
    (an open alert) in the journal."""
    doctor = User.objects.create_user(
        username="dr-lena", password=PASSWORD, role=Role.PRESCRIBER, last_name="Léna"
    )
    patient = User.objects.create_user(
        username="sami", password=PASSWORD, role=Role.PATIENT, first_name="Sami"
    )
    CareLink.objects.create(patient=patient, prescriber=doctor, status=LinkStatus.ACTIVE)
    today = local_today()
    Plan.objects.create(
        patient=patient,
        protocol="ameisen",
        start_date=today - dt.timedelta(days=28),
        craving_onset=dt.time(18, 0),
    )
    for back in range(0, 10):
        day = today - dt.timedelta(days=back)
        data = {
            "intakes": [{"time": "08:00", "dose_mg": 40}, {"time": "16:00", "dose_mg": 40}],
            "craving": {"intensity": 4, "onset": "18:00"},
            "side_effects": [{"kind": "somnolence", "severity": 3 if back == 0 else 1}],
            "drinks": [{"kind": "wine"}],
            "mood": 5,
        }
        save_entry(patient, day, data, today=day)
    run_rules(patient, today)
    return doctor, patient


@pytest.fixture
def analyst(transactional_db) -> User:
    """An association analyst with a published cohort."""
    user = User.objects.create_user(username="ines", password=PASSWORD, role=Role.ASSOCIATION)
    survey = ensure_ready_made_survey(user)
    store_cohort(generate(300, seed=5), survey=survey, source=Source.IMPORT)
    return user


def _violations(page, username: str, paths: list[str]) -> dict[str, list[dict]]:
    source = axe_source()
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    found = {}
    for path in paths:
        page.goto(path)
        page.evaluate(source)
        violations = page.evaluate(RUN_AXE, TAGS)
        if violations:
            found[path] = violations
    return found


def test_every_prescriber_page_has_no_serious_or_critical_violation(phone, prescriber) -> None:
    _, patient = prescriber
    paths = ["/patients/", "/patients/add/", "/accounts/password/change/"]
    paths += [f"/patients/{patient.pk}/{tail}" for tail in ("", "plan/", "alerts/")]
    assert _violations(phone, "dr-lena", paths) == {}


def test_every_association_page_has_no_serious_or_critical_violation(
    phone, screenshot, analyst
) -> None:
    paths = ["/survey/", "/survey/dashboard/", "/accounts/password/change/"]
    paths += [f"/survey/{survey.pk}/" for survey in Survey.objects.all()]
    assert _violations(phone, "ines", paths) == {}
    phone.goto("/survey/dashboard/")
    phone.wait_for_function("document.getElementById('dose-histogram').chart !== undefined")
    screenshot(phone, "22-association-dashboard")
