"""Table cells formatted in the view, for tables of many rows.

A template filter on every cell of a long table (``floatformat``, ``date``) was most of the
rendering time of the charts page and of the prescriber's list. :class:`Cells` calls the very
same filters, so the HTML is unchanged, but once per distinct value of a request: a period of
months has a few doses, a list of patients a few dates and tenths.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat
from django.utils.formats import get_format, localize

#: What a table shows for a missing value (the templates' ``default:"–"``).
MISSING = "–"

#: Date format characters that are plain numbers, as Django's ``date`` filter writes them.
_DATE_NUMBERS: dict[str, Callable[[dt.date], str]] = {
    "d": lambda day: f"{day.day:02d}",
    "j": lambda day: str(day.day),
    "m": lambda day: f"{day.month:02d}",
    "n": lambda day: str(day.month),
    "Y": lambda day: f"{day.year:04d}",
    "y": lambda day: f"{day.year % 100:02d}",
}


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

    def localized(self, value: float | None) -> str:
        """``{{ value }}`` of a number in the active language's format, "–" for None."""
        if value is None:
            return MISSING
        key = ("localized", type(value), value)
        if key not in self._done:
            self._done[key] = str(localize(value))
        return self._done[key]

    def date(self, value: dt.date, format_name: str = "SHORT_DATE_FORMAT") -> str:
        """``{{ value|date:format_name }}``.

        A table of days has a different date in every row: a format made of day, month and
        year numbers only (the short formats of French and English) is filled in directly,
        a tenth of the date filter's cost; any other goes through the filter.
        """
        key = ("date", value, format_name)
        if key not in self._done:
            parts = self._numeric_format(format_name)
            self._done[key] = (
                date_filter(value, format_name)
                if parts is None
                else "".join(
                    _DATE_NUMBERS[part](value) if part in _DATE_NUMBERS else part for part in parts
                )
            )
        return self._done[key]

    def _numeric_format(self, format_name: str) -> str | None:
        """The active language's ``format_name`` when only numbers and separators make it."""
        key = ("format", format_name)
        if key not in self._done:
            found = get_format(format_name)
            self._done[key] = (
                found
                if all(
                    part in _DATE_NUMBERS or (not part.isalpha() and part != "\\") for part in found
                )
                else ""
            )
        return self._done[key] or None
