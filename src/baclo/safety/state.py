"""The patient state the safety rules read: a small immutable snapshot built per request.

Everything is optional except ``today``: a rule that lacks what it needs does not fire (it never
guesses and never raises). Missing journal days are explicit: :meth:`PatientState.window`
returns ``None`` for a day without an entry, and each rule says in its docstring how it treats
such days (unknown, never "nothing happened").
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field
from types import MappingProxyType

from baclo.journal import JournalEntry
from baclo.journal.threshold import entries_by_date
from baclo.protocols.split import SplitMode
from baclo.protocols.tablets import DEFAULT_TABLETS, TabletSet
from baclo.questionnaires import Sex
from baclo.safety.medications import CoMedication, DeclaredMedication, match_medications

__all__ = [
    "LOOKBACK_DAYS",
    "CoMedication",
    "DeclaredMedication",
    "PatientState",
    "Phase",
    "Sex",
    "SplitMode",
]

#: The journal days the rules read, today included: the longest look-back of any rule is 14
#: days (withdrawal, progress) and the reduction rule looks 2 days further; 21 leaves a margin.
#: A caller builds the state from these days only, so that the cost of a journal save does not
#: grow with the journal (tests/safety/test_lookback.py checks that older days change no alert).
LOOKBACK_DAYS = 21


class Phase(enum.StrEnum):
    """Where the patient is in the treatment course (docs/architecture.md, Domain facts)."""

    TITRATION = "titration"
    MAINTENANCE = "maintenance"
    TAPER = "taper"
    UNKNOWN = "unknown"


@dataclass(frozen=True, kw_only=True)
class PatientState:
    """What the rules know about one patient on ``today``.

    ``entries``: journal entries (any order, one per date, else ``ValueError``; dates after
    ``today`` are ignored). ``plan_doses``: the planned daily dose by date (absent = unknown).
    ``ceiling_mg``: the plan's ceiling (``None`` = unknown: only the 300 mg/day hard limit is
    checked). ``phq9_item9``/``phq9_on``: the latest PHQ-9 item 9 answer and its date.
    ``targeted_onset``: the craving onset the current targeted split was built for.
    ``tablets``: the patient's tablets, which any split the rules propose is made of.
    ``usual_intake_times``: the intake times of the current split (or the usual ones).
    ``taper_start``: the first day of the current taper (``phase`` is then ``TAPER``); days
    before it are not taper days (``None`` = unknown: the rules look at their usual window).
    ``sex``: for the sex-specific drinking thresholds (``None`` = unknown: the lower one applies).
    ``prescriber``: the display name of the linked prescriber, ``None`` when no prescriber is
    linked (messages then never promise that someone will see them).
    ``medications``: medicines declared by name (matched to :class:`CoMedication` classes; a name
    that matches none is shown to the prescriber). ``ess_answers``/``ess_on``: the latest
    Epworth Sleepiness Scale answers (8 items, 0-3) and their date.
    """

    today: dt.date
    entries: Sequence[JournalEntry] = ()
    plan_doses: Mapping[dt.date, float] = field(default_factory=dict)
    ceiling_mg: float | None = None
    phase: Phase = Phase.UNKNOWN
    co_medications: Set[CoMedication] = frozenset()
    crcl_ml_min: float | None = None
    phq9_item9: int | None = None
    phq9_on: dt.date | None = None
    split_mode: SplitMode | None = None
    targeted_onset: dt.time | None = None
    tablets: TabletSet = DEFAULT_TABLETS
    usual_intake_times: Sequence[dt.time] = ()
    taper_start: dt.date | None = None
    sex: Sex | None = None
    prescriber: str | None = None
    medications: Sequence[DeclaredMedication] = ()
    ess_answers: Sequence[int] | None = None
    ess_on: dt.date | None = None
    _by_date: Mapping[dt.date, JournalEntry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Freeze what the caller passed, so that a state cannot change under the rules.
        entries = tuple(sorted(self.entries, key=lambda e: e.date))
        object.__setattr__(self, "entries", entries)
        object.__setattr__(self, "_by_date", MappingProxyType(entries_by_date(entries)))
        object.__setattr__(self, "plan_doses", MappingProxyType(dict(self.plan_doses)))
        object.__setattr__(self, "co_medications", frozenset(self.co_medications))
        object.__setattr__(self, "usual_intake_times", tuple(self.usual_intake_times))
        object.__setattr__(self, "medications", tuple(self.medications))
        if self.ess_answers is not None:
            object.__setattr__(self, "ess_answers", tuple(self.ess_answers))

    @property
    def medication_classes(self) -> frozenset[CoMedication]:
        """Classes declared as such, and those of the medicines declared by name."""
        matched = match_medications(m.name for m in self.medications)
        return frozenset(self.co_medications) | matched.classes

    @property
    def unmatched_medications(self) -> tuple[str, ...]:
        """Declared names that match no known medicine, as the patient wrote them."""
        return match_medications(m.name for m in self.medications).unmatched

    def started_since(self, classes: Set[CoMedication], first: dt.date) -> list[str]:
        """Names of declared medicines of ``classes`` first declared on or after ``first``."""
        return [
            m.name
            for m in self.medications
            if m.since is not None
            and first <= m.since <= self.today
            and match_medications([m.name]).classes & classes
        ]

    def day(self, date: dt.date) -> JournalEntry | None:
        """The entry of ``date``, or ``None`` when that day was not logged (or is after today)."""
        return self._by_date.get(date) if date <= self.today else None

    def window(self, days: int) -> tuple[tuple[dt.date, JournalEntry | None], ...]:
        """The last ``days`` days ending today, oldest first, with ``None`` for missing days."""
        first = self.today - dt.timedelta(days=days - 1)
        dates = [first + dt.timedelta(days=i) for i in range(days)]
        return tuple((d, self.day(d)) for d in dates)

    def logged(self, days: int) -> tuple[JournalEntry, ...]:
        """The entries of the last ``days`` days, oldest first (missing days left out)."""
        return tuple(e for _, e in self.window(days) if e is not None)

    def planned(self, date: dt.date) -> float | None:
        return self.plan_doses.get(date)

    def on_baclofen(self, date: dt.date) -> bool:
        """Taking baclofen that day: intakes logged, or a planned dose above zero."""
        entry = self.day(date)
        return (entry is not None and entry.dose_mg > 0) or (self.planned(date) or 0) > 0
