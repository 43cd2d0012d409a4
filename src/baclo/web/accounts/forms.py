"""Account forms: registration as a patient or a prescriber.

Association and staff accounts are created by an administrator, never by self-registration, so
the role field only offers the two public roles. A prescriber enters their RPPS number, checked
for its form and check digit here (baclo.identifiers); the association's staff then verify it
against the public directory (accounts.verification) before the account may raise a ceiling.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from baclo.errors import FieldError
from baclo.identifiers import parse_rpps
from baclo.web.accounts.models import Language, Role, User

PUBLIC_ROLES = [
    (Role.PATIENT.value, Role.PATIENT.label),
    (Role.PRESCRIBER.value, Role.PRESCRIBER.label),
]


class RegistrationForm(UserCreationForm):
    role = forms.ChoiceField(
        label=_("I am"), choices=PUBLIC_ROLES, widget=forms.RadioSelect, initial=Role.PATIENT
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        help_text=_("Optional; needed only to reset a forgotten password."),
    )

    rpps = forms.CharField(
        label=_("RPPS number (prescribers)"),
        required=False,
        max_length=20,
        help_text=_(
            "11 digits, as on your prescriptions. The association checks it in the public "
            "directory before your account is verified."
        ),
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email", "role", "language", "rpps")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("role") != Role.PRESCRIBER:
            data["rpps"] = ""
            return data
        try:
            data["rpps"] = parse_rpps("rpps", data.get("rpps") or "")
        except FieldError:
            self.add_error(
                "rpps",
                _("Enter your RPPS number: 11 digits, the last one a check digit."),
            )
        return data
