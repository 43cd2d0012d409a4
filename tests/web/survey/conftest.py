"""Helpers of the survey tests: the ready-made survey, a valid answer, small cohorts."""

from __future__ import annotations

import io
from typing import Any

import pytest

from baclo.questionnaires import AUDIT
from baclo.stats.cohort import Cohort
from baclo.stats.csvfile import write_cohort
from baclo.web.survey.models import Column, Survey
from baclo.web.survey.questions import audit_field_name
from baclo.web.survey.ready_made import ensure_ready_made_survey

HEADER = (
    "id,sex,age_band,audit_before,grams_per_day_before,protocol,effective_dose_mg,"
    "days_to_effective,followup_days,side_effects_max,outcome_6m"
)


@pytest.fixture
def ready_made(db) -> Survey:
    return ensure_ready_made_survey()


def question_of(survey: Survey, column: Column) -> Any:
    return survey.questions.get(column=column)


def valid_answer(survey: Survey, **overrides: Any) -> dict[str, Any]:
    """A complete answer to the ready-made survey: AUDIT items all 2 (score 20 = 8x2 + 2x2)."""
    q = {column: question_of(survey, column).pk for column in Column}
    data: dict[str, Any] = {
        f"q{q[Column.AGE_BAND]}": "30-44",
        f"q{q[Column.SEX]}": "f",
        f"q{q[Column.GRAMS_PER_DAY_BEFORE]}": "120",
        f"q{q[Column.PROTOCOL]}": "ameisen",
        f"q{q[Column.FOLLOWUP_DAYS]}": "2025-01-01",
        f"q{q[Column.EFFECTIVE_DOSE_MG]}": "180",
        f"q{q[Column.DAYS_TO_EFFECTIVE]}": "75",
        f"q{q[Column.SIDE_EFFECTS_MAX]}": "1",
        f"q{q[Column.OUTCOME_6M]}": "controlled",
    }
    audit = question_of(survey, Column.AUDIT_BEFORE)
    for item in AUDIT.items:
        data[audit_field_name(audit, item.id)] = "2"
    text = survey.questions.get(kind="text")
    data[f"q{text.pk}"] = "Merci à l'association"
    data.update(overrides)
    return data


def cohort_csv(cohort: Cohort) -> bytes:
    out = io.BytesIO()
    write_cohort(cohort, out)
    return out.getvalue()
