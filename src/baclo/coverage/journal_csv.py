"""Read a journal exported as CSV: one row per day, validated like any journal entry.

Columns (header required, UTF-8, comma-separated; other columns are ignored)::

    date               YYYY-MM-DD, once per file
    intakes            "HH:MM=MG;HH:MM=MG" (empty: none taken that day)
    craving_intensity  0-10, empty when not logged
    craving_onset      HH:MM, empty when not logged (needs an intensity)
    side_effects_max   0-3, optional column: the day's worst side effect

Each row goes through :func:`baclo.journal.parse_entry`, the one validator of journal entries,
so a file is accepted or refused exactly as the API would accept or refuse those days. A bad row
raises :class:`~baclo.errors.InputError` naming the line and every bad field.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping, Sequence
from typing import Any

from baclo.errors import FieldError, InputError, ValidationError
from baclo.journal import JournalEntry, SideEffectKind, parse_entry

__all__ = ["COLUMNS", "REQUIRED_COLUMNS", "read_journal_csv", "write_journal_csv"]

REQUIRED_COLUMNS = ("date", "intakes", "craving_intensity", "craving_onset")
COLUMNS = (*REQUIRED_COLUMNS, "side_effects_max")


def _number(text: str) -> float | str:
    """A number when the cell reads as one; else the text, for the validator to refuse."""
    try:
        return float(text) if "." in text else int(text)
    except ValueError:
        return text


def _intakes(cell: str) -> list[dict[str, Any]] | str:
    intakes: list[dict[str, Any]] = []
    for part in filter(None, (p.strip() for p in cell.split(";"))):
        time, sep, dose = part.partition("=")
        if not sep:
            return cell
        intakes.append({"time": time.strip(), "dose_mg": _number(dose.strip())})
    return intakes


def _entry_data(row: Mapping[str, str]) -> dict[str, Any]:
    """The API shape of one row (what :func:`parse_entry` validates)."""
    data: dict[str, Any] = {}
    intakes = _intakes(row["intakes"].strip())
    if intakes:
        data["intakes"] = intakes
    intensity = row["craving_intensity"].strip()
    onset = row["craving_onset"].strip()
    if intensity or onset:
        data["craving"] = {
            "intensity": _number(intensity) if intensity else None,
            "onset": onset or None,
        }
    severity = (row.get("side_effects_max") or "").strip()
    if severity and severity != "0":
        data["side_effects"] = [{"kind": SideEffectKind.OTHER.value, "severity": _number(severity)}]
    return data


def _date(text: str, line: int) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"line {line}: date: expected YYYY-MM-DD, got {text!r}") from None


def read_journal_csv(text: str) -> list[JournalEntry]:
    """The entries of a journal CSV, in file order; refuses a bad file with one line."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(f"journal CSV: missing column(s) {', '.join(missing)}")
    entries: list[JournalEntry] = []
    seen: set[dt.date] = set()
    for line, row in enumerate(reader, start=2):
        if None in row.values() or None in row:
            raise InputError(f"line {line}: expected {len(reader.fieldnames or [])} cells")
        day = _date(row["date"], line)
        if day in seen:
            raise InputError(f"line {line}: date {day.isoformat()} appears twice")
        seen.add(day)
        try:
            entries.append(parse_entry(_entry_data(row), entry_date=day))
        except ValidationError as error:
            details = "; ".join(f"{e.field}: {e.message}" for e in error.errors)
            raise InputError(f"line {line}: {details}") from None
        except FieldError as error:
            raise InputError(f"line {line}: {error}") from None
    return entries


def write_journal_csv(entries: Sequence[JournalEntry]) -> str:
    """The CSV of ``entries`` in the columns :func:`read_journal_csv` reads (its inverse)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for entry in sorted(entries, key=lambda e: e.date):
        craving = entry.craving
        writer.writerow(
            [
                entry.date.isoformat(),
                ";".join(f"{i.time:%H:%M}={i.dose_mg:g}" for i in entry.intakes),
                "" if craving is None else craving.intensity,
                "" if craving is None or craving.onset is None else f"{craving.onset:%H:%M}",
                max((s.severity for s in entry.side_effects), default=0),
            ]
        )
    return out.getvalue()
