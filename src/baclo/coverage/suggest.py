"""Suggestions, never orders: timings and doses that the journal supports, inside the limits.

Three kinds, each with the steady-state curve before and after (the patient's kinetics) and the
journal days it rests on:

``retime``
    The same daily dose, moved before the current craving onset (the targeted split): "your
    level at craving onset rises by X %". Offered when the rise is at least :data:`MIN_GAIN`.
``follow_onset``
    The onset has moved (:func:`baclo.coverage.onset.onset_move`): the same dose re-timed for
    the new onset.
``reach_level``
    A level to reach at onset: the one observed (every day above it had craving at most 2/10,
    :func:`~baclo.coverage.response.observed_level`) or else the fitted needed level; the lowest
    takeable daily dose whose targeted split reaches it, then one step towards it (a rise of
    at most one titration step, a fall of at most one taper step, see
    :class:`~baclo.coverage.limits.Limits`). It may propose less than the current dose.

Every proposed schedule comes from :func:`~baclo.coverage.limits.guarded_split`: under the
ceiling, takeable, within the peak guard. When nothing fits, a :class:`Note` says why.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass, field

from baclo.coverage.exposure import DayExposure
from baclo.coverage.kinetics import Kinetics
from baclo.coverage.limits import Limits, Schedule, guarded_split, schedule_of, steady_curve
from baclo.coverage.onset import current_onset, onset_move
from baclo.coverage.response import CRAVING_GONE_MAX, CravingFit, observed_level
from baclo.pk import DailyIntake

__all__ = [
    "MIN_GAIN",
    "Note",
    "NoteCode",
    "Suggestion",
    "SuggestionKind",
    "current_schedule",
    "suggest",
]

#: Smallest rise of the level at onset worth a re-timing suggestion.
MIN_GAIN = 0.10


class SuggestionKind(enum.StrEnum):
    RETIME = "retime"
    FOLLOW_ONSET = "follow_onset"
    REACH_LEVEL = "reach_level"


class NoteCode(enum.StrEnum):
    NO_INTAKES = "no_intakes"
    NO_CURRENT_ONSET = "no_current_onset"
    LEVEL_OUT_OF_REACH = "level_out_of_reach"
    NO_SAFE_SPLIT = "no_safe_split"


@dataclass(frozen=True, kw_only=True)
class Note:
    """Why a suggestion could not be made."""

    code: NoteCode
    message: str


@dataclass(frozen=True, kw_only=True)
class Suggestion:
    """A proposed daily schedule, what it changes at onset, and the evidence behind it."""

    kind: SuggestionKind
    message: str
    onset: dt.time
    before: Schedule
    after: Schedule
    days: tuple[dt.date, ...]
    level_mg_l: float | None = None
    target_daily_mg: float | None = None
    values: dict[str, str] = field(default_factory=dict)

    @property
    def gain(self) -> float:
        """Relative change of the concentration at onset (0.25 = +25 %)."""
        if self.before.onset_mg_l <= 0:
            return float("inf") if self.after.onset_mg_l > 0 else 0.0
        return self.after.onset_mg_l / self.before.onset_mg_l - 1.0

    def curves(
        self, kinetics: Kinetics
    ) -> tuple[tuple[int, ...], tuple[float, ...], tuple[float, ...]]:
        """(minutes of the day, concentration before, after), steady state, mg/L."""
        minutes, before = steady_curve(kinetics, self.before.intakes)
        _, after = steady_curve(kinetics, self.after.intakes)
        return minutes, before, after


def current_schedule(days: Sequence[DayExposure]) -> tuple[DailyIntake, ...]:
    """The intakes of the latest logged day that has any (same clock times merged)."""
    for day in sorted(days, key=lambda d: d.date, reverse=True):
        if day.intakes:
            merged: dict[dt.time, float] = {}
            for intake in day.intakes:
                merged[intake.time] = merged.get(intake.time, 0.0) + intake.dose_mg
            return tuple(DailyIntake(time=t, dose_mg=mg) for t, mg in sorted(merged.items()))
    return ()


def daily_mg_of(intakes: Sequence[DailyIntake]) -> float:
    return float(sum(i.dose_mg for i in intakes))


def _hhmm(time: dt.time) -> str:
    return time.strftime("%H:%M")


def _ng(mg_l: float) -> str:
    return f"{mg_l * 1000:.0f}"


def _retime(
    current: tuple[DailyIntake, ...],
    onset: dt.time,
    days: tuple[dt.date, ...],
    kinetics: Kinetics,
    limits: Limits,
) -> Suggestion | None:
    before = schedule_of(kinetics, current, onset)
    after = guarded_split(before.daily_mg, onset, limits, kinetics)
    if after is None or before.onset_mg_l <= 0:
        return None
    gain = after.onset_mg_l / before.onset_mg_l - 1.0
    if gain < MIN_GAIN:
        return None
    percent = f"{gain * 100:.0f}"
    return Suggestion(
        kind=SuggestionKind.RETIME,
        message=(
            f"the same {before.daily_mg:g} mg moved before your craving onset ({_hhmm(onset)}) "
            f"raises your level at onset by {percent} %"
        ),
        onset=onset,
        before=before,
        after=after,
        days=days,
        values={"daily_mg": f"{before.daily_mg:g}", "onset": _hhmm(onset), "gain_percent": percent},
    )


def _follow(
    current: tuple[DailyIntake, ...],
    kinetics: Kinetics,
    limits: Limits,
    days: Sequence[DayExposure],
) -> Suggestion | None:
    move = onset_move(days)
    if move is None:
        return None
    before = schedule_of(kinetics, current, move.after)
    after = guarded_split(before.daily_mg, move.after, limits, kinetics)
    if after is None or after.intakes == before.intakes:
        return None
    weeks = max(1, round((move.days[-1] - move.days[0]).days / 7))
    return Suggestion(
        kind=SuggestionKind.FOLLOW_ONSET,
        message=(
            f"your craving onset moved from {_hhmm(move.before)} to {_hhmm(move.after)} over "
            f"{weeks} week(s): move your intakes"
        ),
        onset=move.after,
        before=before,
        after=after,
        days=move.days,
        values={
            "from": _hhmm(move.before),
            "to": _hhmm(move.after),
            "weeks": str(weeks),
            "daily_mg": f"{before.daily_mg:g}",
        },
    )


def _lowest_reaching(
    level: float, onset: dt.time, kinetics: Kinetics, limits: Limits, current_mg: float
) -> Schedule | None:
    """The lowest takeable daily dose whose guarded split reaches ``level`` at onset.

    The model is linear, so the level at onset of a split scales with its dose: the search
    starts at the current dose scaled to the level, then walks down while the level is still
    reached, or up until it is. Walking up stops at the ceiling or where the peak guard refuses
    every split (a higher dose only raises the peak).
    """
    step = limits.tablets.step_mg
    top = int(limits.ceiling_mg // step + 1e-9)

    def split(index: int) -> Schedule | None:
        return guarded_split(index * step, onset, limits, kinetics)

    reference = split(min(max(1, round(current_mg / step)), top))
    if reference is None or reference.onset_mg_l <= 0:
        index = 1
    else:
        index = round(reference.daily_mg * level / reference.onset_mg_l / step)
    index = min(max(index, 1), top)
    schedule = split(index)
    if schedule is not None and schedule.onset_mg_l >= level:
        while index > 1:
            lower = split(index - 1)
            if lower is None or lower.onset_mg_l < level:
                break
            index, schedule = index - 1, lower
        return schedule
    while index < top:
        index += 1
        schedule = split(index)
        if schedule is None:
            return None
        if schedule.onset_mg_l >= level:
            return schedule
    return None


def _level(
    days: Sequence[DayExposure], fit: CravingFit | None
) -> tuple[float, str, tuple[dt.date, ...]] | None:
    """The level to reach, the sentence that explains it, and the days it rests on.

    The fitted needed level when there is a fit (it uses every day; in the validation study the
    observed level alone overshot the truly needed dose more often), else the observed level.
    """
    observed = observed_level(days)
    said: list[str] = []
    evidence: tuple[dt.date, ...] = ()
    if observed is not None:
        evidence = tuple(d.date for d in days if d.usable and (d.onset_mg_l or 0.0) >= observed)
        said.append(
            f"on your days so far, craving stayed at {CRAVING_GONE_MAX}/10 or less above "
            f"{_ng(observed)} ng/mL at onset"
        )
    if fit is None:
        return None if observed is None else (observed, said[0], evidence)
    needed = fit.needed_mg_l
    said.append(
        f"your craving curve puts the level where it falls to {CRAVING_GONE_MAX}/10 at "
        f"{_ng(needed.median)} ng/mL at onset (90 % interval {_ng(needed.low)}-{_ng(needed.high)})"
    )
    return needed.median, "; ".join(said), tuple(d.date for d in fit.days)


def _toward(target: float, current: float, limits: Limits) -> float:
    """One allowed step from ``current`` towards ``target``: takeable, under the ceiling, no
    further than ``target`` and within the pace of change; ``current`` when no takeable dose
    lies in that window (the current dose may not be one the patient's tablets make, so rounding
    could otherwise jump past it, the wrong way)."""
    tablets = limits.tablets
    if target > current:
        highest = min(current + limits.largest_rise_mg(), limits.ceiling_mg, target)
        step = tablets.round_down(highest)
        return step if step > current else current
    lowest = max(current - limits.largest_fall_mg(current), target)
    step = tablets.round_up(lowest)
    return step if step < current else current


def _reach(
    current: tuple[DailyIntake, ...],
    onset: dt.time,
    days: Sequence[DayExposure],
    fit: CravingFit | None,
    kinetics: Kinetics,
    limits: Limits,
) -> Suggestion | Note | None:
    found = _level(days, fit)
    if found is None:
        return None
    level, text, evidence = found
    target = _lowest_reaching(level, onset, kinetics, limits, daily_mg_of(current))
    if target is None:
        return Note(
            code=NoteCode.LEVEL_OUT_OF_REACH,
            message=(
                f"{text}; no split under your ceiling of {limits.ceiling_mg:g} mg/day and the peak "
                "guard reaches it: talk with your prescriber"
            ),
        )
    before = schedule_of(kinetics, current, onset)
    proposed = _toward(target.daily_mg, before.daily_mg, limits)
    if abs(proposed - before.daily_mg) < 1e-9:
        return None
    after = (
        target if proposed == target.daily_mg else guarded_split(proposed, onset, limits, kinetics)
    )
    if after is None:
        return Note(
            code=NoteCode.NO_SAFE_SPLIT,
            message=f"no split of {proposed:g} mg fits your tablets and the peak guard",
        )
    step = "" if proposed == target.daily_mg else f"; the next step towards it is {proposed:g} mg"
    return Suggestion(
        kind=SuggestionKind.REACH_LEVEL,
        message=f"{text}; a split of {target.daily_mg:g} mg reaches it{step}",
        onset=onset,
        before=before,
        after=after,
        days=evidence,
        level_mg_l=level,
        target_daily_mg=target.daily_mg,
        values={
            "level_ng_ml": _ng(level),
            "target_mg": f"{target.daily_mg:g}",
            "daily_mg": f"{proposed:g}",
            "onset": _hhmm(onset),
        },
    )


def suggest(
    days: Sequence[DayExposure],
    kinetics: Kinetics,
    limits: Limits,
    *,
    fit: CravingFit | None = None,
) -> tuple[tuple[Suggestion, ...], tuple[Note, ...]]:
    """Every suggestion the journal supports, and notes on those it could not make."""
    current = current_schedule(days)
    if not current:
        return (), (Note(code=NoteCode.NO_INTAKES, message="no intakes logged yet"),)
    now = current_onset(days)
    if now is None:
        note = Note(
            code=NoteCode.NO_CURRENT_ONSET,
            message="fewer than 3 craving onsets logged over the last 7 days",
        )
        return (), (note,)
    onset, recent = now
    suggestions: list[Suggestion] = []
    notes: list[Note] = []
    follow = _follow(current, kinetics, limits, days)
    if follow is not None:
        suggestions.append(follow)
        onset = follow.onset
    else:
        retime = _retime(current, onset, recent, kinetics, limits)
        if retime is not None:
            suggestions.append(retime)
    reach = _reach(current, onset, days, fit, kinetics, limits)
    if isinstance(reach, Note):
        notes.append(reach)
    elif reach is not None:
        suggestions.append(reach)
    return tuple(suggestions), tuple(notes)
