"""Who may use the association's pages: the association role and staff; others get a 404
(docs/architecture.md (Contracts): a page meant for another role reveals nothing)."""

from __future__ import annotations

import functools
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404

from baclo.web.accounts.models import Role
from baclo.web.pages import View
from baclo.web.survey.models import Survey

ANALYST_ROLES = frozenset({Role.ASSOCIATION, Role.STAFF})


def association_required(view: View) -> View:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.role not in ANALYST_ROLES:
            raise Http404("not a page for this role")
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def survey_for(pk: int) -> Survey:
    return get_object_or_404(Survey, pk=pk)
