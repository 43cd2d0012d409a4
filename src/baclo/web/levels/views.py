"""The prescriber enters a measured level; the estimate then shows on the patient's page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from baclo.errors import FieldError, InputError, ValidationError
from baclo.pk.bayes import LevelUnit, MeasuredLevel
from baclo.web.care.access import patient_for
from baclo.web.care.models import AccessAction
from baclo.web.levels import services
from baclo.web.levels.forms import LevelForm
from baclo.web.pages import prescriber_required
from baclo.web.wording import error_message

#: Where each refusal of the core shows on the form.
_FORM_FIELDS = {"samples[0].taken_at": "taken_at", "samples[0].level": "value"}


def _messages(code: str) -> str | None:
    """The translated sentence for a refusal code (None: the core's English message)."""
    return {
        "unit_suspected": _(
            "This level is about 1,000 times what the logged intakes explain: check the unit "
            "(ng/mL or mg/L), or tick the box if it is right."
        ),
        "out_of_range": _("This level is outside what a laboratory assay reports."),
        "in_future": _("This time is in the future."),
        "before_first_dose": _("The sample was drawn before the first intake logged."),
        "intake_gap": _(
            "More than 7 days without any logged intake before the sample: the journal is "
            "incomplete, so the level cannot be read."
        ),
        "required": _("No intake is logged in the journal in the 14 days before the sample."),
    }.get(code)


def _add_errors(form: LevelForm, error: InputError) -> None:
    errors = error.errors if isinstance(error, ValidationError) else [error]
    for item in errors:
        if isinstance(item, FieldError):
            message = _messages(item.code) or error_message(item)
            form.add_error(_FORM_FIELDS.get(item.field), message)
        else:
            form.add_error(None, str(item))


@prescriber_required
@require_http_methods(["GET", "POST"])
def enter_level(request: HttpRequest, patient_id: int) -> HttpResponseBase:
    """A measured level: the patient's own CL/F and V/F are estimated and stored."""
    action = AccessAction.CHANGE if request.method == "POST" else AccessAction.VIEW
    patient = patient_for(request.user, patient_id, action=action, request=request)
    form = LevelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        level = MeasuredLevel(
            taken_at=form.cleaned_data["taken_at"].replace(tzinfo=None),
            value=form.cleaned_data["value"],
            unit=LevelUnit(form.cleaned_data["unit"]),
        )
        try:
            services.individualise_patient(
                patient,
                [level],
                by=request.user,
                units_confirmed=form.cleaned_data["units_confirmed"],
            )
        except InputError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Level saved: the estimate is on the patient's page."))
            return redirect("care:patient", patient_id=patient.pk)
    return render(request, "levels/enter.html", {"form": form, "patient": patient})
