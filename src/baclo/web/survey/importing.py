"""Importing a cohort CSV into a survey, idempotently: a person already there is not stored again.

A person is their ``id`` column (the answer's ``ref``), unique within a survey (the database's
``survey_answer_unique_ref`` constraint). Importing a file again, or a file that overlaps an
earlier one, skips those rows and says how many; a file that repeats an id keeps the first line
and names the others. Two imports into one survey at once are serialised by a lock on the survey
row (``BEGIN IMMEDIATE`` does it on SQLite), so the second sees the first's rows and skips them
instead of failing on the constraint.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

import numpy as np
from django.db import transaction
from numpy.typing import NDArray

from baclo.stats.csvfile import CohortFile
from baclo.web.survey.dataset import store_cohort
from baclo.web.survey.models import Answer, Source, Survey

__all__ = ["ImportResult", "import_cohort"]

LOOKUP_BATCH: Final = 5_000
"""Ids looked up per query: far below SQLite's limit of 32,766 parameters a statement."""


@dataclass(frozen=True, kw_only=True)
class ImportResult:
    """What an import did: rows stored, rows skipped because the survey already had their id,
    and the lines that repeat an id seen on an earlier line of the same file (skipped too)."""

    stored: int
    already_imported: int
    repeated_lines: tuple[int, ...]


def import_cohort(read: CohortFile, survey: Survey, *, submitted_on: dt.date) -> ImportResult:
    """Store the good rows of ``read`` whose id is new to ``survey``, each id once."""
    ids = read.cohort.ids.astype(str)
    first = np.zeros(len(ids), dtype=bool)
    first[np.unique(ids, return_index=True)[1]] = True
    with transaction.atomic():
        Survey.objects.select_for_update().only("pk").get(pk=survey.pk)
        stored_ids = _stored_ids(survey, np.unique(ids))
        already = first & np.isin(ids, stored_ids)
        stored = store_cohort(
            read.cohort.subset(first & ~already),
            survey=survey,
            source=Source.IMPORT,
            submitted_on=submitted_on,
        )
    return ImportResult(
        stored=stored,
        already_imported=int(already.sum()),
        repeated_lines=tuple(read.lines[~first].tolist()),
    )


def _stored_ids(survey: Survey, ids: NDArray[np.str_]) -> list[str]:
    """Which of ``ids`` the survey already holds, found through the unique (survey, ref) index."""
    found: list[str] = []
    for start in range(0, len(ids), LOOKUP_BATCH):
        batch = ids[start : start + LOOKUP_BATCH].tolist()
        found.extend(
            Answer.objects.filter(survey=survey, ref__in=batch).values_list("ref", flat=True)
        )
    return found
