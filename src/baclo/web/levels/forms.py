"""The form a prescriber fills with a measured level (one at a time)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from baclo.pk.bayes import LevelUnit


class LevelForm(forms.Form):
    taken_at = forms.DateTimeField(
        label=gettext_lazy("Sampled at (local date and time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    value = forms.FloatField(label=gettext_lazy("Measured level"), min_value=0)
    unit = forms.ChoiceField(
        label=gettext_lazy("Unit"),
        choices=[(u.value, u.value) for u in LevelUnit],
        initial=LevelUnit.NG_ML.value,
    )
    units_confirmed = forms.BooleanField(
        label=gettext_lazy("The unit is right, even if the level looks 1,000 times off"),
        required=False,
    )
