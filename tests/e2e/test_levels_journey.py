"""Journey: a prescriber enters a measured level; the patient's own curve shows beside the typical.

The level is read against the intakes of the patient's journal; the page must show the card in
French, draw both curves without a JavaScript error, and refuse a unit confusion on the field.
"""

from __future__ import annotations

import datetime as dt

import pytest

from baclo.web.accounts.models import User
from baclo.web.care.models import CareLink, LinkStatus
from baclo.web.journal.services import local_today
from baclo.web.levels.models import IndividualEstimate

from .test_prescriber_journey import cast, log_in  # noqa: F401 (the fixture 'cast', by name)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def linked(request: pytest.FixtureRequest) -> tuple[User, User]:
    """The prescriber journey's patient (with a plan and a journal) and doctor, already linked."""
    patient, doctor = request.getfixturevalue("cast")
    CareLink.objects.create(patient=patient, prescriber=doctor, status=LinkStatus.ACTIVE)
    return patient, doctor


def test_a_prescriber_enters_a_level_and_sees_the_patients_own_curve(
    phone, screenshot, linked: tuple[User, User]
) -> None:
    patient, _ = linked
    page = phone
    log_in(page, "dr-martin")
    page.goto(f"/patients/{patient.pk}/")
    assert "Aucun dosage pour l'instant" in page.locator("main").inner_text()
    page.click("text=Saisir un dosage")
    yesterday = local_today() - dt.timedelta(days=1)
    page.fill("#id_taken_at", f"{yesterday.isoformat()}T11:00")
    page.fill("#id_value", "300")
    page.select_option("#id_unit", "mg/L")
    page.click("main button[type=submit]")
    page.wait_for_selector(".errorlist")
    assert "1 000 fois" in page.locator("main").inner_text()
    assert not IndividualEstimate.objects.exists()

    page.select_option("#id_unit", "ng/mL")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/patients/{patient.pk}/")
    card = page.locator("#pk-own-title").locator("xpath=..")
    assert "Ce patient" in card.inner_text()
    assert "Au début du craving (18:30)" in card.inner_text()
    page.wait_for_function("document.getElementById('pk-own').chart !== undefined")
    assert page.evaluate("document.getElementById('pk-own').chart.data.datasets.length") == 6
    screenshot(page, "16-prescriber-measured-level")
    assert IndividualEstimate.objects.get().patient == patient
