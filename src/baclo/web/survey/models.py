"""Surveys, their questions, and the association's dataset: one :class:`Answer` row per person.

An answer row holds the cohort columns of docs/architecture.md (Contracts) as typed columns
(categorical columns as the small integer codes of :mod:`baclo.stats.cohort`, NULL = unknown), so
that the statistics read a few numeric columns and never parse JSON. Whatever a survey asks beyond
those columns (AUDIT item answers, side-effect kinds, free text) goes to ``extra``, which is never
exported nor published.

Nothing identifies who answered: no account, no IP address, no time of day (only the day of
submission, ``submitted_on``). Pooled rows from patients of the app are linked to their author
only through :class:`PoolConsent`, which exists so that revoking deletes the row.
"""

from __future__ import annotations

import secrets
from typing import Final

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext_lazy as _

from baclo.stats.cohort import AGE_BANDS, OUTCOMES, SEVERITIES, SEXES
from baclo.stats.csvfile import MAX_DAYS

SLUG_BYTES = 12
"""96 random bits: a survey link cannot be guessed, so a draft or closed survey stays private."""


def new_slug() -> str:
    return secrets.token_urlsafe(SLUG_BYTES)


def new_ref() -> str:
    """Cohort id of a web answer: random, so it reveals neither order nor time of answering."""
    return "w-" + secrets.token_hex(8)


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for answers")
    CLOSED = "closed", _("Closed")


