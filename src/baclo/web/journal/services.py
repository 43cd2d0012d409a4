"""Journal use cases shared by the API and the pages: same validation, same domain functions.

Every write goes through :func:`baclo.journal.check_editable` and
:func:`baclo.journal.parse_entry`, in one transaction, so that an entry is never half-written and a
retried ``PUT`` of the same day is harmless (one row per patient and day, replaced).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.dispatch import Signal

from baclo.errors import FieldError
from baclo.journal import JournalEntry as CoreEntry
from baclo.journal import check_editable, entry_to_dict, parse_entry, parse_stored_entry
from baclo.journal.entry import COMPUTED_FIELDS
from baclo.web.accounts.models import User
from baclo.web.clock import local_today
from baclo.web.journal.models import JournalEntry
from baclo.web.journal.stored import list_entries

__all__ = [
    "NO_ENTRY",
    "VersionConflictError",
    "delete_entry",
    "entry_saved",
    "entry_version",
    "get_entry",
    "list_entries",
    "local_today",
    "row_fields",
    "save_entry",
    "update_entry",
]


#: Sent once a day's entry is written, inside the save's transaction, with ``patient``,
#: ``date`` (the day) and ``today``: the safety app runs its rules then (the journal knows
#: nothing of the apps that read it). A receiver must not let an error out: that would undo the
#: save (the safety app turns its own failures into a visible warning, in a savepoint).
entry_saved = Signal()

#: The version of a day that has no entry: a save expecting it creates the entry, never replaces.
NO_ENTRY = ""


class VersionConflictError(Exception):
    """The day changed since the caller read it (another phone, the prescriber's page...).

    ``current`` is the entry as it is now (``None`` when it was deleted); nothing was written.
    """

    def __init__(self, current: JournalEntry | None) -> None:
        super().__init__("this day was changed elsewhere since it was loaded")
        self.current = current


def entry_version(entry: JournalEntry | None) -> str:
    """An opaque version of a day's entry (its last write, to the microsecond), for ETag and
    If-Match: a client that read version V may replace the entry only while it is still V."""
    if entry is None:
        return NO_ENTRY
    return str(round(entry.updated_at.timestamp() * 1_000_000))


def row_fields(entry: CoreEntry, payload: dict[str, Any] | None = None) -> dict[str, Any]:
    """The stored columns of a validated entry: its JSON and the figures the lists filter and
    chart without reading the JSON (``payload`` is ``entry_to_dict(entry)`` when already made)."""
    return {
        "data": entry_to_dict(entry) if payload is None else payload,
        "dose_mg": entry.dose_mg,
        "craving_intensity": None if entry.craving is None else entry.craving.intensity,
        "alcohol_g": entry.alcohol_g,
        "mood": entry.mood,
    }


def save_entry(
    patient: User,
    date: dt.date,
    data: Any,
    *,
    today: dt.date | None = None,
    expected_version: str | None = None,
) -> tuple[JournalEntry, bool]:
    """Validate and store ``patient``'s entry for ``date``; ``created`` is false on replace.

    Raises :class:`~baclo.errors.FieldError` (``date``) or
    :class:`~baclo.errors.ValidationError` (the entry's fields) without touching the database.
    With ``expected_version`` (see :func:`entry_version`; :data:`NO_ENTRY` for "create only"),
    a day changed since that version raises :class:`VersionConflictError` instead of overwriting it,
    unless it already holds exactly this entry: a retried save whose answer was lost succeeds.
    """
    today = today or local_today()
    check_editable(date, today)
    if not isinstance(data, dict):
        raise FieldError("body", f"expected a JSON object, got {type(data).__name__}", code="type")
    entry = parse_entry(data, entry_date=date)
    if "\x00" in entry.note:
        # PostgreSQL text and jsonb cannot hold U+0000; refuse it on every database alike.
        raise FieldError("note", "contains a NUL character (U+0000)", code="invalid_char")
    payload = entry_to_dict(entry)
    with transaction.atomic():
        if expected_version is not None:
            current = (
                JournalEntry.objects.select_for_update().filter(patient=patient, date=date).first()
            )
            if entry_version(current) != expected_version:
                if current is not None and current.data == payload:
                    return current, False
                raise VersionConflictError(current)
        saved = JournalEntry.objects.update_or_create(
            patient=patient,
            date=date,
            defaults=row_fields(entry, payload),
        )
        # In the same transaction: one commit (one fsync on SQLite) for the entry and what the
        # readers store; a reader keeps its own failures from undoing the save (a savepoint).
        entry_saved.send(sender=JournalEntry, patient=patient, date=date, today=today)
    return saved


def update_entry(
    patient: User,
    date: dt.date,
    change: Callable[[CoreEntry], CoreEntry],
    *,
    today: dt.date | None = None,
) -> tuple[JournalEntry, bool]:
    """Apply ``change`` to the day's entry (an empty one when there is none) and save it.

    The save expects the version that was read, so that a change saved meanwhile by another
    request is never lost: :class:`VersionConflictError` instead, and the caller asks again.
    """
    stored = get_entry(patient, date)
    current = (
        CoreEntry(date=date) if stored is None else parse_stored_entry(stored.data, entry_date=date)
    )
    changed = entry_to_dict(change(current))
    data = {key: value for key, value in changed.items() if key not in COMPUTED_FIELDS}
    return save_entry(patient, date, data, today=today, expected_version=entry_version(stored))


def get_entry(patient: User, date: dt.date) -> JournalEntry | None:
    return JournalEntry.objects.filter(patient=patient, date=date).first()


def delete_entry(patient: User, date: dt.date, *, today: dt.date | None = None) -> bool:
    """Delete the entry of ``date`` if it is still editable; false when there was none."""
    check_editable(date, today or local_today())
    deleted, _ = JournalEntry.objects.filter(patient=patient, date=date).delete()
    return deleted > 0
