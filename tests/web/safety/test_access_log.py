"""'Who saw my data' (safety.patient_views.access_log) over the append-only care.AccessLog."""

from __future__ import annotations

import pytest
from django.urls import reverse

from baclo.web.care.models import AccessLog

URL = reverse("safety:access_log")


def test_a_prescribers_visit_shows_on_the_patients_page(patient, prescriber_client, patient_client):
    prescriber_client.get(reverse("care:patient", args=[patient.pk]), REMOTE_ADDR="203.0.113.7")
    html = patient_client.get(URL).content.decode()
    table = html[html.index('id="access-log"') :]
    assert "dr-carol" in table
    assert "203.0.113.7" in table
    assert f"/patients/{patient.pk}/" in table


def test_the_patients_own_reads_are_not_listed(patient, patient_client):
    patient_client.get(reverse("safety:overview"))
    assert 'id="access-log"' not in patient_client.get(URL).content.decode()


def test_a_patient_sees_only_their_own_log(patient, prescriber_client, other_patient_client):
    prescriber_client.get(reverse("care:patient", args=[patient.pk]))
    assert "dr-carol" not in other_patient_client.get(URL).content.decode()


@pytest.mark.parametrize("role", ["prescriber", "analyst", "staff"])
def test_only_patients_have_this_page(client_of, role):
    assert client_of(role).get(URL).status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_the_page_cannot_change_the_log(patient, prescriber_client, patient_client, method):
    prescriber_client.get(reverse("care:patient", args=[patient.pk]))
    response = getattr(patient_client, method)(URL)
    assert response.status_code == 405
    assert AccessLog.objects.filter(patient=patient).count() == 1


def test_a_log_row_cannot_be_edited_or_deleted_through_the_model(patient, prescriber_client):
    prescriber_client.get(reverse("care:patient", args=[patient.pk]))
    row = AccessLog.objects.get(patient=patient)
    row.path = "/forged/"
    with pytest.raises(ValueError, match="append-only"):
        row.save()
    with pytest.raises(ValueError, match="append-only"):
        row.delete()
    assert AccessLog.objects.get(patient=patient).path != "/forged/"


def test_the_admin_site_cannot_change_or_delete_the_log(patient, prescriber_client, staff_client):
    prescriber_client.get(reverse("care:patient", args=[patient.pk]))
    row = AccessLog.objects.get(patient=patient)
    base = f"/admin/care/accesslog/{row.pk}"
    staff_client.post(f"{base}/change/", {"path": "/forged/", "actor_username": "x"})
    staff_client.post(f"{base}/delete/", {"post": "yes"})
    assert AccessLog.objects.get(pk=row.pk).path == f"/patients/{patient.pk}/"


def test_the_sharing_page_links_to_the_full_log(patient_client):
    assert f'href="{URL}"' in patient_client.get(reverse("care:sharing")).content.decode()
