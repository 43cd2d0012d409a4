"""The association designs surveys: list, create, add or remove questions, open or close."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from baclo.web.survey.access import association_required, survey_for
from baclo.web.survey.forms import QuestionForm, SurveyForm
from baclo.web.survey.models import Question, Survey, SurveyStatus
from baclo.web.survey.ready_made import ensure_ready_made_survey


@association_required
@require_http_methods(["GET", "POST"])
def survey_list(request: HttpRequest) -> HttpResponseBase:
    form = SurveyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        survey = form.save(commit=False)
        survey.created_by = request.user
        survey.save()
        return redirect("survey:detail", pk=survey.pk)
    surveys = Survey.objects.all()
    return render(
        request,
        "survey/list.html",
        {"surveys": surveys, "form": form},
        status=422 if form.errors else 200,
    )


@association_required
@require_POST
def ready_made(request: HttpRequest) -> HttpResponseBase:
    survey = ensure_ready_made_survey(request.user)
    return redirect("survey:detail", pk=survey.pk)


@association_required
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    survey = survey_for(pk)
    form = QuestionForm(request.POST if request.method == "POST" else None, survey=survey)
    if request.method == "POST":
        if survey.status != SurveyStatus.DRAFT:
            messages.error(request, _("Questions can only change while the survey is a draft."))
            return redirect("survey:detail", pk=survey.pk)
        if form.is_valid():
            form.save()
            return redirect("survey:detail", pk=survey.pk)
    context = {
        "survey": survey,
        "questions": survey.questions.all(),
        "form": form,
        "answers": survey.answers.count(),
        "public_url": request.build_absolute_uri(f"/s/{survey.slug}/"),
    }
    return render(request, "survey/detail.html", context, status=422 if form.errors else 200)


@association_required
@require_POST
def delete_question(request: HttpRequest, pk: int, question_pk: int) -> HttpResponseBase:
    survey = survey_for(pk)
    question = get_object_or_404(Question, pk=question_pk, survey=survey)
    if survey.status != SurveyStatus.DRAFT:
        raise Http404("questions of a published survey cannot be removed")
    question.delete()
    return redirect("survey:detail", pk=survey.pk)


@association_required
@require_POST
def set_status(request: HttpRequest, pk: int) -> HttpResponseBase:
    survey = survey_for(pk)
    status = request.POST.get("status", "")
    if status not in SurveyStatus.values:
        raise Http404("unknown status")
    if status == SurveyStatus.OPEN and not survey.questions.exists():
        messages.error(request, _("Add at least one question before publishing."))
        return redirect("survey:detail", pk=survey.pk)
    with transaction.atomic():
        survey.status = status
        survey.save(update_fields=["status"])
    return redirect("survey:detail", pk=survey.pk)
