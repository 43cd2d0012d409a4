"""Parsing and formatting shared by every shell (CLI, pages, API): dates, times, doses, text.

Each parser raises :class:`~baclo.errors.FieldError` naming the field and echoing the value,
so the CLI can print it in one line and the web API can return it as a 422 body.

Input is checked here once, at the boundary, so that nothing the domain computes can overflow
or fail to be stored:

* a date lies in :data:`EARLIEST_DATE`..:data:`LATEST_DATE` (1900-01-01..2200-12-31): wide enough
  for any birth, treatment or report, far enough from ``date.max`` (9999-12-31) that a plan of
  730 days or a taper of years never runs past it;
* a number is finite (no NaN, no infinity, no integer too large for a float), and a dose is above
  0 and at most :data:`HARD_LIMIT_MG` (300 mg/day, the product's hard limit: the 2014 RTU
  maximum, kept by the ANSM recommendations of 2021; no data beyond);
* text is Unicode that can be stored and sent (no lone surrogate, no control character but tab
  and line breaks), normalised to NFC so that the same words are stored the same way.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

from baclo.errors import FieldError
from baclo.text import Text, date_fr, number_fr

__all__ = [
    "EARLIEST_DATE",
    "HARD_LIMIT_MG",
    "LATEST_DATE",
    "MINUTES_PER_DAY",
    "check_date",
    "clean_text",
    "finite_number",
    "format_clock",
    "mg_json",
    "parse_clock",
    "parse_date",
    "positive_dose",
]

MINUTES_PER_DAY = 24 * 60
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2200, 12, 31)
HARD_LIMIT_MG = 300.0
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
# Tab, line feed and carriage return are text; every other C0 control character, DEL and the C1
# controls are not (PostgreSQL refuses NUL in text; the others only hide or garble what is shown).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def parse_date(field: str, text: str) -> dt.date:
    """``YYYY-MM-DD`` to a date in the window; malformed or impossible dates (2026-02-30) and
    dates outside 1900-01-01..2200-12-31 are refused."""
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise FieldError(
            field,
            Text(
                en=f"expected a date YYYY-MM-DD, got {text!r}",
                fr=f"date attendue au format AAAA-MM-JJ, reçu « {text} »",
            ),
            code="invalid_date",
        ) from None
    return check_date(field, day)


def check_date(field: str, day: dt.date) -> dt.date:
    """``day`` itself if it lies in :data:`EARLIEST_DATE`..:data:`LATEST_DATE`, else a
    ``FieldError`` (for dates that arrive already parsed, from a form or a date picker)."""
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise FieldError(
            field,
            Text(
                en=f"{day.isoformat()} is outside "
                f"{EARLIEST_DATE.isoformat()}..{LATEST_DATE.isoformat()}",
                fr=f"le {date_fr(day)} est hors de la période permise "
                f"(du {date_fr(EARLIEST_DATE)} au {date_fr(LATEST_DATE)})",
            ),
            code="out_of_window",
        )
    return day


def parse_clock(field: str, text: str) -> int:
    """``HH:MM`` (00:00-23:59) to minutes after midnight."""
    match = _CLOCK.fullmatch(text)
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise FieldError(
            field,
            Text(
                en=f"expected a time HH:MM, got {text!r}",
                fr=f"heure attendue au format HH:MM, reçu « {text} »",
            ),
            code="invalid_time",
        )
    return int(match[1]) * 60 + int(match[2])


def format_clock(minutes: int) -> str:
    """Minutes after midnight (any integer, taken modulo a day) to ``HH:MM``."""
    minutes %= MINUTES_PER_DAY
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def finite_number(field: str, value: object) -> float:
    """``value`` as a float if it is a finite number (not a bool, NaN, an infinity, or an
    integer too large for a float), else a ``FieldError``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        shown = f"{value!r:.40}"
        raise FieldError(
            field,
            Text(en=f"must be a number, got {shown}", fr=f"un nombre est attendu, reçu {shown}"),
            code="type",
        )
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise FieldError(
            field,
            Text(
                en=f"must be a finite number, got {number:g}",
                fr=f"un nombre fini est attendu, reçu {number:g}",
            ),
            code="range",
        )
    return number


def positive_dose(field: str, value: float, *, maximum: float = HARD_LIMIT_MG) -> float:
    """``value`` as a float if it is a finite dose above zero and at most ``maximum`` mg (the
    hard limit by default), else a ``FieldError``."""
    dose = finite_number(field, value)
    if dose <= 0:
        raise FieldError(
            field,
            Text(
                en=f"must be a dose above 0 mg, got {dose:g}",
                fr=f"la dose doit être supérieure à 0 mg, reçu {number_fr(dose)}",
            ),
            code="range",
        )
    if dose > maximum:
        hard = maximum == HARD_LIMIT_MG
        raise FieldError(
            field,
            Text(
                en=f"{dose:g} mg is above {'the hard limit' if hard else 'the maximum'} of "
                f"{maximum:g} mg",
                fr=f"{number_fr(dose)} mg dépasse {'la limite absolue' if hard else 'le maximum'}"
                f" de {number_fr(maximum)} mg",
            ),
            code="range",
        )
    return dose


def clean_text(field: str, text: str) -> str:
    """``text`` normalised to NFC, or a ``FieldError`` if it holds what cannot be stored or shown
    as text: a lone surrogate (not Unicode at all, refused by UTF-8) or a control character."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise FieldError(
            field,
            Text(en="is not valid Unicode text", fr="ce texte contient des caractères invalides"),
            code="encoding",
        ) from None
    if _CONTROL.search(text):
        raise FieldError(
            field,
            Text(
                en="contains a control character",
                fr="ce texte contient un caractère de contrôle (invisible) : retirez-le",
            ),
            code="control",
        )
    return unicodedata.normalize("NFC", text)


def mg_json(value: float) -> int | float:
    """A dose for JSON: ``30`` rather than ``30.0`` when it is whole, as the docs show."""
    return int(value) if float(value).is_integer() else float(value)
