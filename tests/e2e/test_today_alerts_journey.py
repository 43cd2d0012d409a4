"""Today on a 390 x 844 phone with three open alerts: the dose of the day stays on the first screen,
the crisis panel above it, the alert cards below it."""

from __future__ import annotations

import datetime as dt

import pytest

from baclo.web.accounts.models import Role, User
from baclo.web.care.models import Plan
from baclo.web.journal.services import local_today, save_entry
from baclo.web.safety.models import Alert, HealthProfile

from .conftest import PHONE
from .test_safety_journey import PASSWORD, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def patient(transactional_db) -> User:
    """Titrating on de Beaurepaire for 16 days, on a benzodiazepine, with a hard day yesterday."""
    user = User.objects.create_user(
        username="sacha", password=PASSWORD, role=Role.PATIENT, language="fr"
    )
    Plan.objects.create(
        patient=user, protocol="beaurepaire", start_date=local_today() - dt.timedelta(days=16)
    )
    HealthProfile.objects.create(patient=user, medications=[{"name": "Lexomil"}])
    save_entry(
        user,
        local_today() - dt.timedelta(days=1),
        {
            "intakes": [{"time": "08:00", "dose_mg": 60}],
            "drinks": [{"kind": "wine"}] * 7,
            "side_effects": [{"kind": "dark_thoughts", "severity": 1}],
        },
    )
    return user


def test_the_dose_of_the_day_is_on_the_first_screen_with_three_open_alerts(
    phone, screenshot, patient: User
) -> None:
    rules = set(Alert.objects.filter(patient=patient).values_list("rule", flat=True))
    assert {"dark_thoughts", "heavy_drinking", "sedative_comedication"} <= rules
    page = phone
    log_in(page)
    page.goto("/today/")
    dose = page.locator("main .big-number")
    box = dose.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= PHONE["height"], f"the dose is below the first screen: {box}"
    assert dose.is_visible()
    panel = page.locator("#crisis-panel").bounding_box()
    assert panel is not None
    assert panel["y"] < box["y"], "the crisis panel comes first"
    cards = page.locator("article.safety-alert")
    assert cards.count() >= 3
    assert cards.first.bounding_box()["y"] > box["y"], "the alert cards come after the dose"
    screenshot(page, "safety-08-today-three-alerts")
