"""A patient shares (or withdraws) the anonymous summary of their course."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from baclo.web.journal.services import local_today
from baclo.web.pages import patient_required
from baclo.web.survey import pooling
from baclo.web.survey.forms import PoolForm
from baclo.web.survey.models import PoolConsent


@patient_required
@require_http_methods(["GET", "POST"])
def share(request: HttpRequest) -> HttpResponseBase:
    patient = request.user
    today = local_today()
    consent = PoolConsent.objects.filter(patient=patient).select_related("answer").first()
    summary = pooling.course_summary(patient, today)
    if request.method == "POST" and request.POST.get("action") == "revoke":
        if pooling.revoke(patient):
            messages.success(request, _("Your summary was deleted from the association's data."))
        return redirect("survey:share")
    if request.method == "POST" and request.POST.get("action") != "share":
        raise Http404("unknown action")
    initial = {}
    if consent is not None:
        initial = {name: getattr(consent.answer, name) for name in pooling.PATIENT_GIVEN}
    form = PoolForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and summary is not None and form.is_valid():
        pooling.share(patient, form.cleaned_data, today)
        messages.success(request, _("Thank you: your anonymous summary is shared."))
        return redirect("survey:share")
    context = {"form": form, "summary": summary, "consent": consent}
    refused = request.method == "POST"  # only a stored share redirects
    return render(request, "survey/share.html", context, status=422 if refused else 200)
