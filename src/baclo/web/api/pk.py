"""``POST /pk/simulate``: the curve of ``baclo simulate --format json`` for a daily schedule."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from importlib import resources
from typing import Any

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema
from pydantic import Field

import baclo
from baclo.errors import FieldError, ValidationError
from baclo.journal.entry import MAX_INTAKE_MG
from baclo.pk import DailyIntake, simulate
from baclo.web.api.common import json_body
from baclo.web.api.schemas import IntakeIO, body_doc
from baclo.web.inputs import clock_field

router = Router(tags=["pharmacokinetics"])

# The CLI accepts up to 365 days; over HTTP a month keeps the answer under ~1 MB (6-minute grid).
MAX_API_DAYS = 31
MAX_INTAKES = 12
FIELDS = frozenset({"intakes", "days", "crcl_ml_min"})


class SimulateIn(Schema):
    intakes: list[IntakeIO]
    days: int = Field(7, ge=1, le=MAX_API_DAYS)
    crcl_ml_min: float | None = Field(None, gt=0, le=250, description="creatinine clearance")


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _intakes(value: Any, errors: list[FieldError]) -> list[DailyIntake]:
    if not isinstance(value, list) or not value:
        errors.append(FieldError("intakes", "must be a non-empty list", code="required"))
        return []
    if len(value) > MAX_INTAKES:
        errors.append(FieldError("intakes", f"at most {MAX_INTAKES} intakes", code="too_many"))
        return []
    daily = []
    for index, item in enumerate(value):
        path = f"intakes[{index}]"
        if not isinstance(item, dict):
            errors.append(FieldError(path, "must be an object", code="type"))
            continue
        clock: dt.time | None = None
        try:
            clock = clock_field(item.get("time"), f"{path}.time")
        except FieldError as error:
            errors.append(error)
        dose = item.get("dose_mg")
        if not _number(dose):
            errors.append(
                FieldError(f"{path}.dose_mg", f"must be a number, got {dose!r}", code="type")
            )
        elif dose > MAX_INTAKE_MG:
            # The journal's limit, and the one the OpenAPI document states (IntakeIO).
            errors.append(
                FieldError(
                    f"{path}.dose_mg",
                    f"at most {MAX_INTAKE_MG:g} mg in one intake, got {dose!r}",
                    code="range",
                )
            )
        elif clock is not None:
            daily.append(DailyIntake(time=clock, dose_mg=float(dose)))
    return daily


@router.post(
    "/pk/simulate",
    openapi_extra=body_doc(SimulateIn),
    summary="Concentration curve of a daily schedule (the json of `baclo simulate`)",
)
def simulate_curve(request: HttpRequest) -> HttpResponse:
    body = json_body(request)
    if not isinstance(body, dict):
        raise FieldError("body", "expected a JSON object", code="type")
    errors = [
        FieldError(key, "unknown field", code="unknown") for key in sorted(set(body) - FIELDS)
    ]
    daily = _intakes(body.get("intakes"), errors)
    days = body.get("days", 7)
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_API_DAYS:
        errors.append(FieldError("days", f"must be 1-{MAX_API_DAYS}, got {days!r}", code="range"))
    crcl = body.get("crcl_ml_min")
    if crcl is not None and not _number(crcl):
        errors.append(FieldError("crcl_ml_min", f"must be a number, got {crcl!r}", code="type"))
    if errors:
        raise ValidationError(errors)
    return _simulation_json(daily, days, crcl)


def _simulation_json(daily: list[DailyIntake], days: int, crcl: float | None) -> HttpResponse:
    """The JSON of :func:`baclo.pk.simulate`, from the ``simulations`` cache when the same
    schedule was simulated before: the curve is a pure function of the schedule, the days, the
    clearance and the bundled models, and computing it (a population of virtual subjects) costs
    far more than reading it back."""
    inputs = {
        "intakes": sorted((f"{i.time:%H:%M}", i.dose_mg) for i in daily),
        "days": days,
        "crcl_ml_min": crcl,
        "models": _models_digest(),
    }
    canonical = json.dumps(inputs, sort_keys=True, separators=(",", ":"))
    key = "pk-simulate:" + hashlib.sha256(canonical.encode()).hexdigest()
    simulations = caches["simulations"]
    body = simulations.get(key)
    if body is None:
        body = json.dumps(simulate(daily, days=days, crcl_ml_min=crcl).to_dict()).encode()
        simulations.set(key, body)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


@functools.cache
def _models_digest() -> str:
    """What the cached curves depend on besides the request: baclo's version and the bundled
    models' data files (a new release or a corrected parameter never serves an old curve)."""
    digest = hashlib.sha256(baclo.__version__.encode())
    for path in sorted(resources.files("baclo.pk").joinpath("drugs").iterdir(), key=str):
        digest.update(path.read_bytes())
    return digest.hexdigest()
