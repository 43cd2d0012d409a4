"""``/patients/{id}/pk/individualise``: the patient's own PK parameters from measured levels.

The linked prescriber (active, consented link; every access logged) or the patient themself
sends the measured levels; the intakes come from the patient's journal. The estimate is stored
(``baclo.web.levels``) and returned; refused input stores nothing and answers 422 naming the
field (``unit_suspected`` asks to correct the unit or resend with ``units_confirmed``).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from pydantic import Field

from baclo.errors import FieldError, ValidationError
from baclo.web.api.common import caller, json_body
from baclo.web.api.schemas import body_doc
from baclo.web.care.access import patient_for
from baclo.web.care.models import AccessAction
from baclo.web.levels import services
from baclo.web.levels.models import latest_for

router = Router(tags=["pharmacokinetics"])

FIELDS = frozenset({"samples", "units_confirmed", "model"})


class LevelIn(Schema):
    taken_at: str = Field(description="local date and time of the sample, YYYY-MM-DDTHH:MM")
    value: float = Field(gt=0, description="the measured level")
    unit: str = Field("ng/mL", description="ng/mL or mg/L")


class IndividualiseIn(Schema):
    samples: list[LevelIn] = Field(min_length=1, max_length=services.MAX_SAMPLES)
    units_confirmed: bool = Field(False, description="the unit is right though 1,000x off")
    model: str | None = Field(None, description="PK parameter set (default: simon-2018)")


@router.post(
    "/patients/{patient_id}/pk/individualise",
    openapi_extra=body_doc(IndividualiseIn),
    summary="The patient's own CL/F and V/F from measured levels and the journal (stored)",
)
def individualise_levels(request: HttpRequest, patient_id: int) -> dict[str, Any]:
    user = caller(request)
    patient = patient_for(user, patient_id, action=AccessAction.CHANGE, request=request)
    body = json_body(request)
    if not isinstance(body, dict):
        raise FieldError("body", "expected a JSON object", code="type")
    unknown = [FieldError(k, "unknown field", code="unknown") for k in sorted(set(body) - FIELDS)]
    if unknown:
        raise ValidationError(unknown)
    confirmed = body.get("units_confirmed", False)
    if not isinstance(confirmed, bool):
        raise FieldError(
            "units_confirmed", f"must be true or false, got {confirmed!r}", code="type"
        )
    model = body.get("model")
    if model is not None and not isinstance(model, str):
        raise FieldError("model", f"must be a model id, got {model!r}", code="type")
    samples = services.parse_samples(body.get("samples"))
    estimate = services.individualise_patient(
        patient, samples, by=user, units_confirmed=confirmed, model_id=model
    )
    return services.estimate_payload(estimate)


@router.get(
    "/patients/{patient_id}/pk/individual",
    summary="The patient's latest individual PK estimate (404 if none)",
)
def latest_individual(request: HttpRequest, patient_id: int) -> dict[str, Any]:
    patient = patient_for(caller(request), patient_id, request=request)
    estimate = latest_for(patient)
    if estimate is None:
        raise Http404("no individual estimate yet")
    return services.estimate_payload(estimate)
