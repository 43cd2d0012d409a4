"""Forms of the phone companion: e-mail reminder settings."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from baclo.web.phone.models import MAX_MINUTES_BEFORE

LEADS_MINUTES = (0, 5, 10, 15, 30, 60, MAX_MINUTES_BEFORE)


def lead_choices() -> list[tuple[int, str]]:
    """The choices of "when", translated when the form is built (not at import)."""
    return [
        (m, _("at the intake time") if m == 0 else _("%(n)s min before") % {"n": m})
        for m in LEADS_MINUTES
    ]


class ReminderForm(forms.Form):
    email_enabled = forms.BooleanField(
        label=_("Send me an e-mail at each intake time"), required=False
    )
    email = forms.EmailField(label=_("E-mail address"), required=False)
    minutes_before = forms.TypedChoiceField(
        label=_("When"),
        choices=lead_choices,
        coerce=int,
        initial=0,
        help_text=_("Also the alarm of the calendar events."),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("email_enabled") and not data.get("email"):
            self.add_error("email", _("An e-mail address is needed to send reminders."))
        return data
