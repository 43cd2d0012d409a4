"""Account forms: registration as a patient or a prescriber.

Association and staff accounts are created by an administrator, never by self-registration, so
the role field only offers the two public roles.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

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

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email", "role", "language")
