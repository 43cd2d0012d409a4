"""From a survey's questions to a form, and from a filled form to one answer row.

A question may fill a cohort column (docs/architecture.md, Contracts); which question types may
fill which column is fixed here (:data:`COLUMN_KINDS`), and the designer refuses anything else, so
that an answer can always be turned into the same columns as a CSV import. Answers to questions that
fill no column stay in ``Answer.extra`` (never exported, never published).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any, Final

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from baclo.questionnaires import AUDIT
from baclo.stats.cohort import AGE_BANDS, OUTCOMES, SEVERITIES, SEXES
from baclo.stats.csvfile import MAX_DAYS, MAX_DOSE_MG, MAX_GRAMS_PER_DAY
from baclo.web.inputs import validate_date_window
from baclo.web.survey.models import Column, Question, QuestionKind

K = QuestionKind

COLUMN_KINDS: Final = {
    Column.SEX: (K.SINGLE,),
    Column.AGE_BAND: (K.SINGLE,),
    Column.AUDIT_BEFORE: (K.AUDIT, K.NUMBER),
    Column.GRAMS_PER_DAY_BEFORE: (K.NUMBER,),
    Column.PROTOCOL: (K.SINGLE,),
    Column.EFFECTIVE_DOSE_MG: (K.NUMBER,),
    Column.DAYS_TO_EFFECTIVE: (K.NUMBER,),
    # a start date answers "how long since": the survey turns it into days on the day of answering
    Column.FOLLOWUP_DAYS: (K.DATE, K.NUMBER),
    Column.SIDE_EFFECTS_MAX: (K.SCALE, K.SINGLE),
    Column.OUTCOME_6M: (K.SINGLE,),
}
"""The question types that may fill each cohort column."""

CATEGORIES: Final[dict[str, tuple[str, ...]]] = {
    Column.SEX: tuple(SEXES),
    Column.AGE_BAND: tuple(AGE_BANDS),
    Column.OUTCOME_6M: tuple(OUTCOMES),
    Column.SIDE_EFFECTS_MAX: tuple(str(int(s)) for s in SEVERITIES),
}
"""Choice values a categorical column accepts (its CSV labels); the code is the position."""

BOUNDS: Final[dict[str, tuple[float, float]]] = {
    Column.AUDIT_BEFORE: (0, 40),
    Column.GRAMS_PER_DAY_BEFORE: (0, MAX_GRAMS_PER_DAY),
    Column.EFFECTIVE_DOSE_MG: (1, MAX_DOSE_MG),
    Column.DAYS_TO_EFFECTIVE: (0, MAX_DAYS),
    Column.FOLLOWUP_DAYS: (0, MAX_DAYS),
    Column.SIDE_EFFECTS_MAX: (0, len(SEVERITIES) - 1),
}
"""The CSV contract's bounds (baclo.stats.csvfile): a web answer is held to the same rules."""

INTEGER_COLUMNS: Final = frozenset(
    {Column.AUDIT_BEFORE, Column.DAYS_TO_EFFECTIVE, Column.FOLLOWUP_DAYS}
)
PROTOCOL_PATTERN: Final = r"^[a-z0-9][a-z0-9-]{0,31}$"
MAX_TEXT: Final = 2000


def _language() -> str:
    return "en" if (get_language() or "fr").startswith("en") else "fr"


def _choice_label(choice: dict[str, str], language: str) -> str:
    return choice.get("label_en") or choice["label"] if language == "en" else choice["label"]


def audit_field_name(question: Question, item_id: str) -> str:
    return f"q{question.pk}_{item_id}"


def _field(question: Question, language: str) -> forms.Field:
    label = question.text(language)
    if question.unit:
        label = f"{label} ({question.unit})"
    common: dict[str, Any] = {
        "label": label,
        "required": question.required,
        "help_text": question.help,
    }
    kind = question.kind
    if kind == K.NUMBER:
        low, high = _number_bounds(question)
        if question.column in INTEGER_COLUMNS:
            return forms.IntegerField(min_value=low, max_value=high, **common)
        return forms.FloatField(min_value=low, max_value=high, **common)
    if kind in (K.SINGLE, K.MULTIPLE):
        options = [(c["value"], _choice_label(c, language)) for c in question.choices]
        if kind == K.MULTIPLE:
            return forms.MultipleChoiceField(
                choices=options, widget=forms.CheckboxSelectMultiple, **common
            )
        return forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)
    if kind == K.SCALE:
        low, high = int(question.min_value or 0), int(question.max_value or 10)
        return forms.TypedChoiceField(
            choices=[(n, str(n)) for n in range(low, high + 1)],
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect(attrs={"class": "scale"}),
            **common,
        )
    if kind == K.DATE:
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}),
            validators=[validate_date_window],
            **common,
        )
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=MAX_TEXT, **common)


def _number_bounds(question: Question) -> tuple[float | None, float | None]:
    low, high = BOUNDS.get(question.column, (None, None))
    if question.min_value is not None:
        low = question.min_value if low is None else max(low, question.min_value)
    if question.max_value is not None:
        high = question.max_value if high is None else min(high, question.max_value)
    return low, high


