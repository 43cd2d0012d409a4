"""Prescriber pages of the safety app: one patient's alert history, and acknowledging an alert.

Both get the patient from :func:`baclo.web.care.access.patient_for` on their first line: 404
unless the care link is active, and the access is written to the patient's access log.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from baclo.errors import FieldError
from baclo.safety.medications import match_medication
from baclo.web.care.access import patient_for
from baclo.web.care.models import AccessAction
from baclo.web.pages import prescriber_required
from baclo.web.safety import services
from baclo.web.safety.models import Alert, HealthProfile, QuestionnaireResponse

MAX_COMMENT_CHARS = 2000


@prescriber_required
@require_GET
def patient_alerts(request: HttpRequest, patient_id: int) -> HttpResponse:
    """Open alerts (urgent first), declared health facts, scores, then the acknowledged history."""
    patient = patient_for(request.user, patient_id, request=request)
    history = (
        Alert.objects.filter(patient=patient, status="acknowledged")
        .select_related("acknowledged_by")
        .order_by("-raised_on", "-pk")[:200]
    )
    profile = HealthProfile.objects.filter(patient=patient).first()
    declared = [] if profile is None else profile.declared_medications()
    context = {
        "patient": patient,
        "open": services.open_alerts(patient),
        "history": history,
        "max_comment": MAX_COMMENT_CHARS,
        "profile": profile,
        # Each name as the patient wrote it, and whether baclo recognised it.
        "medicines": [(m.name, match_medication(m.name) is not None) for m in declared],
        "scores": QuestionnaireResponse.objects.filter(patient=patient)[:20],
    }
    return render(request, "safety/patient_alerts.html", context)


@prescriber_required
@require_POST
def acknowledge(request: HttpRequest, patient_id: int, alert_id: int) -> HttpResponseBase:
    patient = patient_for(request.user, patient_id, action=AccessAction.CHANGE, request=request)
    comment = request.POST.get("comment", "")
    if len(comment) > MAX_COMMENT_CHARS:
        messages.error(
            request,
            _("The comment is too long (%(n)s characters, at most %(max)s).")
            % {"n": len(comment), "max": MAX_COMMENT_CHARS},
        )
        return redirect("safety:patient_alerts", patient_id=patient.pk)
    try:
        services.acknowledge(request.user, patient, alert_id, comment)
    except FieldError as error:
        if error.code == "not_found":
            raise Http404("no such alert") from None
        messages.error(request, _("This alert was already acknowledged."))
    else:
        messages.success(request, _("Alert acknowledged."))
    return redirect("safety:patient_alerts", patient_id=patient.pk)
