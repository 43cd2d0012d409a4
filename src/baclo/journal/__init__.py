"""The patient's daily journal: the entry value object, its validation, and pure rules over it."""

from baclo.journal.entry import (
    Craving,
    HealthEvent,
    Intake,
    JournalEntry,
    SideEffect,
    SideEffectKind,
    check_editable,
    entry_to_dict,
    parse_entry,
    parse_stored_entry,
)
from baclo.journal.threshold import (
    CravingReturn,
    EffectiveDose,
    find_craving_return,
    find_effective_dose,
)

__all__ = [
    "Craving",
    "CravingReturn",
    "EffectiveDose",
    "HealthEvent",
    "Intake",
    "JournalEntry",
    "SideEffect",
    "SideEffectKind",
    "check_editable",
    "entry_to_dict",
    "find_craving_return",
    "find_effective_dose",
    "parse_entry",
    "parse_stored_entry",
]
