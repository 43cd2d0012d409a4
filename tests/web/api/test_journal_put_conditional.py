"""PUT /api/v1/journal/{date} with If-Match / If-None-Match, and the journal form's own fields.

The phone's offline queue sends a day it saved without network once the network is back; these
tests hold its promises: a change made meanwhile is never overwritten (412 with the current
entry), a retry whose answer was lost is harmless, and bad fields come back named as the page
names them.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.test import Client

from baclo.web.journal.models import JournalEntry
from tests.web.api.conftest import USUAL_DAY, day
from tests.web.conftest import send_json

FORM = "application/x-www-form-urlencoded"
DAY_FIELDS = {
    "intake-0-taken": "on",
    "intake-0-time": "08:00",
    "intake-0-dose_mg": "20",
    "drinks-wine": "1",
    "note": "from the phone",
}


def url(date: str) -> str:
    return f"/api/v1/journal/{date}"


def put_form(client: Client, date: str, fields: dict[str, str], **headers: str):
    return client.generic("PUT", url(date), urlencode(fields), content_type=FORM, headers=headers)


def test_every_answer_carries_the_version_as_an_etag(patient_client, today):
    created = send_json(patient_client, "put", url(day(today, 0)), USUAL_DAY)
    read = patient_client.get(url(day(today, 0)))
    assert created["ETag"] == read["ETag"]
    assert created["ETag"].startswith('"')


def test_a_put_matching_the_version_read_replaces_the_entry(patient_client, patient, today):
    tag = send_json(patient_client, "put", url(day(today, 0)), USUAL_DAY)["ETag"]
    response = send_json(patient_client, "put", url(day(today, 0)), {"mood": 2}, If_Match=tag)
    assert response.status_code == 200
    assert response["ETag"] != tag
    assert JournalEntry.objects.get(patient=patient).mood == 2


def test_a_day_changed_since_it_was_read_answers_412_and_keeps_the_change(
    patient_client, patient, today
):
    tag = send_json(patient_client, "put", url(day(today, 0)), USUAL_DAY)["ETag"]
    send_json(patient_client, "put", url(day(today, 0)), {"mood": 9})
    response = send_json(patient_client, "put", url(day(today, 0)), {"mood": 2}, If_Match=tag)
    assert response.status_code == 412
    body = response.json()
    assert body["detail"][0]["code"] == "conflict"
    assert body["current"]["mood"] == 9
    assert response["ETag"] == patient_client.get(url(day(today, 0)))["ETag"]
    assert JournalEntry.objects.get(patient=patient).mood == 9


def test_a_create_only_put_refuses_a_day_filled_elsewhere(patient_client, patient, today):
    send_json(patient_client, "put", url(day(today, 1)), {"mood": 9})
    response = send_json(patient_client, "put", url(day(today, 1)), {"mood": 2}, If_None_Match="*")
    assert response.status_code == 412
    assert JournalEntry.objects.get(patient=patient).mood == 9


def test_a_create_only_put_creates_an_empty_day(patient_client, today):
    response = send_json(patient_client, "put", url(day(today, 1)), {"mood": 2}, If_None_Match="*")
    assert response.status_code == 201


def test_a_retried_conditional_put_whose_answer_was_lost_succeeds(patient_client, patient, today):
    first = send_json(patient_client, "put", url(day(today, 2)), {"mood": 4}, If_None_Match="*")
    again = send_json(patient_client, "put", url(day(today, 2)), {"mood": 4}, If_None_Match="*")
    assert (first.status_code, again.status_code) == (201, 200)
    assert JournalEntry.objects.filter(patient=patient).count() == 1


def test_the_journal_form_fields_are_read_like_the_page(patient_client, patient, today):
    response = put_form(patient_client, day(today, 0), DAY_FIELDS)
    assert response.status_code == 201
    body = response.json()
    assert body["intakes"] == [{"time": "08:00", "dose_mg": 20}]
    assert [d["kind"] for d in body["drinks"]] == ["wine"]
    assert body["note"] == "from the phone"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        pytest.param("intake-0-dose_mg", "900", id="dose-too-high"),
        pytest.param("drinks-wine", "1.5", id="half-a-drink"),
        pytest.param("intake-0-time", "25:00", id="no-such-time"),
    ],
)
def test_bad_form_fields_answer_422_named_as_the_page_names_them(
    patient_client, patient, today, field, value
):
    response = put_form(patient_client, day(today, 0), {**DAY_FIELDS, field: value})
    assert response.status_code == 422
    assert [d["field"] for d in response.json()["detail"]] == [field]
    assert not JournalEntry.objects.filter(patient=patient).exists()


def test_a_form_put_checks_the_version_too(patient_client, patient, today):
    send_json(patient_client, "put", url(day(today, 0)), {"mood": 9})
    response = put_form(patient_client, day(today, 0), DAY_FIELDS, If_None_Match="*")
    assert response.status_code == 412
    assert JournalEntry.objects.get(patient=patient).mood == 9
