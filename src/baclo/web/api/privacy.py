"""A person's own data: export it all (JSON, CSV files in a zip, or FHIR for patients); deletion
is DELETE /me."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router

from baclo.web.accounts.models import Role
from baclo.web.api.common import caller, require_role
from baclo.web.care.access import patient_for
from baclo.web.care.models import AccessAction
from baclo.web.journal.fhir import patient_bundle
from baclo.web.privacy.export_csv import export_zip
from baclo.web.privacy.services import export_user_data
from baclo.web.privacy.views import zip_response

router = Router(tags=["privacy"])


@router.get("/me/export", summary="Everything baclo stores about you, as one JSON document")
def export(request: HttpRequest) -> dict[str, Any]:
    return export_user_data(caller(request))


@router.get(
    "/me/export/csv",
    response={200: None},
    summary="Everything baclo stores about you, as CSV files in one zip (journal.csv first)",
)
def export_csv(request: HttpRequest) -> HttpResponse:
    return zip_response(export_zip(caller(request)))


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
