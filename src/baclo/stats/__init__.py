"""Cohort statistics for the association: data, summary, publication safety, synthetic cohort.

The web application and the CLI use this surface::

    loaded = read_cohort(path_or_bytes, strict=False)   # CohortFile(cohort, issues)
    summary = summarize(loaded.cohort)                  # or a Cohort.from_columns(...) of a query
    body = to_json(publishable(summary, k=5))           # the only form that may be published
"""

from baclo.stats.cohort import Cohort
from baclo.stats.csvfile import COLUMNS, CohortFile, RowIssue, read_cohort, write_cohort
from baclo.stats.publish import MIN_K, publishable
from baclo.stats.summary import CohortSummary, summarize, to_json
from baclo.stats.synthetic import generate

__all__ = [
    "COLUMNS",
    "MIN_K",
    "Cohort",
    "CohortFile",
    "CohortSummary",
    "RowIssue",
    "generate",
    "publishable",
    "read_cohort",
    "summarize",
    "to_json",
    "write_cohort",
]
