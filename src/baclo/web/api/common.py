"""Helpers shared by the API routers: the caller, dates in paths and queries, raw JSON bodies.

Bodies of journal and plan writes are parsed here and validated by the domain (the same
validators as the pages and the CLI), not by pydantic, so that ``"4"`` is refused as a craving
intensity everywhere alike, and every bad field is named at once.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.http import HttpRequest

from baclo.errors import FieldError
from baclo.web.accounts.models import Role, User
from baclo.web.inputs import date_field

MAX_BODY_BYTES = 64 * 1024


class RoleError(Exception):
    """The caller's role has no such resource (a prescriber asking for *their* journal)."""


def caller(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user


def require_role(user: User, role: Role) -> User:
    if user.role != role:
        raise RoleError(f"only a {role.value} account has this resource")
    return user


def parse_day(value: str | None, field: str) -> dt.date | None:
    """A ``YYYY-MM-DD`` date, or ``None`` when absent; ``2026-02-30`` is refused."""
    if value is None or value == "":
        return None
    return date_field(value, field)


def path_day(value: str) -> dt.date:
    day = parse_day(value, "date")
    if day is None:
        raise FieldError("date", "a date YYYY-MM-DD is required", code="required")
    return day


def date_range(date_from: str | None, date_to: str | None) -> tuple[dt.date | None, dt.date | None]:
    start, end = parse_day(date_from, "from"), parse_day(date_to, "to")
    if start is not None and end is not None and start > end:
        raise FieldError("from", f"{start} is after to={end}", code="range")
    return start, end


def json_body(request: HttpRequest) -> Any:
    """The request body as JSON; oversized or malformed bodies are refused as input errors."""
    if len(request.body) > MAX_BODY_BYTES:
        raise FieldError(
            "body", f"at most {MAX_BODY_BYTES} bytes, got {len(request.body)}", code="too_long"
        )
    try:
        return json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError) as error:
        raise FieldError("body", f"not valid JSON ({error})", code="json") from None
    except RecursionError:
        # "[[[[...]]]]" nested thousands deep fits in the size limit but exhausts the parser.
        raise FieldError("body", "JSON nested too deeply", code="json") from None
