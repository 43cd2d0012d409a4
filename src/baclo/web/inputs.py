"""Dates and clock times from JSON values, for the services and the API.

Thin wrappers over :mod:`baclo.protocols.inputs` (the same parsers as the CLI) that also refuse
values of the wrong JSON type with a :class:`~baclo.errors.FieldError`, never a ``TypeError``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from baclo.errors import FieldError
from baclo.protocols.inputs import parse_clock, parse_date

__all__ = ["clock_field", "date_field"]


def date_field(value: Any, field: str) -> dt.date:
    """A ``YYYY-MM-DD`` date; ``2026-02-30`` and non-strings are refused."""
    if not isinstance(value, str):
        raise FieldError(field, f"expected a date YYYY-MM-DD, got {value!r}", code="invalid_date")
    return parse_date(field, value)


def clock_field(value: Any, field: str) -> dt.time:
    """An ``HH:MM`` clock time (00:00-23:59); non-strings are refused."""
    if not isinstance(value, str):
        raise FieldError(field, f"expected a time HH:MM, got {value!r}", code="invalid_time")
    minutes = parse_clock(field, value)
    return dt.time(minutes // 60, minutes % 60)
