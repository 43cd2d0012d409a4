"""My data on the account page: the exports of the API as downloads, and account deletion with
the password asked again (privacy.views.export, privacy.views.delete_me)."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from baclo.web.accounts.models import User
from baclo.web.journal.models import JournalEntry
from baclo.web.journal.services import save_entry

from ..conftest import PASSWORD
from .conftest import TODAY

ACCOUNT = reverse("password_change")
DELETE = reverse("delete_account")


def export(client: Client, kind: str):
    return client.get(reverse("export", args=[kind]))


def test_the_account_page_offers_the_three_exports_and_deletion(patient_client: Client) -> None:
    page = patient_client.get(ACCOUNT).content.decode()
    for kind in ("csv", "json", "fhir"):
        assert reverse("export", args=[kind]) in page
    assert DELETE in page


def test_the_json_download_is_the_apis_export(patient_client: Client, patient) -> None:
    response = export(patient_client, "json")
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    api = patient_client.get("/api/v1/me/export").json()
    assert data.keys() == api.keys()
    assert data["account"]["username"] == patient.username


def test_the_csv_zip_has_the_journal_in_the_columns_coverage_reads(
    patient_client: Client, patient
) -> None:
    day = {
        "intakes": [{"time": "08:00", "dose_mg": 20}, {"time": "17:00", "dose_mg": 25}],
        "craving": {"intensity": 4, "onset": "18:30"},
        "side_effects": [{"kind": "fatigue", "severity": 2}],
        "note": "a, b",
    }
    save_entry(patient, TODAY, day, today=TODAY)
    response = export(patient_client, "csv")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert {"README.txt", "journal.csv", "account.csv", "care_links.csv"} <= set(archive.namelist())
    [row] = list(csv.DictReader(io.StringIO(archive.read("journal.csv").decode())))
    assert row["date"] == TODAY.isoformat()
    assert row["intakes"] == "08:00=20;17:00=25"
    assert (row["craving_intensity"], row["craving_onset"], row["side_effects_max"]) == (
        "4",
        "18:30",
        "2",
    )
    assert row["note"] == "a, b"


def test_the_csv_zip_reads_back_with_the_journal_csv_reader(
    patient_client: Client, patient
) -> None:
    from baclo.coverage.journal_csv import read_journal_csv

    save_entry(patient, TODAY, {"intakes": [{"time": "08:00", "dose_mg": 20}]}, today=TODAY)
    archive = zipfile.ZipFile(io.BytesIO(export(patient_client, "csv").content))
    [entry] = read_journal_csv(archive.read("journal.csv").decode())
    assert entry.dose_mg == 20


def test_the_csv_zip_is_the_api_one_too(patient_client: Client) -> None:
    response = patient_client.get("/api/v1/me/export/csv")
    assert response.status_code == 200
    assert zipfile.ZipFile(io.BytesIO(response.content)).testzip() is None


def test_the_fhir_download_is_a_bundle(patient_client: Client) -> None:
    assert json.loads(export(patient_client, "fhir").content)["resourceType"] == "Bundle"


@pytest.mark.parametrize(
    ("client_name", "kind"), [("prescriber_client", "fhir"), ("patient_client", "xml")]
)
def test_an_export_that_does_not_exist_answers_404(request, client_name: str, kind: str) -> None:
    assert export(request.getfixturevalue(client_name), kind).status_code == 404


def test_deletion_with_the_password_deletes_everything_and_logs_out(
    patient_client: Client, patient
) -> None:
    save_entry(patient, TODAY, {"mood": 5}, today=TODAY)
    response = patient_client.post(DELETE, {"password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert not User.objects.filter(pk=patient.pk).exists()
    assert not JournalEntry.objects.exists()
    assert not response.context["user"].is_authenticated


@pytest.mark.parametrize("password", ["", "wrong-password"], ids=["empty", "wrong"])
def test_deletion_without_the_right_password_deletes_nothing(
    patient_client: Client, patient, password: str
) -> None:
    response = patient_client.post(DELETE, {"password": password})
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.content.decode()
    assert User.objects.filter(pk=patient.pk).exists()


def test_deletion_needs_a_login(client: Client) -> None:
    assert client.post(DELETE, {"password": PASSWORD}).status_code == 302
