"""care.access: who may see whom, and the append-only log of others' accesses."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.test import RequestFactory

from baclo.web.care.access import can_see, linked_patients, patient_for
from baclo.web.care.models import AccessAction, AccessLog


def test_the_patient_and_the_linked_prescriber_may_see(patient, prescriber):
    assert can_see(patient, patient)
    assert can_see(prescriber, patient)
    assert list(linked_patients(prescriber)) == [patient]


@pytest.mark.parametrize("role", ["other_patient", "unlinked_prescriber", "analyst", "staff"])
def test_nobody_else_may(request, patient, role):
    outsider = request.getfixturevalue(role)
    assert not can_see(outsider, patient)
    with pytest.raises(Http404):
        patient_for(outsider, patient.pk)
    assert not AccessLog.objects.exists()


def test_a_prescribers_access_is_logged_with_path_and_ip(prescriber, patient):
    request = RequestFactory().get("/somewhere?x=1", REMOTE_ADDR="198.51.100.4")
    assert (
        patient_for(prescriber, patient.pk, action=AccessAction.EXPORT, request=request) == patient
    )
    log = AccessLog.objects.get()
    assert (log.actor_username, log.action, log.path, log.ip) == (
        "dr-carol",
        AccessAction.EXPORT,
        "/somewhere?x=1",
        "198.51.100.4",
    )


@pytest.mark.parametrize("patient_id", ["abc", None, -1, 10**12])
def test_odd_ids_are_404(prescriber, patient_id):
    with pytest.raises(Http404):
        patient_for(prescriber, patient_id)


def test_the_log_is_append_only(prescriber, patient):
    patient_for(prescriber, patient.pk)
    log = AccessLog.objects.get()
    log.action = AccessAction.DELETE
    with pytest.raises(ValueError, match="append-only"):
        log.save()
    with pytest.raises(ValueError, match="append-only"):
        log.delete()