class Survey(models.Model):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    slug = models.CharField(max_length=32, unique=True, default=new_slug, editable=False)
    status = models.CharField(
        _("status"), max_length=8, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    # The ready-made survey carries a key so that creating it again finds it instead.
    key = models.CharField(max_length=40, unique=True, null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == SurveyStatus.OPEN


class QuestionKind(models.TextChoices):
    NUMBER = "number", _("Number with a unit")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Scale")
    DATE = "date", _("Date")
    AUDIT = "audit", _("AUDIT questionnaire (10 questions)")
    TEXT = "text", _("Free text (never published)")


class Column(models.TextChoices):
    """The cohort columns a question can fill (docs/architecture.md, Contracts)."""

    SEX = "sex", _("Sex")
    AGE_BAND = "age_band", _("Age band")
    AUDIT_BEFORE = "audit_before", _("AUDIT score before treatment")
    GRAMS_PER_DAY_BEFORE = "grams_per_day_before", _("Grams of alcohol per day before")
    PROTOCOL = "protocol", _("Protocol")
    EFFECTIVE_DOSE_MG = "effective_dose_mg", _("Effective dose (mg/day)")
    DAYS_TO_EFFECTIVE = "days_to_effective", _("Days to reach the effective dose")
    FOLLOWUP_DAYS = "followup_days", _("Days since the start of treatment")
    SIDE_EFFECTS_MAX = "side_effects_max", _("Worst side-effect severity (0-3)")
    OUTCOME_6M = "outcome_6m", _("Outcome at 6 months")


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("type"), max_length=8, choices=QuestionKind.choices)
    label = models.CharField(_("question (French)"), max_length=300)
    label_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    help = models.CharField(_("help text"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=False)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    min_value = models.FloatField(_("minimum"), null=True, blank=True)
    max_value = models.FloatField(_("maximum"), null=True, blank=True)
    # [{"value": "f", "label": "Femme", "label_en": "Woman"}, ...] for single and multiple choice
    choices = models.JSONField(default=list, blank=True)
    column = models.CharField(_("cohort column"), max_length=24, choices=Column.choices, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "column"],
                condition=~Q(column=""),
                name="survey_one_question_per_column",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def text(self, language: str) -> str:
        return self.label_en if language == "en" and self.label_en else self.label


class Source(models.TextChoices):
    WEB = "web", _("Answered online")
    IMPORT = "import", _("Imported from CSV")
    POOLED = "pooled", _("Shared by a patient of the app")


def _codes(labels: tuple[object, ...]) -> list[tuple[int, str]]:
    return [(code, str(label)) for code, label in enumerate(labels)]


CODE_BITS: Final = (
    ("sex", 2),
    ("age_band", 3),
    ("side_effects_max", 3),
    ("outcome_6m", 3),
    ("audit_before", 6),
    ("days_to_effective", 12),
    ("followup_days", 12),
)
"""The coded columns packed into :attr:`Answer.codes`, lowest bits first, with their widths
(41 bits in all): each is stored +1, 0 meaning unknown. The check constraints of
:class:`Answer` keep every value inside its width."""


def _packed_codes() -> models.Expression:
    """Each coded column + 1 (NULL + 1 is NULL, so unknown becomes 0) times its power of two;
    BIGINT factors keep PostgreSQL's arithmetic in 64 bits."""
    terms, shift = [], 0
    for column, bits in CODE_BITS:
        factor = Cast(Value(1 << shift), models.BigIntegerField())
        terms.append(Coalesce(F(column) + 1, 0) * factor)
        shift += bits
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return models.ExpressionWrapper(total, output_field=models.BigIntegerField())


class Answer(models.Model):
    """One person's answer, in the cohort columns (NULL = unknown)."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, null=True, blank=True, related_name="answers"
    )
    source = models.CharField(max_length=8, choices=Source.choices)
    ref = models.CharField(max_length=64, default=new_ref)
    submitted_on = models.DateField(null=True, blank=True)
    sex = models.SmallIntegerField(null=True, blank=True, choices=_codes(SEXES))
    age_band = models.SmallIntegerField(null=True, blank=True, choices=_codes(AGE_BANDS))
    audit_before = models.SmallIntegerField(null=True, blank=True)
    grams_per_day_before = models.FloatField(null=True, blank=True)
    protocol = models.CharField(max_length=32, blank=True)
    effective_dose_mg = models.FloatField(null=True, blank=True)
    days_to_effective = models.IntegerField(null=True, blank=True)
    followup_days = models.IntegerField(null=True, blank=True)
    side_effects_max = models.SmallIntegerField(null=True, blank=True)
    outcome_6m = models.SmallIntegerField(null=True, blank=True, choices=_codes(OUTCOMES))
    extra = models.JSONField(default=dict, blank=True)
    # The statistics read the coded columns packed in one integer (survey/dataset.py): the
    # database computes it on every write, so it is never out of step, and reading a million
    # answers skips a million evaluations of the packing.
    codes = models.GeneratedField(
        expression=_packed_codes(), output_field=models.BigIntegerField(), db_persist=True
    )

    class Meta:
        indexes = [
            models.Index(fields=["survey", "source"], name="survey_answer_by_survey"),
            # the statistics first list the protocols present: an index scan, not a table scan
            models.Index(fields=["survey", "protocol"], name="survey_answer_protocols"),
        ]
        constraints = [
            # One row per person and survey: importing a file twice, or two imports racing,
            # cannot count anyone twice. Pooled rows (no survey) are NULL here, and NULLs are
            # distinct in a unique constraint on SQLite and PostgreSQL alike.
            models.UniqueConstraint(fields=["survey", "ref"], name="survey_answer_unique_ref"),
            # The statistics pack the coded columns into one integer and read -1 as unknown
            # (survey/dataset.py): these bounds make both lossless, so the database enforces them.
            models.CheckConstraint(
                condition=Q(sex__gte=0, sex__lt=len(SEXES)) | Q(sex__isnull=True),
                name="survey_answer_sex_code",
            ),
            models.CheckConstraint(
                condition=Q(age_band__gte=0, age_band__lt=len(AGE_BANDS))
                | Q(age_band__isnull=True),
                name="survey_answer_age_band_code",
            ),
            models.CheckConstraint(
                condition=Q(audit_before__gte=0, audit_before__lte=40)
                | Q(audit_before__isnull=True),
                name="survey_answer_audit_range",
            ),
            models.CheckConstraint(
                condition=Q(grams_per_day_before__gte=0) | Q(grams_per_day_before__isnull=True),
                name="survey_answer_grams_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(effective_dose_mg__gt=0) | Q(effective_dose_mg__isnull=True),
                name="survey_answer_dose_positive",
            ),
            models.CheckConstraint(
                condition=Q(days_to_effective__gte=0, days_to_effective__lte=MAX_DAYS)
                | Q(days_to_effective__isnull=True),
                name="survey_answer_days_range",
            ),
            models.CheckConstraint(
                condition=Q(followup_days__gte=0, followup_days__lte=MAX_DAYS)
                | Q(followup_days__isnull=True),
                name="survey_answer_followup_range",
            ),
            models.CheckConstraint(
                condition=Q(side_effects_max__gte=0, side_effects_max__lt=len(SEVERITIES))
                | Q(side_effects_max__isnull=True),
                name="survey_answer_severity_code",
            ),
            models.CheckConstraint(
                condition=Q(outcome_6m__gte=0, outcome_6m__lt=len(OUTCOMES))
                | Q(outcome_6m__isnull=True),
                name="survey_answer_outcome_code",
            ),
        ]


class PoolConsent(models.Model):
    """A patient's consent to share the summary of their course; deleting the answer (revoking)
    deletes the consent with it."""

    patient = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pool_consent"
    )
    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="consent")
    consented_at = models.DateTimeField(auto_now=True)
