"""The caller's own journal, one entry per day addressed by its date (docs/architecture.md,
Contracts)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from baclo.web.accounts.models import Role
from baclo.web.api.common import caller, date_range, json_body, path_day, require_role
from baclo.web.api.schemas import ENTRY_BODY, EntryOut
from baclo.web.journal import services

router = Router(tags=["journal"])


class Range(Schema):
    date_from: str | None = Field(None, alias="from", description="first date, YYYY-MM-DD")
    date_to: str | None = Field(None, alias="to", description="last date, YYYY-MM-DD")


@router.put(
    "/journal/{date}",
    response={200: EntryOut, 201: EntryOut},
    openapi_extra=ENTRY_BODY,
    summary="Create (201) or replace (200) the entry of a day; a retry is harmless",
)
def put_entry(request: HttpRequest, date: str) -> Status[dict[str, Any]]:
    patient = require_role(caller(request), Role.PATIENT)
    entry, created = services.save_entry(patient, path_day(date), json_body(request))
    return Status(201 if created else 200, services.entry_payload(entry))


@router.get("/journal/{date}", response=EntryOut, summary="The entry of a day")
def get_entry(request: HttpRequest, date: str) -> dict[str, Any]:
    patient = require_role(caller(request), Role.PATIENT)
    entry = services.get_entry(patient, path_day(date))
    if entry is None:
        raise Http404("no entry for this date")
    return services.entry_payload(entry)


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
    return services.entries_payload(patient, services.list_entries(patient, start, end))
