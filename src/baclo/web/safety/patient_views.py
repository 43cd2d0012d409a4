"""Patient pages of the safety app: alerts and their one-tap actions, health facts, access log."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from baclo.errors import FieldError, InputError, ValidationError
from baclo.safety import CoMedication
from baclo.safety.medications import COMMON_MEDICINES
from baclo.web.care.models import AccessLog
from baclo.web.journal import services as journal_services
from baclo.web.pages import patient_required
from baclo.web.safety import services
from baclo.web.safety.models import Alert, HealthProfile
from baclo.web.wording import co_medication_label, error_message

ACCESS_LOG_PAGE_SIZE = 50


def _back(request: HttpRequest) -> HttpResponseBase:
    """Back to the page the button was on (same site only), else the safety overview."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("safety:overview")


def _messages_of(error: InputError) -> list[str]:
    if isinstance(error, ValidationError):
        return [error_message(e) for e in error.errors]
    if isinstance(error, FieldError):
        stale = {
            "applied": _("this suggestion was already applied."),
            "not_applicable": _("this suggestion no longer applies."),
        }
        return [stale.get(error.code) or error_message(error)]
    return [str(error)]


@patient_required
@require_POST
def apply(request: HttpRequest, alert_id: int, index: int) -> HttpResponseBase:
    """Accept a suggestion in one tap: the plan changes through the plan service."""
    try:
        services.apply_action(
            request.user,
            request.user,
            alert_id,
            index,
            today=journal_services.local_today(),
        )
    except InputError as error:
        if isinstance(error, FieldError) and error.code == "not_found":
            raise Http404("no such suggestion") from None
        for message in _messages_of(error):
            messages.error(request, _("The plan was not changed: %(reason)s") % {"reason": message})
    else:
        messages.success(request, _("Done: your plan was updated."))
    return _back(request)


@patient_required
@require_POST
def dismiss(request: HttpRequest, alert_id: int) -> HttpResponseBase:
    """The patient has read the alert; it stays open for the prescriber."""
    try:
        services.dismiss(request.user, alert_id)
    except FieldError:
        raise Http404("no such alert") from None
    return _back(request)


@patient_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """Every alert the rules raised for the patient, newest first, and what became of it."""
    alerts = (
        Alert.objects.filter(patient=request.user)
        .select_related("acknowledged_by")
        .order_by("-raised_on", "-pk")[:200]
    )
    return render(request, "safety/overview.html", {"alerts": alerts})


#: Free-text names: at most this many, each at most this long.
MAX_OTHER_MEDICINES = 30
MAX_MEDICINE_CHARS = 80


def _medicine_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The French names to pick from, grouped under their class's words (the core's labels)."""
    return [(co_medication_label(c), [(n, n) for n in names]) for c, names in COMMON_MEDICINES]


class HealthProfileForm(forms.ModelForm):  # type: ignore[type-arg]
    co_medications = forms.MultipleChoiceField(
        label=gettext_lazy("Other medicines I take"),
        choices=[
            (CoMedication.BENZODIAZEPINES.value, gettext_lazy("Benzodiazepines (anxiety, sleep)")),
            (
                CoMedication.OPIOIDS.value,
                gettext_lazy("Opioids (strong painkillers, substitution)"),
            ),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    medicines = forms.MultipleChoiceField(
        label=gettext_lazy("Medicines I take, by name"),
        choices=_medicine_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other_medicines = forms.CharField(
        label=gettext_lazy("Other medicines (one per line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=gettext_lazy(
            "The name on the box, for example Théralène or Xeroquel. A name baclo does not know "
            "is kept and shown to your prescriber."
        ),
    )
    crcl_ml_min = forms.FloatField(
        label=gettext_lazy("Creatinine clearance (mL/min), if known"),
        min_value=1,
        max_value=200,
        required=False,
        help_text=gettext_lazy("From your last blood test; leave empty if you do not know it."),
    )

    field_order = ["other_medicines", "medicines", "co_medications", "crcl_ml_min", "sex"]

    class Meta:
        model = HealthProfile
        fields = ["co_medications", "crcl_ml_min", "sex"]
        labels = {"sex": gettext_lazy("Sex (for the AUDIT-C and drinking thresholds)")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        picked, other = services.split_declared(self.instance)
        self.fields["medicines"].initial = picked
        self.fields["other_medicines"].initial = "\n".join(other)

    def clean_other_medicines(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["other_medicines"].splitlines()]
        names = [line for line in lines if line]
        if len(names) > MAX_OTHER_MEDICINES:
            raise forms.ValidationError(
                _("At most %(max)s names.") % {"max": MAX_OTHER_MEDICINES}, code="too_many"
            )
        too_long = [n for n in names if len(n) > MAX_MEDICINE_CHARS]
        if too_long:
            raise forms.ValidationError(
                _("A name has at most %(max)s characters.") % {"max": MAX_MEDICINE_CHARS},
                code="too_long",
            )
        return names


@patient_required
@require_http_methods(["GET", "POST"])
def health(request: HttpRequest) -> HttpResponseBase:
    """Co-medications (by class or by name), kidney function and sex: what the rules need."""
    profile = HealthProfile.objects.filter(patient=request.user).first() or HealthProfile(
        patient=request.user
    )
    form = HealthProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        today = journal_services.local_today()
        names = [*form.cleaned_data["medicines"], *form.cleaned_data["other_medicines"]]
        form.instance.medications = services.declared_rows(profile, names, today)
        form.save()
        services.run_rules_or_warn(request.user, today)
        messages.success(request, _("Saved."))
        return redirect("safety:health")
    return render(request, "safety/health.html", {"form": form})


@patient_required
@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    """Who saw my data: every read or change by someone else, newest first (read-only)."""
    entries = AccessLog.objects.filter(patient=request.user).select_related("actor")
    page = Paginator(entries, ACCESS_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "safety/access_log.html", {"page": page})
