"""GET /api/v1/patients: a prescriber's linked, consenting patients."""

from __future__ import annotations

import pytest
from django.utils import timezone

from baclo.web.accounts.models import Role
from baclo.web.care.models import CareLink, LinkStatus
from tests.web.conftest import make_user

URL = "/api/v1/patients"


def test_it_lists_actively_linked_patients_with_their_last_entry(
    prescriber_client, patient, saved_entries
):
    response = prescriber_client.get(URL)
    assert response.status_code == 200
    assert response.json() == [
        {"id": patient.pk, "username": "alice", "last_entry": saved_entries[-1]}
    ]


@pytest.mark.parametrize("status", [LinkStatus.PENDING, LinkStatus.REVOKED])
def test_it_hides_patients_who_have_not_accepted_or_have_revoked(
    prescriber_client, prescriber, other_patient, status
):
    CareLink.objects.create(patient=other_patient, prescriber=prescriber, status=status)
    assert [p["username"] for p in prescriber_client.get(URL).json()] == ["alice"]


def test_a_revoked_link_removes_the_patient_at_once(prescriber_client, prescriber, patient):
    CareLink.objects.filter(patient=patient, prescriber=prescriber).update(
        status=LinkStatus.REVOKED, revoked_at=timezone.now()
    )
    assert prescriber_client.get(URL).json() == []


def test_an_unlinked_prescriber_sees_nobody(unlinked_prescriber_client, patient):
    assert unlinked_prescriber_client.get(URL).json() == []


def test_an_inactive_patient_is_not_listed(prescriber_client, patient):
    patient.is_active = False
    patient.save()
    assert prescriber_client.get(URL).json() == []


def test_a_linked_prescriber_account_is_not_a_patient(prescriber_client, prescriber):
    colleague = make_user("dr-gina", Role.PRESCRIBER)
    CareLink.objects.create(patient=colleague, prescriber=prescriber, status=LinkStatus.ACTIVE)
    assert [p["username"] for p in prescriber_client.get(URL).json()] == ["alice"]


@pytest.mark.parametrize("role", ["patient", "analyst", "staff"])
def test_other_roles_have_no_patients(client_of, role):
    assert client_of(role).get(URL).status_code == 403


def test_it_needs_credentials(anonymous_client):
    assert anonymous_client.get(URL).status_code == 401
