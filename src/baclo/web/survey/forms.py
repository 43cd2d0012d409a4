"""Forms of the association's pages (survey, question, import) and of the pooling consent."""

from __future__ import annotations

from typing import Any, Final

from django import forms
from django.utils.translation import gettext_lazy as _

from baclo.stats.cohort import AGE_BANDS, OUTCOMES, SEXES
from baclo.web.survey.models import Question, Survey
from baclo.web.survey.questions import check_question

MAX_UPLOAD_BYTES: Final = 50 * 1024 * 1024
"""An upload above this is refused before parsing (about 1,000,000 rows of the contract)."""


class SurveyForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Survey
        fields = ["title", "description"]


def parse_choices(text: str) -> list[dict[str, str]]:
    """``value | label (French) | label (English)`` per line; labels default to the value."""
    choices = []
    for line in text.splitlines():
        parts = [part.strip() for part in line.split("|")]
        if not parts[0]:
            continue
        label = parts[1] if len(parts) > 1 and parts[1] else parts[0]
        label_en = parts[2] if len(parts) > 2 else ""
        choices.append({"value": parts[0], "label": label, "label_en": label_en})
    return choices


class QuestionForm(forms.ModelForm):  # type: ignore[type-arg]
    choices_text = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: value | French label | English label."),
    )

    class Meta:
        model = Question
        fields = [
            "kind",
            "label",
            "label_en",
            "help",
            "required",
            "unit",
            "min_value",
            "max_value",
            "column",
        ]

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        choices = parse_choices(data.get("choices_text") or "")
        column = data.get("column") or ""
        for problem in check_question(
            data.get("kind") or "", column, choices, data.get("min_value"), data.get("max_value")
        ):
            self.add_error(None, problem)
        if column and self.survey.questions.filter(column=column).exists():
            self.add_error("column", _("Another question of this survey already fills it."))
        data["choices"] = choices
        return data

    def save(self, commit: bool = True) -> Question:
        question: Question = super().save(commit=False)
        question.survey = self.survey
        question.choices = self.cleaned_data["choices"]
        question.position = self.survey.questions.count()
        if commit:
            question.save()
        return question


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Cohort CSV file"),
        help_text=_("The columns of the cohort contract; bad rows are listed and skipped."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is too large (%(size)d bytes, at most %(max)d)."),
                params={"size": upload.size, "max": MAX_UPLOAD_BYTES},
            )
        return upload


def _optional(labels: tuple[object, ...], names: dict[str, Any]) -> list[tuple[str, Any]]:
    return [("", _("I prefer not to say"))] + [
        (str(code), names.get(str(label), str(label))) for code, label in enumerate(labels)
    ]


class PoolForm(forms.Form):
    """What the app cannot know; everything optional but the consent itself."""

    sex = forms.TypedChoiceField(
        label=_("Sex"),
        choices=_optional(SEXES, {"f": _("Woman"), "m": _("Man"), "other": _("Other")}),
        coerce=int,
        empty_value=None,
        required=False,
    )
    age_band = forms.TypedChoiceField(
        label=_("Age"),
        choices=_optional(AGE_BANDS, {}),
        coerce=int,
        empty_value=None,
        required=False,
    )
    audit_before = forms.IntegerField(
        label=_("Your AUDIT score before treatment (0-40), if you know it"),
        min_value=0,
        max_value=40,
        required=False,
    )
    outcome_6m = forms.TypedChoiceField(
        label=_("Six months after the start, your drinking"),
        choices=_optional(
            OUTCOMES,
            {
                "abstinent": _("Abstinent"),
                "controlled": _("Moderate, in control"),
                "halved": _("At least halved"),
                "unchanged": _("No change"),
            },
        ),
        coerce=int,
        empty_value=None,
        required=False,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree to share this anonymous summary with the association. "
            "I can withdraw it at any time, which deletes it."
        ),
        required=True,
    )
