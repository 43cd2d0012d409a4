"""Applying a timing suggestion to the treatment course, through the course's own change.

Only timing suggestions (``retime``, ``follow_onset``) are applied in one tap: they keep the
daily dose and move the craving onset the targeted split aims at, which is the patient's to set.
A level suggestion changes the dose: the prescriber decides it, so it is refused here
(:class:`PrescriberDecidesError`) and shown to both instead.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from baclo.coverage.suggest import Suggestion, SuggestionKind
from baclo.errors import FieldError
from baclo.protocols.course import Course
from baclo.protocols.split import SplitMode

__all__ = ["TIMING_KINDS", "PrescriberDecidesError", "apply_timing"]

TIMING_KINDS = frozenset({SuggestionKind.RETIME, SuggestionKind.FOLLOW_ONSET})


class PrescriberDecidesError(FieldError):
    """A suggestion that changes the dose cannot be applied by the patient in one tap."""

    def __init__(self) -> None:
        super().__init__(
            "suggestion",
            "this suggestion changes the daily dose: discuss it with your prescriber",
            code="prescriber_decides",
        )


def apply_timing(course: Course, suggestion: Suggestion, *, today: dt.date) -> Course:
    """``course`` with its targeted split aimed at the suggestion's onset (same doses).

    Goes through :meth:`baclo.protocols.course.Course.change`, so a change the course refuses
    is refused here too.
    """
    if suggestion.kind not in TIMING_KINDS:
        raise PrescriberDecidesError()
    split = dataclasses.replace(
        course.spec.split, craving_onset=suggestion.onset, mode=SplitMode.TARGETED
    )
    return course.change(today=today, split=split)
