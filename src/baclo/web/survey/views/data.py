"""CSV in and out of a survey: import with a validation report, export in the same columns."""

from __future__ import annotations

import io

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from baclo.errors import InputError
from baclo.stats.csvfile import read_cohort, write_cohort
from baclo.web.survey.access import association_required, survey_for
from baclo.web.survey.dataset import load_cohort
from baclo.web.survey.forms import ImportForm
from baclo.web.survey.importing import import_cohort


@association_required
@require_http_methods(["GET", "POST"])
def import_csv(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Good rows are stored, every bad row is listed with its line and reason (the stats core
    reader in non-strict mode); a file that is not a cohort CSV at all stores nothing. A row
    whose id the survey already holds, or that repeats an earlier line's id, is skipped and
    counted (importing the same file twice stores it once)."""
    survey = survey_for(pk)
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None)
    context = {"survey": survey, "form": form}
    if request.method == "POST" and form.is_valid():
        try:
            read = read_cohort(form.cleaned_data["file"].read(), strict=False)
        except InputError as error:
            form.add_error("file", str(error))
        else:
            result = import_cohort(read, survey, submitted_on=timezone.localdate())
            context.update(result=result, issues=read.issues)
            return render(request, "survey/import_report.html", context)
    status = 422 if form.errors else 200
    return render(request, "survey/import.html", context, status=status)


@association_required
@require_GET
def export_csv(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Every answer of the survey in the cohort CSV contract (no free text: no such column)."""
    survey = survey_for(pk)
    out = io.BytesIO()
    write_cohort(load_cohort(survey, with_ids=True), out)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}.csv"'
    return response
