"""The django-ninja API mounted at ``/api/v1/`` and its error contract (docs/architecture.md,
Contracts).

* bad input, from the domain (:class:`~baclo.errors.InputError`) or from ninja's own parsing:
  422 ``{"detail": [{"field", "code", "message"}, ...]}``, every bad field named;
* a resource the caller may not see: 404, exactly like one that does not exist;
* a stored plan that the current rules refuse (saved before a rule changed): 409
  ``{"detail": [...], "explanation": "..."}`` until a ``PUT`` of the plan repairs it;
* a resource the caller's role does not have (a prescriber's "own journal"): 403;
* no credentials: 401.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from baclo.errors import FieldError, InputError, ValidationError
from baclo.web.api import accounts, alerts, coverage, journal, levels, patients, pk, plan, privacy
from baclo.web.api.auth import API_AUTH
from baclo.web.api.common import RoleError
from baclo.web.api.openapi import DocumentedErrorsAPI
from baclo.web.care.unreadable import UnreadablePlanError

api = DocumentedErrorsAPI(
    title="baclo API",
    version="1",
    description=(
        "Journal, plan and simulation of a baclofen treatment. Authenticate with "
        "`POST /api/v1/auth/token` and send `Authorization: Bearer <token>`."
    ),
    auth=API_AUTH,
    urls_namespace="api",
)
api.add_router("", accounts.router)
api.add_router("", journal.router)
api.add_router("", plan.router)
api.add_router("", patients.router)
api.add_router("", pk.router)
api.add_router("", levels.router)
api.add_router("", coverage.router)
api.add_router("", privacy.router)
api.add_router("", alerts.router)


def field_errors(error: InputError) -> list[dict[str, str]]:
    if isinstance(error, ValidationError):
        errors = error.errors
    elif isinstance(error, FieldError):
        errors = [error]
    else:
        return [{"field": "body", "code": "invalid", "message": str(error)}]
    return [{"field": e.field, "code": e.code, "message": e.message} for e in errors]


@api.exception_handler(UnreadablePlanError)
def unreadable_plan(request: HttpRequest, error: UnreadablePlanError) -> HttpResponse:
    # A stored plan the current rules refuse: the caller's input did not cause it; a PUT fixes it.
    return api.create_response(request, error.to_dict(), status=409)


@api.exception_handler(InputError)
def input_error(request: HttpRequest, error: InputError) -> HttpResponse:
    return api.create_response(request, {"detail": field_errors(error)}, status=422)


_LOCATIONS = {"body", "query", "path", "header", "cookie", "form", "file"}


def _ninja_field(loc: Any) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in _LOCATIONS:
        parts = parts[1:]
    # ninja nests a body or query schema under its parameter name; the caller does not see it.
    if len(parts) > 1 and parts[0] in {"credentials", "query"}:
        parts = parts[1:]
    return ".".join(parts) or "body"


@api.exception_handler(NinjaValidationError)
def ninja_validation_error(request: HttpRequest, error: NinjaValidationError) -> HttpResponse:
    detail = [
        {
            "field": _ninja_field(item.get("loc", ())),
            "code": str(item.get("type", "invalid")),
            "message": str(item.get("msg", "invalid")),
        }
        for item in error.errors
    ]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(RoleError)
def role_error(request: HttpRequest, error: RoleError) -> HttpResponse:
    return api.create_response(request, {"detail": str(error)}, status=403)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    # ninja answers 400 "Cannot parse request body" to malformed JSON: name the field like 422s.
    if error.status_code == 400:
        detail: Any = [{"field": "body", "code": "json", "message": error.message}]
        return api.create_response(request, {"detail": detail}, status=422)
    return api.create_response(request, {"detail": error.message}, status=error.status_code)
