"""Anonymous answering at a survey's link: no account, no IP address, rate limited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from baclo.web.survey import ratelimit
from baclo.web.survey.models import Answer, Source, Survey, SurveyStatus
from baclo.web.survey.questions import AnswerForm

REFUSAL_STATUS = {"no_session": 400, "session": 429, "survey": 429}


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, slug: str) -> HttpResponseBase:
    survey = get_object_or_404(Survey, slug=slug)
    if survey.status == SurveyStatus.DRAFT:
        raise Http404("not published")
    context = {"survey": survey}
    if not survey.is_open:
        return render(request, "survey/closed.html", context, status=410)
    questions = list(survey.questions.all())
    if request.method == "GET":
        ratelimit.form_shown(request.session, slug)
        context["form"] = AnswerForm(questions)
        return render(request, "survey/answer.html", context)
    form = AnswerForm(questions, request.POST)
    context["form"] = form
    try:
        ratelimit.check(request.session, slug)
    except ratelimit.RefusedError as refusal:
        ratelimit.form_shown(request.session, slug)
        context["refusal"] = refusal.code
        return render(request, "survey/answer.html", context, status=REFUSAL_STATUS[refusal.code])
    if form.is_valid():
        today = timezone.localdate()
        try:
            row = form.to_row(today)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            with transaction.atomic():
                Answer.objects.create(survey=survey, source=Source.WEB, submitted_on=today, **row)
            ratelimit.record(request.session, slug)
            return redirect("survey:thanks", slug=slug)
    return render(request, "survey/answer.html", context, status=422)


def thanks(request: HttpRequest, slug: str) -> HttpResponseBase:
    survey = get_object_or_404(Survey, slug=slug)
    if survey.status == SurveyStatus.DRAFT:
        raise Http404("not published")
    return render(request, "survey/thanks.html", {"survey": survey})
