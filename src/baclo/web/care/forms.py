"""Care forms: the treatment plan and the invitation code.

Like the journal form, these only shape text into the service's input; the rules (ceiling,
acknowledgement, protocol parameters) are checked once, by :func:`baclo.web.care.services.set_plan`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baclo.errors import FieldError
from baclo.protocols.course import CUSTOM
from baclo.protocols.tablets import FRENCH_STRENGTHS_MG, TabletCode
from baclo.protocols.taper import TaperSpeed
from baclo.protocols.titration import PROTOCOLS, ProtocolId
from baclo.web.care.models import SplitMode
from baclo.web.wording import error_message, localized_lazy

#: Each protocol by its human name, in the reader's language, from the core's one table.
PROTOCOL_LABELS = {protocol: localized_lazy(info.title) for protocol, info in PROTOCOLS.items()}
CUSTOM_PARAMETERS = ("start_mg", "increment_mg", "days_per_step")
_TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class PlanForm(forms.Form):
    protocol = forms.ChoiceField(
        label=gettext_lazy("Protocol"), choices=list(PROTOCOL_LABELS.items())
    )
    start = forms.CharField(
        label=gettext_lazy("Start date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ceiling_mg = forms.CharField(
        label=gettext_lazy("Ceiling (mg/day)"),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=gettext_lazy(
            "The plan never goes above it. 80 mg/day by default; only a prescriber may set more."
        ),
    )
    ceiling_acknowledged = forms.BooleanField(
        label=gettext_lazy(
            "As the prescriber, I acknowledge a ceiling above 80 mg/day, beyond the label "
            "maximum, and I take responsibility for it."
        ),
        required=False,
    )
    start_mg = forms.CharField(label=gettext_lazy("Start dose (mg/day)"), required=False)
    increment_mg = forms.CharField(label=gettext_lazy("Increment (mg)"), required=False)
    days_per_step = forms.CharField(label=gettext_lazy("Days per step"), required=False)
    craving_onset = forms.CharField(
        label=gettext_lazy("Usual craving onset"), required=False, widget=_TIME
    )
    wake = forms.CharField(label=gettext_lazy("Wake-up time"), widget=_TIME)
    sleep = forms.CharField(label=gettext_lazy("Bedtime"), widget=_TIME)
    mode = forms.ChoiceField(
        label=gettext_lazy("Split of the daily dose"),
        choices=[
            (SplitMode.TARGETED.value, gettext_lazy("Targeted: before the craving")),
            (SplitMode.FRACTIONATED.value, gettext_lazy("Fractionated: small doses all day")),
        ],
    )
    tablets = forms.TypedMultipleChoiceField(
        label=gettext_lazy("My tablets (scored)"),
        choices=[(f"{s:g}", f"{s:g} mg") for s in FRENCH_STRENGTHS_MG],
        coerce=float,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "The strengths you have: every dose is shown as these tablets, whole or halved."
        ),
    )

    def __init__(self, *args: Any, may_acknowledge: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_acknowledge:
            del self.fields["ceiling_acknowledged"]

    def plan_data(self) -> dict[str, Any]:
        """The service's input (the API's ``PUT /plan`` body) from the cleaned text."""
        data = self.cleaned_data
        parameters = {
            name: _number(data[name]) for name in CUSTOM_PARAMETERS if data.get(name, "").strip()
        }
        body: dict[str, Any] = {
            "protocol": data["protocol"],
            "start": data["start"].strip(),
            "ceiling_mg": _number(data["ceiling_mg"]),
            "split": {
                "craving_onset": data["craving_onset"].strip() or None,
                "wake": data["wake"].strip(),
                "sleep": data["sleep"].strip(),
                "mode": data["mode"],
            },
            "tablets": data["tablets"],
        }
        if data["protocol"] in (ProtocolId.CUSTOM, ProtocolId.LABEL):
            body["parameters"] = parameters
        if data.get("ceiling_acknowledged"):
            body["ceiling_acknowledged"] = True
        return body

    def add_field_errors(self, errors: Sequence[FieldError]) -> None:
        for error in errors:
            name = error.field.removeprefix("split.").removeprefix("parameters.")
            self.add_error(name if name in self.fields else None, plan_error_message(error))


def _number(text: str) -> Any:
    cleaned = text.strip().replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return text.strip()
    return int(value) if value.is_integer() else value


def plan_error_message(error: FieldError) -> str:
    """A translated message from the error's machine code; the service's text otherwise."""
    messages = {
        "required": _("This field is required."),
        "format": _("This value is not in the expected format."),
        "type": _("Enter a whole number."),
        "range": _("Enter a positive dose."),
        "above_hard_limit": _("The ceiling can never be above 300 mg/day."),
        "prescriber_only": _("Only a prescriber can set a ceiling above 80 mg/day."),
        "unverified_prescriber": _(
            "Above 80 mg/day, only a prescriber verified by the association (RPPS number "
            "checked) may set the ceiling."
        ),
        "set_by_prescriber": _(
            "Your prescriber set this ceiling: only a prescriber can change it."
        ),
        "choice": _("Choose a value from the list."),
        TabletCode.EMPTY: _("Choose at least one tablet strength."),
        TabletCode.NOT_HALF_MG: _("A tablet strength is a positive multiple of 0.5 mg."),
        TabletCode.NOT_TAKEABLE: _(
            "These tablets cannot make every coming dose of the plan or of its taper: add a "
            "smaller strength, choose another protocol, or stop or change the taper first."
        ),
        "after_taper": _("The plan must start before its taper."),
        "below_taper": _(
            "This change would lower the dose before the taper below the dose the taper starts "
            "from: the dose would go up when the taper begins. Stop or change the taper first."
        ),
        "abrupt_drop": _(
            "This change would raise the dose before the planned taper so much that its first "
            "day would cut more than 20 mg or a quarter of the dose: withdrawal risk. Stop or "
            "change the taper first."
        ),
    }
    if error.field == "ceiling_acknowledged":
        return _("A ceiling above 80 mg/day needs your explicit acknowledgement.")
    return messages.get(error.code) or error_message(error)


class TaperForm(forms.Form):
    """Start a taper: like :class:`PlanForm`, text shaped into the service's (the API's) input."""

    start = forms.CharField(
        label=gettext_lazy("First reduction on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    speed = forms.ChoiceField(
        label=gettext_lazy("Pace"),
        choices=[
            (TaperSpeed.SLOW.value, gettext_lazy("Slow: -10 mg every 4 weeks")),
            (TaperSpeed.FAST.value, gettext_lazy("Fast: -10 mg every week")),
            (CUSTOM, gettext_lazy("Custom step and interval")),
        ],
        help_text=gettext_lazy(
            "The association's experience: -10 mg every 3 to 5 weeks; faster (every 1 to 2 "
            "weeks) when side effects are disabling."
        ),
    )
    step_mg = forms.CharField(label=gettext_lazy("Reduction per step (mg)"), required=False)
    interval_days = forms.CharField(label=gettext_lazy("Days between reductions"), required=False)
    to_mg = forms.CharField(
        label=gettext_lazy("Residual dose (mg/day)"),
        required=False,
        help_text=gettext_lazy("0 to stop; some people keep a small dose."),
    )
    from_mg = forms.CharField(
        label=gettext_lazy("Starting dose (mg/day)"),
        required=False,
        help_text=gettext_lazy("Leave empty to start from the plan's dose of the day before."),
    )
    override_reason = forms.CharField(
        label=gettext_lazy("Reason to go beyond the taper limits (prescriber)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Only if this pace is needed despite the withdrawal risk; the reason is recorded "
            "with the taper."
        ),
    )

    def __init__(self, *args: Any, may_override: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_override:
            del self.fields["override_reason"]

    def taper_data(self) -> dict[str, Any]:
        """The body of ``PUT /api/v1/plan/taper``; a preset ignores the custom fields."""
        data = self.cleaned_data
        body: dict[str, Any] = {"start": data["start"].strip(), "speed": data["speed"]}
        keys = ["to_mg", "from_mg"]
        if data["speed"] == CUSTOM:
            keys += ["step_mg", "interval_days"]
        for key in keys:
            if data.get(key, "").strip():
                body[key] = _number(data[key])
        if data.get("override_reason", "").strip():
            body["override_reason"] = data["override_reason"].strip()
        return body

    def add_field_errors(self, errors: Sequence[FieldError]) -> None:
        for error in errors:
            name = error.field.removeprefix("taper.")
            self.add_error(name if name in self.fields else None, taper_error_message(error))


def taper_error_message(error: FieldError) -> str:
    """A translated message from the error's machine code; the service's text otherwise."""
    messages = {
        "required": _("This field is required."),
        "invalid_date": _("Enter a date."),
        "type": _("Enter a number."),
        "range": _("Enter a value within the allowed range."),
        "choice": _("Choose a value from the list."),
        "before_plan": _("A taper starts after the first day of the plan."),
        "before_stop": _("A new taper starts on or after the day the previous one was stopped."),
        "above_ceiling": _("A taper never starts above the plan's ceiling."),
        "in_past": _("A taper starts today or later."),
        "above_current_dose": _(
            "A taper never starts above the plan's dose of the day before: it would raise the dose."
        ),
        "abrupt_drop": _(
            "Started this far below the current dose, the taper would cut more than 20 mg or a "
            "quarter of the dose overnight: withdrawal risk. Start from the current dose or "
            "closer to it."
        ),
        "in_progress": _("A taper is going on: stop it before starting another one."),
        "no_plan": _("Set up the plan before planning a taper."),
        "no_taper": _("There is no taper to cancel."),
        "large_step": _(
            "This step cuts more than the taper limits allow (a quarter of the dose, at least "
            "10 mg, at most 20 mg or 15 mg when steps are less than a week apart): withdrawal "
            "risk."
        ),
        "fast_pace": _("Reductions come at most every 2 days: withdrawal risk."),
        "not_takeable": _("This dose cannot be made of the patient's tablets."),
        "prescriber_only": _("Only a prescriber may go beyond the taper limits."),
    }
    if error.code == "out_of_range" and error.field.endswith("to_mg"):
        return _("The residual dose must be below the starting dose.")
    return messages.get(error.code) or error_message(error)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code given by the patient"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}
        ),
        help_text=gettext_lazy("8 letters and digits, for example ABCD-2345."),
    )