class AnswerForm(forms.Form):
    """The form of one survey: one field per question, ten for an AUDIT block."""

    def __init__(self, questions: Iterable[Question], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        language = _language()
        self.blocks: list[tuple[Question, list[str]]] = []
        for question in self.questions:
            if question.kind == K.AUDIT:
                names = []
                for item in AUDIT.items:
                    name = audit_field_name(question, item.id)
                    self.fields[name] = forms.TypedChoiceField(
                        label=item.text.get(language),
                        choices=[(o.value, o.label.get(language)) for o in item.options],
                        coerce=int,
                        empty_value=None,
                        required=question.required,
                        widget=forms.RadioSelect,
                    )
                    names.append(name)
                self.blocks.append((question, names))
            else:
                name = f"q{question.pk}"
                self.fields[name] = _field(question, language)
                self.blocks.append((question, [name]))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for question, names in self.blocks:
            if question.kind == K.AUDIT:
                given = [data.get(name) for name in names]
                if any(v is not None for v in given) and any(v is None for v in given):
                    raise ValidationError(
                        _("Answer all ten AUDIT questions, or none."), code="audit_incomplete"
                    )
            day = data.get(names[0]) if question.kind == K.DATE else None
            if day is not None and day > timezone.localdate():
                self.add_error(names[0], _("This date is in the future."))
        return data

    def to_row(self, today: dt.date) -> dict[str, Any]:
        """The answer row's fields (cohort columns and ``extra``) from the cleaned data."""
        row: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for question, names in self.blocks:
            value = self._value(question, names)
            if value is None or value == "" or value == []:
                continue
            if question.column:
                row[question.column] = _column_value(question, value, today)
            if question.kind == K.AUDIT or not question.column:
                extra[str(question.pk)] = _jsonable(question, value, names, self.cleaned_data)
        row["extra"] = extra
        days, followup = row.get("days_to_effective"), row.get("followup_days")
        if days is not None and followup is not None and days > followup:
            raise ValidationError(
                _(
                    "The days to reach the effective dose (%(days)s) exceed the days of treatment "
                    "(%(followup)s)."
                ),
                code="days_exceed_followup",
                params={"days": days, "followup": followup},
            )
        return row

    def _value(self, question: Question, names: list[str]) -> Any:
        if question.kind == K.AUDIT:
            answers = [self.cleaned_data.get(name) for name in names]
            return None if None in answers else sum(answers)
        return self.cleaned_data.get(names[0])


def _column_value(question: Question, value: Any, today: dt.date) -> Any:
    column = question.column
    if column in CATEGORIES:
        return CATEGORIES[column].index(str(value))
    if column == Column.PROTOCOL:
        return str(value)
    if question.kind == K.DATE:
        return min((today - value).days, MAX_DAYS)
    return int(value) if column in INTEGER_COLUMNS else float(value)


def _jsonable(question: Question, value: Any, names: list[str], data: dict[str, Any]) -> Any:
    if question.kind == K.AUDIT:
        return {"items": [data[name] for name in names], "score": value}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def check_question(
    kind: str,
    column: str,
    choices: list[dict[str, str]],
    low: float | None = None,
    high: float | None = None,
) -> list[str]:
    """Why a question definition is not acceptable (empty when it is)."""
    problems = []
    if kind == K.SCALE and column in BOUNDS and (low, high) != BOUNDS[column]:
        problems.append(
            str(_("A scale filling this column goes from %(low)g to %(high)g."))
            % {"low": BOUNDS[column][0], "high": BOUNDS[column][1]}
        )
    if kind == K.SCALE and column not in BOUNDS and (low is None or high is None or low >= high):
        problems.append(str(_("A scale needs a minimum below its maximum.")))
    if column and kind not in COLUMN_KINDS[Column(column)]:
        allowed = ", ".join(str(QuestionKind(k).label) for k in COLUMN_KINDS[Column(column)])
        problems.append(str(_("This column can only be filled by: %s.") % allowed))
    if kind in (K.SINGLE, K.MULTIPLE) and len(choices) < 2:
        problems.append(str(_("Give at least two choices, one per line.")))
    if column in CATEGORIES and kind == K.SINGLE:
        unknown = [c["value"] for c in choices if c["value"] not in CATEGORIES[column]]
        if unknown:
            allowed = ", ".join(CATEGORIES[column])
            problems.append(
                str(_("Choice values for this column must be among %(allowed)s, not %(bad)s."))
                % {"allowed": allowed, "bad": ", ".join(unknown)}
            )
    if column == Column.PROTOCOL:
        bad = [c["value"] for c in choices if not re.fullmatch(PROTOCOL_PATTERN, c["value"])]
        if bad:
            problems.append(
                str(_("Protocol ids use lowercase letters, digits and '-': %s.")) % ", ".join(bad)
            )
    return problems
