"""``GET /patients/{id}/coverage``: the craving-coverage analysis of a patient's journal.

The same numbers as the timing card (:mod:`baclo.coverage`, docs/coverage-model.md): the
exposure of each journal day of the last 8 weeks, the craving and side-effect fits (or why not
yet), the onset and the suggestions with their curves. The patient reads their own; a linked
prescriber reads a consenting patient's (logged); anyone else gets 404.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from baclo.web import clock
from baclo.web.api.common import caller
from baclo.web.care.access import patient_for
from baclo.web.coverage import services

router = Router(tags=["coverage"])


@router.get(
    "/patients/{patient_id}/coverage",
    summary="Which level at craving onset ends the craving; timing and dose suggestions",
)
def patient_coverage(request: HttpRequest, patient_id: int) -> dict[str, Any]:
    patient = patient_for(caller(request), patient_id, request=request)
    found = services.coverage_of(patient, clock.local_today())
    if found is None:
        return {"status": "no_data", "message": "no plan or no journal entry yet"}
    return {"status": "ok", **found.to_dict()}
