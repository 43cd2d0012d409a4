"""Journey (b): a patient gives a prescriber a code, accepts them; the prescriber sees them."""

from __future__ import annotations

import datetime as dt

import pytest

from baclo.web.accounts.models import Role, User
from baclo.web.care.models import AccessLog, CareLink, LinkStatus, Plan
from baclo.web.journal.services import local_today

from .test_patient_journey import history

PASSWORD = "a-long-e2e-password-2026"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cast(transactional_db) -> tuple[User, User]:
    patient = User.objects.create_user(
        username="camille", password=PASSWORD, role=Role.PATIENT, first_name="Camille"
    )
    doctor = User.objects.create_user(
        username="dr-martin", password=PASSWORD, role=Role.PRESCRIBER, last_name="Martin"
    )
    plan = Plan.objects.create(
        patient=patient,
        protocol="ameisen",
        start_date=local_today() - dt.timedelta(days=10),
        craving_onset=dt.time(18, 30),
    )
    history(plan, local_today(), 10)
    return patient, doctor


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_a_prescriber_sees_a_patient_only_after_the_patient_accepts(
    browser, live_server, screenshot, cast: tuple[User, User]
) -> None:
    patient, doctor = cast
    contexts = [
        browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
        for _ in range(2)
    ]
    patient_page, doctor_page = (context.new_page() for context in contexts)

    log_in(patient_page, "camille")
    patient_page.goto("/sharing/")
    patient_page.click("text=Créer un code")
    code = patient_page.locator("#invitation-code").inner_text()
    screenshot(patient_page, "09-patient-code")

    log_in(doctor_page, "dr-martin")
    doctor_page.goto("/patients/add/")
    doctor_page.fill("#id_code", code.lower().replace("-", " "))
    screenshot(doctor_page, "10-prescriber-enters-code")
    doctor_page.click("main button[type=submit]")
    doctor_page.wait_for_url("**/patients/")
    assert "Camille" in doctor_page.locator("main").inner_text()  # waiting, by her chosen name
    assert doctor_page.locator("#patients-table").count() == 0  # but nothing visible yet
    assert doctor_page.goto(f"/patients/{patient.pk}/").status == 404

    patient_page.goto("/sharing/")
    screenshot(patient_page, "11-patient-accepts")
    patient_page.click("button[value=accept]")
    patient_page.wait_for_selector(".messages .success")
    assert CareLink.objects.get(patient=patient, prescriber=doctor).status == LinkStatus.ACTIVE

    doctor_page.goto("/patients/")
    doctor_page.wait_for_selector("#patients-table")
    screenshot(doctor_page, "12-prescriber-patients")
    doctor_page.click("text=Camille")
    doctor_page.wait_for_url(f"**/patients/{patient.pk}/")
    doctor_page.wait_for_function("document.getElementById('staircase-chart').chart !== undefined")
    screenshot(doctor_page, "13-prescriber-patient-detail")
    assert AccessLog.objects.filter(actor=doctor, patient=patient).exists()

    patient_page.goto("/sharing/")
    access_log = patient_page.locator("section[aria-labelledby=log-title]").inner_text()
    assert "Martin" in access_log
    assert "dr-martin" not in access_log, "by name, not by login"
    patient_page.click("button[value=revoke]")
    patient_page.wait_for_selector(".messages .success")
    screenshot(patient_page, "14-patient-revoked")
    assert doctor_page.goto(f"/patients/{patient.pk}/").status == 404
    for context in contexts:
        context.close()
