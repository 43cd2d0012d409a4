"""Table cells formatted in the view, for tables of many rows.

A template filter on every cell of a long table (``floatformat``, ``date``) was most of the
rendering time of the charts page and of the prescriber's list. :class:`Cells` calls the very
same filters, so the HTML is unchanged, but once per distinct value of a request: a period of
months has a few doses, a list of patients a few dates and tenths.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat

#: What a table shows for a missing value (the templates' ``default:"–"``).
MISSING = "–"


class Cells:
    """Formats of one request (the active language's), each distinct value formatted once."""

    def __init__(self) -> None:
        self._done: dict[tuple[Any, ...], str] = {}

    def number(self, value: float | None, places: str = "") -> str:
        """``{{ value|floatformat:places|default:"–" }}``."""
        if value is None:
            return MISSING
        key = ("number", value, places)
        if key not in self._done:
            self._done[key] = (
                floatformat(value, places) if places else floatformat(value)
            ) or MISSING
        return self._done[key]

    def date(self, value: dt.date, format_name: str = "SHORT_DATE_FORMAT") -> str:
        """``{{ value|date:format_name }}``."""
        key = ("date", value, format_name)
        if key not in self._done:
            self._done[key] = date_filter(value, format_name)
        return self._done[key]
