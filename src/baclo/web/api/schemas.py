"""Schemas of the API's JSON, for the OpenAPI document and for shaping responses.

Request bodies of journal and plan writes are documented from :class:`EntryIn` and
:class:`PlanIn` but validated by the domain (``baclo.journal.parse_entry``, the plan services).
"""

from __future__ import annotations

from typing import Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field

from baclo.alcohol import DrinkKind
from baclo.journal import HealthEvent, SideEffectKind
from baclo.journal.entry import MAX_NOTE_CHARS


class IntakeIO(Schema):
    time: str = Field(..., examples=["08:00"], description="HH:MM")
    dose_mg: float = Field(..., gt=0, le=300)


class CravingIO(Schema):
    intensity: int = Field(..., ge=0, le=10)
    onset: str | None = Field(None, examples=["17:30"], description="HH:MM")


class DrinkIO(Schema):
    kind: DrinkKind
    volume_ml: float | None = Field(None, gt=0, le=5000, description="default: a usual serving")
    abv_percent: float | None = Field(None, gt=0, le=100)


class SideEffectIO(Schema):
    kind: SideEffectKind
    severity: int = Field(..., ge=0, le=3)


class EntryIn(Schema):
    intakes: list[IntakeIO] = []
    craving: CravingIO | None = None
    drinks: list[DrinkIO] = []
    side_effects: list[SideEffectIO] = []
    mood: int | None = Field(None, ge=0, le=10)
    note: str = Field("", max_length=MAX_NOTE_CHARS)
    health_events: list[HealthEvent] = Field(
        [], description="fluid losses and new medicines that day (kidney risk)"
    )


class EntryOut(EntryIn):
    date: str
    dose_mg: float
    alcohol_g: float
    standard_drinks: float
    alerts: list[dict[str, Any]] = []


class SplitIO(Schema):
    craving_onset: str | None = Field(None, description="HH:MM, the first craving of the day")
    wake: str = "07:00"
    sleep: str = "23:00"
    mode: Literal["targeted", "fractionated"] = "targeted"


def _partial_update(schema: dict[str, Any]) -> None:
    """A plan ``PUT`` keeps every omitted field, so every field has a default and none is
    required by the schema; ``protocol`` and ``start`` have no default to show, though.

    They are required only when the patient has no plan yet, which the schema cannot express;
    the server then answers 422 naming them.
    """
    for name in ("protocol", "start"):
        schema["properties"][name].pop("default", None)


class PlanIn(Schema):
    """A plan to create, or the fields of the stored plan to change (omitted fields are kept).

    Creating a plan needs ``protocol`` and ``start``; the defaults below apply to a new plan.
    """

    model_config = ConfigDict(json_schema_extra=_partial_update)

    protocol: str = Field(
        "", examples=["ameisen"], description="required when the patient has no plan yet"
    )
    start: str = Field(
        "", examples=["2026-01-05"], description="required when the patient has no plan yet"
    )
    ceiling_mg: int = Field(80, gt=0, le=300, description="above 80: prescriber only")
    ceiling_acknowledged: bool = Field(
        False, description="the prescriber's explicit acknowledgement of a ceiling above 80"
    )
    parameters: dict[str, Any] = {}
    events: list[dict[str, Any]] = Field(
        [], examples=[[{"kind": "hold", "date": "2026-01-20", "days": 3}]]
    )
    split: SplitIO | None = None
    tablets: list[float] = Field(
        [10],
        examples=[[10, 20]],
        description="the patient's tablet strengths in mg (scored; positive multiples of 0.5)",
    )


class TaperIn(Schema):
    start: str = Field(
        ..., examples=["2026-06-01"], description="day of the first reduction: today or later"
    )
    speed: Literal["slow", "fast", "custom"] = Field(
        "slow", description="slow: -10 mg every 28 days; fast: -10 mg every 7 days"
    )
    step_mg: float | None = Field(None, description="custom only: mg per reduction (1 or more)")
    interval_days: int | None = Field(None, description="custom only: days between reductions")
    to_mg: float = Field(0, ge=0, description="residual dose, mg/day")
    from_mg: float | None = Field(
        None,
        description="default: the plan's dose the day before start; never above it nor the ceiling",
    )
    override_reason: str | None = Field(
        None,
        description="prescriber only: why this taper goes beyond the limits (recorded with it)",
    )


def _inline(schema: dict[str, Any]) -> dict[str, Any]:
    """Replace pydantic's local ``$defs`` references so the schema stands alone in OpenAPI."""
    defs = schema.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return walk(defs[ref.removeprefix("#/$defs/")])
            return {key: walk(value) for key, value in node.items()}
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    return walk(schema)


def body_doc(schema: type[Schema]) -> dict[str, Any]:
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _inline(schema.model_json_schema())}},
        }
    }


ENTRY_BODY = body_doc(EntryIn)
PLAN_BODY = body_doc(PlanIn)
TAPER_BODY = body_doc(TaperIn)
