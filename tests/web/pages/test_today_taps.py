"""One tap per intake on Today (journal.taps.tap): the answer lands in the day's journal entry."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from baclo.web.journal.models import JournalEntry
from baclo.web.journal.services import save_entry

from .conftest import NOT_PATIENTS, TODAY

TODAY_URL = reverse("journal:today")
TAP = reverse("journal:tap")


def rows(client: Client) -> list[dict]:
    return client.get(TODAY_URL).context["intake_rows"]


def test_today_lists_each_planned_intake_with_its_tablets(patient_client: Client, plan) -> None:
    listed = rows(patient_client)
    assert sum(r["dose_mg"] for r in listed) == 60
    assert all(r["state"] == "pending" for r in listed)
    assert all("× 10 mg" in r["tablets"] for r in listed)


def test_one_tap_records_the_intake_taken_at_its_planned_time(
    patient_client: Client, patient, plan
) -> None:
    first = rows(patient_client)[0]
    response = patient_client.post(TAP, {"action": "taken", "planned": first["time"]})
    assert response.status_code == 302
    entry = JournalEntry.objects.get(patient=patient, date=TODAY)
    assert entry.data["intakes"] == [
        {"time": first["time"], "dose_mg": first["dose_mg"], "planned": first["time"]}
    ]
    assert rows(patient_client)[0]["state"] == "taken"


def test_taken_at_another_time_keeps_that_time(patient_client: Client, patient, plan) -> None:
    first = rows(patient_client)[0]
    patient_client.post(
        TAP, {"action": "taken_other_time", "planned": first["time"], "at": "10:40"}
    )
    assert rows(patient_client)[0] == {
        **first,
        "state": "taken_other_time",
        "taken_at": "10:40",
    }


def test_skipped_is_recorded_and_counts_no_dose(patient_client: Client, patient, plan) -> None:
    first = rows(patient_client)[0]
    patient_client.post(TAP, {"action": "skipped", "planned": first["time"]})
    entry = JournalEntry.objects.get(patient=patient, date=TODAY)
    assert (entry.dose_mg, entry.data["skipped"]) == (0, [first["time"]])


def test_all_as_planned_takes_every_pending_intake_in_one_tap(
    patient_client: Client, patient, plan
) -> None:
    patient_client.post(TAP, {"action": "all"})
    assert JournalEntry.objects.get(patient=patient, date=TODAY).dose_mg == 60
    assert {r["state"] for r in rows(patient_client)} == {"taken"}


def test_a_tap_keeps_what_the_journal_already_holds(patient_client: Client, patient, plan) -> None:
    save_entry(patient, TODAY, {"mood": 7, "drinks": [{"kind": "wine"}]}, today=TODAY)
    patient_client.post(TAP, {"action": "all"})
    entry = JournalEntry.objects.get(patient=patient, date=TODAY)
    assert (entry.mood, len(entry.data["drinks"]), entry.dose_mg) == (7, 1, 60)


def test_undo_takes_the_answer_back(patient_client: Client, patient, plan) -> None:
    first = rows(patient_client)[0]
    patient_client.post(TAP, {"action": "taken", "planned": first["time"]})
    patient_client.post(TAP, {"action": "pending", "planned": first["time"]})
    assert rows(patient_client)[0]["state"] == "pending"


def test_the_journal_shows_the_ticks_and_keeps_them_on_save(
    patient_client: Client, patient, plan
) -> None:
    listed = rows(patient_client)
    patient_client.post(TAP, {"action": "taken", "planned": listed[0]["time"]})
    patient_client.post(TAP, {"action": "skipped", "planned": listed[1]["time"]})
    page = patient_client.get(reverse("journal:day_today"))
    journal_rows = [r for r in page.context["intake_rows"] if r["time"]]
    assert [(r["time"], r["taken"]) for r in journal_rows][:2] == [
        (listed[0]["time"], True),
        (listed[1]["time"], False),
    ]
    assert 'id="skipped-intakes"' in page.content.decode()
    # Saving the journal page as it is keeps both answers.
    form = {k: v for k, v in page.context["v"].items() if v}
    patient_client.post(reverse("journal:day_today"), {**form, "version": page.context["version"]})
    states = [r["state"] for r in rows(patient_client)]
    assert states[:2] == ["taken", "skipped"]


@pytest.mark.parametrize(
    "post",
    [
        pytest.param({"action": "taken", "planned": "03:17"}, id="not-planned-today"),
        pytest.param({"action": "eaten", "planned": "08:00"}, id="unknown-action"),
        pytest.param(
            {"action": "taken_other_time", "planned": "PLANNED", "at": "25:99"}, id="bad-time"
        ),
    ],
)
def test_a_bad_tap_changes_nothing_and_says_why(
    patient_client: Client, patient, plan, post: dict
) -> None:
    if post["planned"] == "PLANNED":
        post = {**post, "planned": rows(patient_client)[0]["time"]}
    response = patient_client.post(TAP, post, follow=True)
    assert response.status_code == 200
    assert list(response.context["messages"])
    assert not JournalEntry.objects.filter(patient=patient).exists()


def test_a_tap_without_a_plan_changes_nothing(patient_client: Client, patient) -> None:
    response = patient_client.post(TAP, {"action": "all"}, follow=True)
    assert list(response.context["messages"])
    assert not JournalEntry.objects.filter(patient=patient).exists()


def test_it_rejects_get(patient_client: Client) -> None:
    assert patient_client.get(TAP).status_code == 405


@NOT_PATIENTS
def test_other_roles_get_404(request, client_name: str) -> None:
    assert request.getfixturevalue(client_name).post(TAP, {"action": "all"}).status_code == 404
