"""Helpers shared by the page views (not the API): role gates and the journal's date window.

A page meant for another role answers 404, like a resource the user may not see
(docs/architecture.md, Contracts), so that menus and URLs reveal nothing about other roles' pages.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponseBase

from baclo.journal.entry import EDIT_WINDOW_DAYS
from baclo.protocols.inputs import parse_date
from baclo.web.accounts.models import Role

View = Callable[..., HttpResponseBase]


def role_required(role: Role) -> Callable[[View], View]:
    """Log in first; then only users of ``role`` get the page, others a 404."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.user.role != role:
                raise Http404("not a page for this role")
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorate


patient_required = role_required(Role.PATIENT)
prescriber_required = role_required(Role.PRESCRIBER)


def edit_window(today: dt.date) -> list[dt.date]:
    """The days a patient may still fill in, oldest first: today and the 7 before."""
    return [today - dt.timedelta(days=n) for n in range(EDIT_WINDOW_DAYS, -1, -1)]


class IsoDateConverter:
    """``<isodate:day>`` in URLs: a YYYY-MM-DD date, anything else does not match (404)."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> dt.date:
        # A FieldError is a ValueError: a malformed date or one outside the window is no match.
        return parse_date("date", value)

    def to_url(self, value: dt.date | str) -> str:
        return value if isinstance(value, str) else value.isoformat()
