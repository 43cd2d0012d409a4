"""Dates and clock times from JSON values and form fields, for the services, API and pages.

Thin wrappers over :mod:`baclo.protocols.inputs` (the same parsers as the CLI, with the same date
window) that also refuse values of the wrong JSON type with a :class:`~baclo.errors.FieldError`,
never a ``TypeError``; :func:`validate_date_window` is the same window for Django form fields.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError as FormValidationError

from baclo.errors import FieldError
from baclo.protocols.inputs import check_date, parse_clock, parse_date
from baclo.web.wording import error_message

__all__ = ["clock_field", "date_field", "validate_date_window"]


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


def validate_date_window(day: dt.date) -> None:
    """A Django validator: the date window of :func:`baclo.protocols.inputs.check_date`."""
    try:
        check_date("date", day)
    except FieldError as error:
        raise FormValidationError(error_message(error), code=error.code) from None
