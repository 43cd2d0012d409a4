"""Reading stored journal rows: by date range, and back as domain entries for the code that
reasons over them (safety rules, pooled summaries). Kept apart from
:mod:`baclo.web.journal.services`, which imports the safety services, so that those can import
this without a cycle."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from baclo.errors import ValidationError
from baclo.journal import JournalEntry as CoreEntry
from baclo.journal import parse_stored_entry
from baclo.web.accounts.models import User
from baclo.web.journal.models import JournalEntry


def list_entries(
    patient: User, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> QuerySet[JournalEntry]:
    """Entries of ``patient`` between the two dates included (open-ended when ``None``)."""
    entries = JournalEntry.objects.filter(patient=patient)
    if date_from is not None:
        entries = entries.filter(date__gte=date_from)
    if date_to is not None:
        entries = entries.filter(date__lte=date_to)
    return entries.order_by("date")


def domain_entries(patient: User, date_from: dt.date, date_to: dt.date) -> list[CoreEntry]:
    """``patient``'s entries from ``date_from`` to ``date_to`` included, in date order.

    A row that no longer validates (written by an older version) is left out: callers treat
    that day as unknown, which is what it has become.
    """
    entries = []
    # Only the two columns parsed: no model instance per row (the safety rules read 21 rows
    # on every journal save).
    for date, data in list_entries(patient, date_from, date_to).values_list("date", "data"):
        try:
            entries.append(parse_stored_entry(data, entry_date=date))
        except ValidationError:
            continue
    return entries
