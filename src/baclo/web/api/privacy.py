"""A person's own data: export it all (JSON, or FHIR for patients); deletion is DELETE /me."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from baclo.web.accounts.models import Role
from baclo.web.accounts.services import export_user_data
from baclo.web.api.common import caller, require_role
from baclo.web.care.access import patient_for
from baclo.web.care.models import AccessAction
from baclo.web.journal.fhir import patient_bundle

router = Router(tags=["privacy"])


@router.get("/me/export", summary="Everything baclo stores about you, as one JSON document")
def export(request: HttpRequest) -> dict[str, Any]:
    return export_user_data(caller(request))


@router.get("/me/export/fhir", summary="Your journal as a FHIR R4 (R4B) Bundle")
def export_fhir(request: HttpRequest) -> dict[str, Any]:
    return patient_bundle(require_role(caller(request), Role.PATIENT))


@router.get(
    "/patients/{patient_id}/fhir",
    summary="A linked patient's journal as a FHIR R4 (R4B) Bundle (the export is logged)",
)
def patient_fhir(request: HttpRequest, patient_id: int) -> dict[str, Any]:
    return patient_bundle(
        patient_for(caller(request), patient_id, action=AccessAction.EXPORT, request=request)
    )
