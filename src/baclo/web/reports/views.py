"""The report as a download: for a linked prescriber, and for the patient themself.

The prescriber's view gets the patient from :func:`baclo.web.care.access.patient_for` on its
first line (404 for anyone else, exactly like a patient that does not exist) and logs the
download as an export. The patient's own report is not logged: the access log answers "who else
saw my data".
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from baclo.errors import FieldError
from baclo.web.accounts.models import User
from baclo.web.care.access import patient_for
from baclo.web.care.models import AccessAction
from baclo.web.journal.services import local_today
from baclo.web.pages import patient_required, prescriber_required
from baclo.web.reports.content import build_report, parse_period
from baclo.web.reports.pdf import render_pdf


def _report(request: HttpRequest, patient: User) -> HttpResponse:
    today = local_today()
    try:
        period = parse_period(request.GET, today)
    except FieldError as error:
        return HttpResponseBadRequest(
            _("Bad period (%(field)s): %(message)s")
            % {"field": error.field, "message": error.message},
            content_type="text/plain; charset=utf-8",
        )
    pdf = render_pdf(build_report(patient, period, today=today))
    name = f"baclo-{patient.get_username()}-{period.start}-{period.end}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    # A medical document: never kept by a shared proxy or the browser's cache.
    response["Cache-Control"] = "private, no-store"
    return response


@prescriber_required
@require_GET
def patient_report(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = patient_for(request.user, patient_id, action=AccessAction.EXPORT, request=request)
    return _report(request, patient)


@patient_required
@require_GET
def my_report(request: HttpRequest) -> HttpResponse:
    return _report(request, request.user)
