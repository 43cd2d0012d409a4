"""The caller's own journal, one entry per day addressed by its date (docs/architecture.md,
Contracts).

Writes may be conditional, so that a phone that saved a day offline never overwrites a change
made elsewhere meanwhile: every entry carries an ``ETag``; ``PUT`` with ``If-Match: "<etag>"``
(or ``If-None-Match: *`` for a day that had no entry) answers 412 with the current entry when
the day changed since. The page's offline queue also sends the journal form's own fields
(``application/x-www-form-urlencoded``), read by the same form class as the page, so that the
queue needs no second copy of the form's rules.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from baclo.errors import FieldError, ValidationError
from baclo.web.accounts.models import Role
from baclo.web.api.common import (
    MAX_BODY_BYTES,
    caller,
    date_range,
    json_body,
    path_day,
    require_role,
)
from baclo.web.api.schemas import ENTRY_BODY, EntryOut
from baclo.web.journal import services
from baclo.web.journal.forms import JournalForm
from baclo.web.safety import services as safety_services

router = Router(tags=["journal"])

FORM_TYPE = "application/x-www-form-urlencoded"


class Range(Schema):
    date_from: str | None = Field(None, alias="from", description="first date, YYYY-MM-DD")
    date_to: str | None = Field(None, alias="to", description="last date, YYYY-MM-DD")


class FormFieldError(Exception):
    """A form-encoded entry with bad fields, named as the journal page names them."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("invalid journal form")
        self.errors = errors


def etag(entry: Any) -> str:
    return f'"{services.entry_version(entry)}"'


def expected_version(request: HttpRequest) -> str | None:
    """The version the client read, from ``If-Match`` or ``If-None-Match: *``; ``None`` when
    the write is unconditional (a retry of a plain ``PUT`` stays harmless)."""
    if_none_match = request.headers.get("If-None-Match", "").strip()
    if if_none_match == "*":
        return services.NO_ENTRY
    if_match = request.headers.get("If-Match", "").strip()
    if not if_match or if_match == "*":
        return None
    return if_match.removeprefix("W/").strip('"')


def _form_entry(request: HttpRequest) -> tuple[dict[str, Any], JournalForm]:
    if len(request.body) > MAX_BODY_BYTES:
        raise FieldError("body", f"at most {MAX_BODY_BYTES} bytes", code="too_long")
    form = JournalForm.from_post(QueryDict(request.body, encoding="utf-8"))
    data = form.entry_data()
    if form.errors:
        raise FormFieldError(form.errors)
    return data, form


def _save(request: HttpRequest, patient: Any, date: Any) -> tuple[Any, bool]:
    if request.content_type != FORM_TYPE:
        return services.save_entry(
            patient, date, json_body(request), expected_version=expected_version(request)
        )
    data, form = _form_entry(request)
    try:
        return services.save_entry(patient, date, data, expected_version=expected_version(request))
    except ValidationError as error:
        form.add_field_errors(error.errors)
    except FieldError as error:
        form.add_field_errors([error])
    raise FormFieldError(form.errors)


@router.put(
    "/journal/{date}",
    response={200: EntryOut, 201: EntryOut},
    openapi_extra=ENTRY_BODY,
    summary="Create (201) or replace (200) the entry of a day; a retry is harmless",
    description=(
        "Send `If-Match` with the `ETag` you read (or `If-None-Match: *` for a day you saw "
        "empty) to refuse overwriting a change made meanwhile: 412 with the current entry."
    ),
)
def put_entry(request: HttpRequest, date: str, response: HttpResponse) -> Any:
    patient = require_role(caller(request), Role.PATIENT)
    day = path_day(date)
    try:
        entry, created = _save(request, patient, day)
    except services.VersionConflictError as conflict:
        return _conflict(conflict)
    except FormFieldError as error:
        detail = [
            {"field": name, "code": "invalid", "message": " ".join(messages)}
            for name, messages in error.errors.items()
        ]
        return _json(422, {"detail": detail})
    response["ETag"] = etag(entry)
    return Status(201 if created else 200, safety_services.entry_payload(entry))


def _json(status: int, body: dict[str, Any]) -> HttpResponse:
    return JsonResponse(body, status=status)


def _conflict(conflict: services.VersionConflictError) -> HttpResponse:
    current = conflict.current
    message = _("This day was changed elsewhere since it was opened: nothing was overwritten.")
    answer = _json(
        412,
        {
            "detail": [{"field": "date", "code": "conflict", "message": message}],
            "current": None if current is None else safety_services.entry_payload(current),
        },
    )
    answer["ETag"] = etag(current)
    return answer


@router.get("/journal/{date}", response=EntryOut, summary="The entry of a day")
def get_entry(request: HttpRequest, date: str, response: HttpResponse) -> dict[str, Any]:
    patient = require_role(caller(request), Role.PATIENT)
    entry = services.get_entry(patient, path_day(date))
    if entry is None:
        raise Http404("no entry for this date")
    response["ETag"] = etag(entry)
    return safety_services.entry_payload(entry)


@router.delete("/journal/{date}", response={204: None}, summary="Delete the entry of a day")
def delete_entry(request: HttpRequest, date: str) -> HttpResponse:
    patient = require_role(caller(request), Role.PATIENT)
    if not services.delete_entry(patient, path_day(date)):
        raise Http404("no entry for this date")
    return HttpResponse(status=204)


@router.get("/journal", response=list[EntryOut], summary="Entries between two dates, by date")
def list_entries(request: HttpRequest, query: Query[Range]) -> list[dict[str, Any]]:
    patient = require_role(caller(request), Role.PATIENT)
    start, end = date_range(query.date_from, query.date_to)
    return safety_services.entries_payload(patient, services.list_entries(patient, start, end))
