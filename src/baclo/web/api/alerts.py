"""Safety in the API: alerts and their one-tap actions, acknowledgement, questionnaires.

The same services as the pages: a questionnaire answer is scored by the core's validation and runs
the rules in the same request; an action changes the plan through the plan service; a prescriber
reaches a patient only through :func:`baclo.web.care.access.patient_for` (404 otherwise, logged).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from pydantic import Field

from baclo.errors import FieldError
from baclo.questionnaires import INSTRUMENTS
from baclo.web.accounts.models import Role
from baclo.web.api.common import caller, require_role
from baclo.web.care.access import patient_for
from baclo.web.care.models import AccessAction
from baclo.web.journal import services as journal_services
from baclo.web.safety import services
from baclo.web.safety.models import Alert, QuestionnaireResponse
from baclo.web.safety.prescriber_views import MAX_COMMENT_CHARS

router = Router(tags=["safety"])


class AcknowledgeIn(Schema):
    comment: str = Field("", max_length=MAX_COMMENT_CHARS, description="what was done")


class AnswersIn(Schema):
    answers: list[Any] = Field(description="one whole number per item, in item order")


def _not_found_as_404(error: FieldError) -> None:
    if error.code == "not_found":
        raise Http404(error.message) from None


def _alert_out(alert: Alert) -> dict[str, Any]:
    return {
        **alert.to_dict(),
        "patient_done": alert.patient_done_at is not None,
        "applied_action": alert.applied_action,
        "acknowledged_by": None
        if alert.acknowledged_by is None
        else alert.acknowledged_by.get_username(),
        "acknowledged_at": None
        if alert.acknowledged_at is None
        else alert.acknowledged_at.isoformat(),
        "comment": alert.comment,
    }


@router.get("/alerts", summary="The caller's open safety alerts, most severe first")
def list_alerts(request: HttpRequest) -> list[dict[str, Any]]:
    patient = require_role(caller(request), Role.PATIENT)
    return [_alert_out(a) for a in services.open_alerts(patient)]


@router.post(
    "/alerts/{alert_id}/actions/{index}",
    summary="Apply one suggested action of an alert to the caller's plan (once)",
)
def apply_action(request: HttpRequest, alert_id: int, index: int) -> dict[str, Any]:
    patient = require_role(caller(request), Role.PATIENT)
    try:
        action = services.apply_action(
            patient, patient, alert_id, index, today=journal_services.local_today()
        )
    except FieldError as error:
        _not_found_as_404(error)
        raise
    return {"applied": action}


@router.post(
    "/alerts/{alert_id}/dismiss",
    response={204: None},
    summary="The caller has read the alert (it stays open for the prescriber)",
)
def dismiss(request: HttpRequest, alert_id: int) -> HttpResponse:
    patient = require_role(caller(request), Role.PATIENT)
    try:
        services.dismiss(patient, alert_id)
    except FieldError as error:
        _not_found_as_404(error)
        raise
    return HttpResponse(status=204)


@router.get(
    "/patients/{patient_id}/alerts",
    summary="A linked patient's alerts: open ones first, then the acknowledged history",
)
def patient_alerts(request: HttpRequest, patient_id: int) -> list[dict[str, Any]]:
    patient = patient_for(caller(request), patient_id, request=request)
    history = Alert.objects.filter(patient=patient, status="acknowledged").select_related(
        "acknowledged_by"
    )[:200]
    return [_alert_out(a) for a in [*services.open_alerts(patient), *history]]


@router.post(
    "/patients/{patient_id}/alerts/{alert_id}/acknowledge",
    summary="Acknowledge a linked patient's open alert with a comment",
)
def acknowledge(
    request: HttpRequest, patient_id: int, alert_id: int, body: AcknowledgeIn
) -> dict[str, Any]:
    prescriber = require_role(caller(request), Role.PRESCRIBER)
    patient = patient_for(prescriber, patient_id, action=AccessAction.CHANGE, request=request)
    try:
        alert = services.acknowledge(prescriber, patient, alert_id, body.comment)
    except FieldError as error:
        _not_found_as_404(error)
        raise
    return _alert_out(alert)


@router.get("/questionnaires", summary="The caller's questionnaire scores, newest first")
def list_questionnaires(request: HttpRequest) -> list[dict[str, Any]]:
    patient = require_role(caller(request), Role.PATIENT)
    return [
        {
            "id": r.pk,
            "instrument": r.instrument,
            "date": r.date.isoformat(),
            "answers": r.answers,
            "score": r.score,
            "band": r.band,
        }
        for r in QuestionnaireResponse.objects.filter(patient=patient)[:500]
    ]


@router.post(
    "/questionnaires/{instrument}",
    response={201: dict[str, Any]},
    summary="Answer a questionnaire (audit, audit-c, phq9, ess); the safety rules run at once",
)
def answer(request: HttpRequest, instrument: str, body: AnswersIn) -> Status[dict[str, Any]]:
    patient = require_role(caller(request), Role.PATIENT)
    if instrument not in INSTRUMENTS:
        raise Http404("no such questionnaire")
    response, result, alerts = services.record_questionnaire(
        patient, instrument, body.answers, journal_services.local_today()
    )
    open_now = [_alert_out(a) for a in alerts if a.status == "open"]
    return Status(
        201,
        {
            **result.to_dict(),
            "id": response.pk,
            "date": response.date.isoformat(),
            "alerts": open_now,
        },
    )
