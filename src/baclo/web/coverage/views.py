"""One action: the patient applies a timing suggestion to their plan (POST, one tap)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baclo.errors import InputError
from baclo.protocols.inputs import parse_clock
from baclo.web import clock
from baclo.web.coverage import services
from baclo.web.pages import patient_required


@patient_required
@require_POST
def apply(request: HttpRequest) -> HttpResponse:
    """Aim the plan's targeted split at the suggested onset; the journal decides what is offered."""
    try:
        minute = parse_clock("onset", request.POST.get("onset", ""))
        onset = dt.time(minute // 60, minute % 60)
        services.apply_suggestion(request.user, onset, clock.local_today())
    except InputError:
        messages.error(request, _("This suggestion is no longer offered: nothing was changed."))
    else:
        messages.success(
            request,
            _("Your plan now times your intakes before %(onset)s.")
            % {"onset": onset.strftime("%H:%M")},
        )
    return redirect("journal:charts")
