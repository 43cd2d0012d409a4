"""The caller's plan (patients) and a linked patient's plan (prescribers), and their taper.

Whoever may change a plan may start or cancel its taper: ``PUT .../plan/taper`` starts one
(422 naming every bad field), ``DELETE .../plan/taper`` removes one not started yet or stops one
going on at today's dose; both answer the plan, whose days then follow the taper.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Status

from baclo.web.accounts.models import Role, User
from baclo.web.api.common import caller, json_body, require_role
from baclo.web.api.schemas import PLAN_BODY, TAPER_BODY
from baclo.web.care import services
from baclo.web.care.access import patient_for
from baclo.web.care.models import AccessAction, Plan
from baclo.web.journal.services import local_today

router = Router(tags=["plan"])


def _stored_plan(patient: User) -> Plan:
    """The patient's plan: 404 without one; a stored row the current rules refuse raises
    :class:`~baclo.web.care.unreadable.UnreadablePlanError` (409 with the explanation)."""
    plan = services.get_plan(patient)
    if plan is None:
        raise Http404("no plan yet")
    services.course_of(plan)
    return plan


def _payload(patient: User) -> dict[str, Any]:
    return services.plan_payload(_stored_plan(patient), local_today())


def _put(request: HttpRequest, actor: User, patient: User) -> Status[dict[str, Any]]:
    today = local_today()
    plan, created = services.set_plan(actor, patient, json_body(request), today=today)
    return Status(201 if created else 200, services.plan_payload(plan, today))


@router.get("/plan", summary="The caller's plan and its day-by-day doses")
def get_plan(request: HttpRequest) -> dict[str, Any]:
    return _payload(require_role(caller(request), Role.PATIENT))


@router.put(
    "/plan",
    response={200: dict[str, Any], 201: dict[str, Any]},
    openapi_extra=PLAN_BODY,
    summary="Create (201) or update (200) the caller's plan; above 80 mg/day: prescriber only",
)
def put_plan(request: HttpRequest) -> Status[dict[str, Any]]:
    patient = require_role(caller(request), Role.PATIENT)
    return _put(request, patient, patient)


@router.get("/plan/today", summary="Today's dose and intake times")
def get_today(request: HttpRequest) -> dict[str, Any]:
    patient = require_role(caller(request), Role.PATIENT)
    return services.today_plan(_stored_plan(patient), local_today())


@router.get("/patients/{patient_id}/plan", summary="A linked patient's plan")
def get_patient_plan(request: HttpRequest, patient_id: int) -> dict[str, Any]:
    return _payload(patient_for(caller(request), patient_id, request=request))


@router.put(
    "/patients/{patient_id}/plan",
    response={200: dict[str, Any], 201: dict[str, Any]},
    openapi_extra=PLAN_BODY,
    summary="Set a linked patient's plan; a ceiling above 80 needs ceiling_acknowledged",
)
def put_patient_plan(request: HttpRequest, patient_id: int) -> Status[dict[str, Any]]:
    actor = caller(request)
    patient = patient_for(actor, patient_id, action=AccessAction.CHANGE, request=request)
    return _put(request, actor, patient)


def _start_taper(request: HttpRequest, actor: User, patient: User) -> dict[str, Any]:
    today = local_today()
    plan = services.start_taper(actor, patient, json_body(request), today=today)
    return services.plan_payload(plan, today)


def _cancel_taper(actor: User, patient: User) -> dict[str, Any]:
    today = local_today()
    return services.plan_payload(services.cancel_taper(actor, patient, today=today), today)


@router.put(
    "/plan/taper",
    openapi_extra=TAPER_BODY,
    summary="Start a taper of the caller's plan (preset or custom); answers the plan",
)
def put_taper(request: HttpRequest) -> dict[str, Any]:
    patient = require_role(caller(request), Role.PATIENT)
    return _start_taper(request, patient, patient)


@router.delete(
    "/plan/taper",
    summary="Cancel the caller's taper: removed if not started, else held at today's dose",
)
def delete_taper(request: HttpRequest) -> dict[str, Any]:
    patient = require_role(caller(request), Role.PATIENT)
    return _cancel_taper(patient, patient)


@router.put(
    "/patients/{patient_id}/plan/taper",
    openapi_extra=TAPER_BODY,
    summary="Start a taper of a linked patient's plan; answers the plan",
)
def put_patient_taper(request: HttpRequest, patient_id: int) -> dict[str, Any]:
    actor = caller(request)
    patient = patient_for(actor, patient_id, action=AccessAction.CHANGE, request=request)
    return _start_taper(request, actor, patient)


@router.delete(
    "/patients/{patient_id}/plan/taper",
    summary="Cancel a linked patient's taper: removed if not started, else held",
)
def delete_patient_taper(request: HttpRequest, patient_id: int) -> dict[str, Any]:
    actor = caller(request)
    patient = patient_for(actor, patient_id, action=AccessAction.CHANGE, request=request)
    return _cancel_taper(actor, patient)
