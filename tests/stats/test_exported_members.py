"""The public surface of baclo.stats is pinned: a change to it is a deliberate change here."""

from __future__ import annotations

import baclo.stats


def test_the_package_exports_exactly_its_public_surface():
    assert baclo.stats.__all__ == [
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
    for name in baclo.stats.__all__:
        assert getattr(baclo.stats, name) is not None, name
