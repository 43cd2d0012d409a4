"""Offline journal on a phone: a day saved without network waits on the phone (IndexedDB), is
still there after a reload without network (the page comes from the service worker), and is
sent exactly once when the network comes back; a day changed elsewhere meanwhile is shown as a
conflict and never overwritten."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from baclo.web.accounts.models import Role, User
from baclo.web.care.models import Plan
from baclo.web.journal.models import JournalEntry
from baclo.web.journal.services import local_today, save_entry

PASSWORD = "a-long-e2e-password-2026"
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def patient(transactional_db) -> User:
    user = User.objects.create_user(
        username="sasha", password=PASSWORD, role=Role.PATIENT, language="fr"
    )
    Plan.objects.create(
        patient=user,
        protocol="beaurepaire",
        start_date=local_today() - dt.timedelta(days=16),
        craving_onset=dt.time(18, 0),
    )
    return user


def open_journal_kept_offline(page) -> list[str]:
    """Log in, open today's journal under the service worker's control; returns the list that
    collects the journal PUTs the page sends."""
    puts: list[str] = []
    page.on(
        "request",
        lambda r: puts.append(r.url) if r.method == "PUT" and "/api/v1/journal/" in r.url else None,
    )
    page.goto("/accounts/login/")
    page.fill("#id_username", "sasha")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/today/")
    page.goto("/journal/")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    # Read once under the worker's control, so that this page is kept for offline reading.
    page.reload()
    wait_until_kept(page, "/journal/")
    return puts


def wait_until_kept(page, path: str, timeout_s: float = 30) -> None:
    """Wait until the service worker's page cache holds ``path`` (evaluate awaits the promise)."""
    deadline = time.monotonic() + timeout_s
    kept = "(path) => caches.open('baclo-pages').then(c => c.match(location.origin + path))"
    while page.evaluate(f"({kept})({path!r}).then(r => r !== undefined)") is not True:
        assert time.monotonic() < deadline, f"{path} was not kept for offline reading"
        time.sleep(0.2)


def test_today_and_the_last_fourteen_days_read_without_network(
    installed_phone, patient: User
) -> None:
    page = installed_phone
    open_journal_kept_offline(page)
    oldest = f"/journal/{(local_today() - dt.timedelta(days=13)).isoformat()}/"
    wait_until_kept(page, oldest)
    page.context.set_offline(True)
    page.goto("/today/")
    assert page.locator(".big-number").inner_text().startswith("60")
    page.goto(oldest)
    assert page.locator("#read-only").is_visible()
    page.goto("/charts/planner/")
    assert page.locator("h1").inner_text() == "Pas de réseau"


def save_offline(page, note: str) -> None:
    page.context.set_offline(True)
    page.click("text=Tout pris comme prévu")
    page.fill("#note", note)
    page.click("text=Enregistrer la journée")
    page.wait_for_selector("#offline-queue [data-status=queued]")


def test_a_day_saved_offline_is_kept_across_a_reload_and_sent_once_online(
    installed_phone, screenshot, patient: User
) -> None:
    page = installed_phone
    puts = open_journal_kept_offline(page)
    save_offline(page, "Sans réseau dans le train.")
    assert "Enregistré sur ce téléphone" in page.locator("#offline-queue").inner_text()
    screenshot(page, "15-journal-offline-queued")

    page.reload()
    page.wait_for_selector("#offline-queue [data-status=queued]")
    assert page.input_value("#note") == "Sans réseau dans le train."
    assert not JournalEntry.objects.filter(patient=patient).exists()

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_function("document.querySelector('#offline-queue [data-queue-item]') === null")
    page.wait_for_load_state()
    entries = JournalEntry.objects.filter(patient=patient)
    assert entries.count() == 1
    entry = entries.get()
    assert entry.date == local_today()
    assert entry.data["note"] == "Sans réseau dans le train."
    assert entry.dose_mg == 60
    assert len(puts) == 1


def test_a_day_changed_elsewhere_while_offline_is_shown_as_a_conflict(
    installed_phone, patient: User
) -> None:
    page = installed_phone
    open_journal_kept_offline(page)
    save_offline(page, "Version du téléphone.")
    today = local_today()
    save_entry(patient, today, {"note": "Version de l'ordinateur."}, today=today)

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_selector("#offline-queue [data-status=conflict]")
    assert "modifié ailleurs" in page.locator("#offline-queue").inner_text()
    assert JournalEntry.objects.get(patient=patient).data["note"] == "Version de l'ordinateur."

    page.click("text=Garder la mienne")
    page.wait_for_function("document.querySelector('#offline-queue [data-queue-item]') === null")
    assert JournalEntry.objects.get(patient=patient).data["note"] == "Version du téléphone."


def test_a_day_the_server_refuses_stays_on_the_phone_with_its_message(
    installed_phone, patient: User
) -> None:
    page = installed_phone
    open_journal_kept_offline(page)
    page.context.set_offline(True)
    page.fill("#intake-0-dose_mg", "900")
    page.check("#intake-0-taken")
    page.click("text=Enregistrer la journée")
    page.wait_for_selector("#offline-queue [data-status=queued]")

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_selector("#offline-queue [data-status=refused]")
    item = page.locator("#offline-queue [data-status=refused]").inner_text()
    assert "300 mg" in item
    assert not JournalEntry.objects.filter(patient=patient).exists()

    page.reload()
    page.wait_for_selector("#offline-queue [data-status=refused]")
    assert page.input_value("#intake-0-dose_mg") == "900"
