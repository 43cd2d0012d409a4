"""The patient's daily journal: the entry value object, its validation, and pure rules over it."""

from baclo.journal.entry import (
    Craving,
    Intake,
    JournalEntry,
    SideEffect,
    SideEffectKind,
    check_editable,
    entry_to_dict,
    parse_entry,
)

__all__ = [
    "Craving",
    "Intake",
    "JournalEntry",
    "SideEffect",
    "SideEffectKind",
    "check_editable",
    "entry_to_dict",
    "parse_entry",
]
