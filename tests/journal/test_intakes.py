"""One tap per planned intake: answers stored in the day's entry, each planned intake once."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baclo.errors import FieldError, ValidationError
from baclo.journal import Intake, JournalEntry, entry_to_dict, parse_entry, parse_stored_entry
from baclo.journal.intakes import (
    IntakeState,
    PlannedIntake,
    answer,
    answer_all_as_planned,
    intake_states,
)

DAY = dt.date(2026, 3, 2)
PLAN = [
    PlannedIntake(time=dt.time(8), dose_mg=20),
    PlannedIntake(time=dt.time(13), dose_mg=20),
    PlannedIntake(time=dt.time(18), dose_mg=30),
]
EMPTY = JournalEntry(date=DAY)


def states(entry: JournalEntry | None) -> list[str]:
    return [state.value for _, state, _ in intake_states(entry, PLAN)]


def test_without_an_entry_every_planned_intake_is_pending() -> None:
    assert states(None) == ["pending"] * 3


@pytest.mark.parametrize(
    ("state", "at", "expected"),
    [
        pytest.param(IntakeState.TAKEN, None, "taken", id="taken"),
        pytest.param(IntakeState.TAKEN_OTHER_TIME, dt.time(14, 30), "taken_other_time", id="late"),
        pytest.param(IntakeState.SKIPPED, None, "skipped", id="skipped"),
    ],
)
def test_one_answer_changes_only_its_intake(state, at, expected) -> None:
    day = answer(EMPTY, PLAN[1], state, at=at)
    assert states(day) == ["pending", expected, "pending"]


def test_an_intake_taken_at_another_time_keeps_the_planned_dose_and_its_link() -> None:
    day = answer(EMPTY, PLAN[2], IntakeState.TAKEN_OTHER_TIME, at=dt.time(19, 15))
    assert day.intakes == (Intake(time=dt.time(19, 15), dose_mg=30, planned=dt.time(18)),)


def test_another_time_needs_the_time() -> None:
    with pytest.raises(FieldError) as error:
        answer(EMPTY, PLAN[0], IntakeState.TAKEN_OTHER_TIME)
    assert error.value.field == "time"


def test_a_new_answer_replaces_the_previous_one() -> None:
    day = answer(answer(EMPTY, PLAN[0], IntakeState.TAKEN), PLAN[0], IntakeState.SKIPPED)
    assert (day.intakes, day.skipped, states(day)[0]) == ((), (dt.time(8),), "skipped")


def test_all_as_planned_takes_the_pending_ones_and_keeps_the_answers_given() -> None:
    day = answer_all_as_planned(answer(EMPTY, PLAN[1], IntakeState.SKIPPED), PLAN)
    assert states(day) == ["taken", "skipped", "taken"]
    assert day.dose_mg == 50


def test_an_unlinked_intake_at_the_planned_time_answers_it_once() -> None:
    day = JournalEntry(date=DAY, intakes=(Intake(time=dt.time(8), dose_mg=20),))
    assert states(day) == ["taken", "pending", "pending"]
    assert answer_all_as_planned(day, PLAN).dose_mg == 70


def test_answers_survive_the_stored_shape() -> None:
    day = answer(answer(EMPTY, PLAN[0], IntakeState.TAKEN), PLAN[1], IntakeState.SKIPPED)
    stored = entry_to_dict(day)
    assert stored["skipped"] == ["13:00"]
    assert stored["intakes"] == [{"time": "08:00", "dose_mg": 20, "planned": "08:00"}]
    assert states(parse_stored_entry(stored, entry_date=DAY)) == ["taken", "skipped", "pending"]


def test_an_entry_without_answers_keeps_its_former_shape() -> None:
    stored = entry_to_dict(JournalEntry(date=DAY, intakes=(Intake(time=dt.time(8), dose_mg=20),)))
    assert "skipped" not in stored
    assert stored["intakes"] == [{"time": "08:00", "dose_mg": 20}]


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        pytest.param({"skipped": "08:00"}, "skipped", "type", id="not-a-list"),
        pytest.param({"skipped": ["8h"]}, "skipped[0]", "format", id="bad-time"),
        pytest.param(
            {
                "intakes": [{"time": "09:00", "dose_mg": 10, "planned": "08:00"}],
                "skipped": ["08:00"],
            },
            "skipped",
            "duplicate",
            id="taken-and-skipped",
        ),
        pytest.param(
            {"intakes": [{"time": "09:00", "dose_mg": 10, "planned": "8:00"}]},
            "intakes[0].planned",
            "format",
            id="bad-planned-time",
        ),
    ],
)
def test_bad_answers_are_refused_with_their_field(data, field, code) -> None:
    with pytest.raises(ValidationError) as error:
        parse_entry(data, entry_date=DAY)
    assert [(e.field, e.code) for e in error.value.errors] == [(field, code)]


ANSWERS = st.sampled_from(
    [IntakeState.PENDING, IntakeState.TAKEN, IntakeState.TAKEN_OTHER_TIME, IntakeState.SKIPPED]
)


@given(st.lists(st.tuples(st.integers(0, 2), ANSWERS), max_size=12))
def test_any_sequence_of_taps_leaves_each_planned_intake_answered_at_most_once(taps) -> None:
    day = EMPTY
    for index, state in taps:
        day = answer(day, PLAN[index], state, at=dt.time(21, 5))
    assert parse_stored_entry(entry_to_dict(day), entry_date=DAY) == day
    last = dict(taps)
    assert states(day) == [last.get(n, IntakeState.PENDING).value for n in range(3)]
