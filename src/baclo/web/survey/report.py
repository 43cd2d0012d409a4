"""The published report: the stats core's k-anonymous summary, for the dashboard and as CSV.

Everything shown or exported comes from ``publishable(summarize(cohort), k)`` turned into JSON
by the stats core (:func:`baclo.stats.summary.to_json`): a suppressed cell is ``null`` there,
so it cannot reach a page or a file by accident. Free text never enters a cohort.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from typing import Any, Final

from django.core.exceptions import ImproperlyConfigured

from baclo.errors import InputError
from baclo.stats.publish import MIN_K, check_k, publishable
from baclo.stats.summary import summarize, to_json
from baclo.web.survey.dataset import load_cohort
from baclo.web.survey.models import Survey

__all__ = ["CSV_HEADER", "default_k", "published_report", "report_rows"]

CSV_HEADER: Final = ("group", "statistic", "value")


def default_k() -> int:
    """``BACLO_SURVEY_K`` (default 5, never below 5): the anonymity threshold of publications."""
    raw = os.environ.get("BACLO_SURVEY_K", str(MIN_K))
    try:
        return check_k(int(raw))
    except (ValueError, InputError) as error:
        raise ImproperlyConfigured(f"BACLO_SURVEY_K={raw!r}: {error}") from error


def published_report(survey: Survey | None, k: int) -> dict[str, Any]:
    """The publishable summary of ``survey`` (or the whole dataset) as the stats core's JSON."""
    return to_json(publishable(summarize(load_cohort(survey)), check_k(k)))


def _flatten(prefix: str, value: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _flatten(f"{prefix}.{key}" if prefix else key, item)
    elif isinstance(value, list) and value and isinstance(value[0], dict | list):
        for index, item in enumerate(value):
            yield from _flatten(f"{prefix}.{index}", item)
    elif isinstance(value, list):
        yield prefix, " ".join(repr(v) for v in value)
    else:
        yield prefix, value


def report_rows(report: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """One (group, statistic, value) row per published number; suppressed = empty cell."""
    subgroups = report.get("subgroups", {})
    body = {key: value for key, value in report.items() if key != "subgroups"}
    groups = [("overall", body)] + [
        (f"{dimension.removeprefix('by_')}={name}", group)
        for dimension, members in subgroups.items()
        for name, group in members.items()
    ]
    for group_name, group in groups:
        for statistic, value in _flatten("", group):
            yield group_name, statistic, "" if value is None else str(value)


def report_csv(report: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(report_rows(report))
    return out.getvalue()
