"""Parsing and formatting shared by the planning functions: dates, clock times, doses.

Each parser raises :class:`~baclo.errors.FieldError` naming the field and echoing the value,
so the CLI can print it in one line and the web API can return it as a 422 body.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from baclo.errors import FieldError

__all__ = [
    "MINUTES_PER_DAY",
    "format_clock",
    "mg_json",
    "parse_clock",
    "parse_date",
    "positive_dose",
]

MINUTES_PER_DAY = 24 * 60
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


def parse_date(field: str, text: str) -> dt.date:
    """``YYYY-MM-DD`` to a date; malformed or impossible dates (2026-02-30) are refused."""
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise FieldError(
            field, f"expected a date YYYY-MM-DD, got {text!r}", code="invalid_date"
        ) from None


def parse_clock(field: str, text: str) -> int:
    """``HH:MM`` (00:00-23:59) to minutes after midnight."""
    match = _CLOCK.fullmatch(text)
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise FieldError(field, f"expected a time HH:MM, got {text!r}", code="invalid_time")
    return int(match[1]) * 60 + int(match[2])


def format_clock(minutes: int) -> str:
    """Minutes after midnight (any integer, taken modulo a day) to ``HH:MM``."""
    minutes %= MINUTES_PER_DAY
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def positive_dose(field: str, value: float) -> float:
    """``value`` as a float if it is a finite dose above zero, else a ``FieldError``."""
    if not math.isfinite(value) or value <= 0:
        raise FieldError(field, f"must be a dose above 0 mg, got {value:g}", code="range")
    return float(value)


def mg_json(value: float) -> int | float:
    """A dose for JSON: ``30`` rather than ``30.0`` when it is whole, as the docs show."""
    return int(value) if float(value).is_integer() else float(value)
