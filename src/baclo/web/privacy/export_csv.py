"""The export as spreadsheets: one zip of CSV files built from the JSON export, table by table.

``journal.csv`` has one row per day in the columns :mod:`baclo.coverage.journal_csv` reads
(``date, intakes, craving_intensity, craving_onset, side_effects_max``, intakes as
``HH:MM=MG;HH:MM=MG``), then the other fields of the day; every other list of the export is a
table of its own, and the account, plan and settings are one row each. A nested value (a list,
an object) is written as JSON in its cell, so that nothing is lost.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from typing import Any

from baclo.coverage.journal_csv import COLUMNS as JOURNAL_CSV_COLUMNS
from baclo.web.accounts.models import User
from baclo.web.privacy.services import export_user_data

__all__ = ["export_zip"]

JOURNAL_EXTRA = (
    "dose_mg",
    "alcohol_g",
    "standard_drinks",
    "mood",
    "note",
    "drinks",
    "side_effects",
)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] = ()) -> str:
    names = list(columns)
    for row in rows:
        names += [key for key in row if key not in names]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in names])
    return out.getvalue()


def _journal_row(entry: Mapping[str, Any]) -> dict[str, Any]:
    craving = entry.get("craving") or {}
    effects = entry.get("side_effects") or []
    return {
        **{key: value for key, value in entry.items() if key != "craving"},
        "intakes": ";".join(f"{i['time']}={i['dose_mg']:g}" for i in entry.get("intakes", [])),
        "craving_intensity": craving.get("intensity"),
        "craving_onset": craving.get("onset"),
        "side_effects_max": max((e["severity"] for e in effects), default=0),
    }


def export_zip(user: User) -> bytes:
    """Everything :func:`~baclo.web.privacy.services.export_user_data` holds, as CSV files."""
    data = export_user_data(user)
    files = {
        "journal.csv": _table(
            [_journal_row(e) for e in data.pop("journal")], [*JOURNAL_CSV_COLUMNS, *JOURNAL_EXTRA]
        )
    }
    about = {key: data.pop(key) for key in ("format", "exported_at", "software")}
    for name, value in data.items():
        if isinstance(value, list):
            files[f"{name}.csv"] = _table(value)
        elif isinstance(value, dict):
            files[f"{name}.csv"] = _table([value])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _readme(about, sorted(files)))
        for name, text in sorted(files.items()):
            archive.writestr(name, text)
    return buffer.getvalue()


def _readme(about: Mapping[str, Any], names: Sequence[str]) -> str:
    return "\n".join(
        [
            f"baclo export ({about['format']}, {about['software']}), {about['exported_at']}",
            "UTF-8, comma-separated, one header row; nested values are JSON.",
            "journal.csv: date, intakes (HH:MM=MG;...), craving_intensity, craving_onset, "
            "side_effects_max, then the day's other fields.",
            "Files: " + ", ".join(names),
            "",
        ]
    )
