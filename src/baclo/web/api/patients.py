"""A prescriber's linked, consenting patients and their journal."""

from __future__ import annotations

from typing import Any

from django.db.models import Max
from django.http import HttpRequest
from ninja import Query, Router

from baclo.web.accounts.models import Role
from baclo.web.api.common import caller, date_range, require_role
from baclo.web.api.journal import Range
from baclo.web.api.schemas import EntryOut
from baclo.web.care.access import linked_patients, patient_for
from baclo.web.journal import services
from baclo.web.safety import services as safety_services

router = Router(tags=["patients"])


@router.get("/patients", summary="Patients who accepted the caller as their prescriber")
def list_patients(request: HttpRequest) -> list[dict[str, Any]]:
    prescriber = require_role(caller(request), Role.PRESCRIBER)
    patients = linked_patients(prescriber).annotate(last_entry=Max("journal_entries__date"))
    return [
        {
            "id": patient.pk,
            "username": patient.username,
            "last_entry": None if patient.last_entry is None else patient.last_entry.isoformat(),
        }
        for patient in patients
    ]


@router.get(
    "/patients/{patient_id}/journal",
    response=list[EntryOut],
    summary="A linked patient's journal between two dates (the access is logged)",
)
def patient_journal(
    request: HttpRequest, patient_id: int, query: Query[Range]
) -> list[dict[str, Any]]:
    start, end = date_range(query.date_from, query.date_to)
    patient = patient_for(caller(request), patient_id, request=request)
    return safety_services.entries_payload(patient, services.list_entries(patient, start, end))
