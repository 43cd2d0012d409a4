"""The plan's intakes of a day, answered one tap at a time: taken, taken at another time, skipped.

A patient confirms each planned intake as the day goes (stable intake times are advised to limit
side effects, ``association-baclofene``, so the plan's times are the default answer). The
answers live in the day's :class:`~baclo.journal.entry.JournalEntry`: a taken intake carries the
planned time it answers (:attr:`Intake.planned`), a skipped one is listed in
:attr:`JournalEntry.skipped`. An intake logged without that link (an older entry, another
client) answers the planned intake at the same clock time, so that nothing is counted twice.

>>> import datetime as dt
>>> plan = [PlannedIntake(time=dt.time(8), dose_mg=20), PlannedIntake(time=dt.time(18), dose_mg=30)]
>>> day = answer(JournalEntry(date=dt.date(2026, 3, 2)), plan[0], IntakeState.TAKEN)
>>> [state.value for _, state, _ in intake_states(day, plan)]
['taken', 'pending']
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Sequence

from baclo.errors import FieldError
from baclo.journal.entry import Intake, JournalEntry

__all__ = ["IntakeState", "PlannedIntake", "answer", "answer_all_as_planned", "intake_states"]


class IntakeState(enum.StrEnum):
    PENDING = "pending"
    TAKEN = "taken"
    TAKEN_OTHER_TIME = "taken_other_time"
    SKIPPED = "skipped"


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class PlannedIntake:
    """One intake of the day's plan: its clock time and milligrams."""

    time: dt.time
    dose_mg: float


def _answering(entry: JournalEntry, planned: PlannedIntake) -> Intake | None:
    linked = [i for i in entry.intakes if i.planned == planned.time]
    if linked:
        return linked[0]
    same_time = [i for i in entry.intakes if i.planned is None and i.time == planned.time]
    return same_time[0] if same_time else None


def intake_states(
    entry: JournalEntry | None, planned: Sequence[PlannedIntake]
) -> list[tuple[PlannedIntake, IntakeState, Intake | None]]:
    """Each planned intake with its answer in ``entry`` and the intake that answered it."""
    states: list[tuple[PlannedIntake, IntakeState, Intake | None]] = []
    for item in planned:
        taken = None if entry is None else _answering(entry, item)
        if taken is not None:
            on_time = taken.time == item.time
            state = IntakeState.TAKEN if on_time else IntakeState.TAKEN_OTHER_TIME
        elif entry is not None and item.time in entry.skipped:
            state = IntakeState.SKIPPED
        else:
            state = IntakeState.PENDING
        states.append((item, state, taken))
    return states


def _without_answer(entry: JournalEntry, planned: PlannedIntake) -> JournalEntry:
    previous = _answering(entry, planned)
    return dataclasses.replace(
        entry,
        intakes=tuple(i for i in entry.intakes if i is not previous),
        skipped=tuple(t for t in entry.skipped if t != planned.time),
    )


def answer(
    entry: JournalEntry,
    planned: PlannedIntake,
    state: IntakeState,
    *,
    at: dt.time | None = None,
) -> JournalEntry:
    """``entry`` with ``planned`` answered as ``state`` (its previous answer replaced).

    ``TAKEN_OTHER_TIME`` needs ``at``, the clock time it was taken; ``PENDING`` takes the
    answer back. The planned dose is recorded: a different dose is entered in the journal.
    """
    cleared = _without_answer(entry, planned)
    if state is IntakeState.PENDING:
        return cleared
    if state is IntakeState.SKIPPED:
        return dataclasses.replace(cleared, skipped=tuple(sorted({*cleared.skipped, planned.time})))
    if state is IntakeState.TAKEN_OTHER_TIME and at is None:
        raise FieldError("time", "the time it was taken is required", code="required")
    taken = Intake(
        time=planned.time if state is IntakeState.TAKEN or at is None else at,
        dose_mg=planned.dose_mg,
        planned=planned.time,
    )
    intakes = tuple(sorted((*cleared.intakes, taken), key=lambda i: i.time))
    return dataclasses.replace(cleared, intakes=intakes)


def answer_all_as_planned(entry: JournalEntry, planned: Sequence[PlannedIntake]) -> JournalEntry:
    """Every planned intake still unanswered, taken at its time (answers given are kept)."""
    for item, state, _ in intake_states(entry, planned):
        if state is IntakeState.PENDING:
            entry = answer(entry, item, IntakeState.TAKEN)
    return entry
