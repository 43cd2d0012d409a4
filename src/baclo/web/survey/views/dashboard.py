"""The association's dashboard: the published (k-anonymous) statistics, and its CSV export."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from baclo.web.survey import pdf
from baclo.web.survey.access import association_required
from baclo.web.survey.models import Survey
from baclo.web.survey.report import default_k, published_report, report_csv


class _QueryError(Exception):
    pass


def _query(request: HttpRequest) -> tuple[Survey | None, int]:
    """The survey (empty: the whole dataset) and k asked for; k never below the site's k."""
    raw_survey, raw_k = request.GET.get("survey", ""), request.GET.get("k", "")
    survey = None
    if raw_survey:
        if not raw_survey.isdigit():
            raise _QueryError(_("Unknown survey %(value)r.") % {"value": raw_survey})
        survey = Survey.objects.filter(pk=int(raw_survey)).first()
        if survey is None:
            raise _QueryError(_("Unknown survey %(value)r.") % {"value": raw_survey})
    minimum = default_k()
    if not raw_k:
        return survey, minimum
    if not raw_k.isdigit() or int(raw_k) < minimum or int(raw_k) > 1000:
        raise _QueryError(
            _("k must be a whole number from %(min)d to 1000, got %(value)r.")
            % {"min": minimum, "value": raw_k}
        )
    return survey, int(raw_k)


def _charts(report: dict[str, Any]) -> dict[str, Any]:
    dose = report.get("effective_dose_mg") or {}
    km = report.get("time_to_effective") or {}
    return {
        "histogram": dose.get("histogram") or [],
        "km": km.get("curve") or [],
    }


@association_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponseBase:
    context: dict[str, Any] = {"surveys": Survey.objects.all()}
    try:
        survey, k = _query(request)
    except _QueryError as error:
        context["error"] = str(error)
        return render(request, "survey/dashboard.html", context, status=422)
    report = published_report(survey, k)
    context.update(
        survey=survey,
        k=k,
        report=report,
        charts=_charts(report),
        subgroups=[
            (dimension.removeprefix("by_"), name, group)
            for dimension, members in report["subgroups"].items()
            for name, group in members.items()
        ],
        query=request.GET.urlencode(),
    )
    return render(request, "survey/dashboard.html", context)


def _download(
    request: HttpRequest, extension: str, content_type: str, render: Any
) -> HttpResponseBase:
    """The published report of the query as a file; ``render(report, title, k)`` -> body."""
    try:
        survey, k = _query(request)
    except _QueryError as error:
        return HttpResponse(str(error), status=422, content_type="text/plain; charset=utf-8")
    title = survey.title if survey else _("Association dataset")
    response = HttpResponse(
        render(published_report(survey, k), title, k), content_type=content_type
    )
    name = f"survey-{survey.pk}" if survey else "dataset"
    response["Content-Disposition"] = f'attachment; filename="{name}-report-k{k}.{extension}"'
    return response


@association_required
@require_GET
def report_export(request: HttpRequest) -> HttpResponseBase:
    return _download(
        request, "csv", "text/csv; charset=utf-8", lambda report, title, k: report_csv(report)
    )


@association_required
@require_GET
def report_pdf(request: HttpRequest) -> HttpResponseBase:
    return _download(
        request,
        "pdf",
        "application/pdf",
        lambda report, title, k: pdf.render_pdf(report, title=title, k=k),
    )
