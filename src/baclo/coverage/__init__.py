"""Personal craving coverage: which concentration at craving onset ends a patient's craving.

Pure domain code (no Django). From the journal (intakes taken, craving onset and intensity, side
effects) and the patient's pharmacokinetic parameters, it predicts each day's concentration at
craving onset (:mod:`~baclo.coverage.exposure`), fits the patient's craving and side-effect
curves (:mod:`~baclo.coverage.response`) and proposes, never orders, timings and doses that
stay inside the prescriber's limits. See docs/coverage-model.md.

Public API::

    Kinetics                                   the patient's PK parameters (population or own)
    DayExposure, day_exposures                 concentrations of each journal day
    fit_craving, CravingFit                    the craving curve, its needed level
    fit_side_effects, SideEffectFit            side effects against the day's peak
    NotEnoughData, Shortfall, ShortfallCode    why there is no fit yet
    observed_level                             the level above which craving stayed <= 2/10
    current_onset, onset_move, OnsetMove       the onset now, and its move over two weeks
    Limits, Schedule, guarded_split            the limits a suggestion stays inside
    suggest, Suggestion, SuggestionKind, Note, NoteCode   suggestions, never orders
"""

from baclo.coverage.exposure import DayExposure, day_exposures
from baclo.coverage.kinetics import Kinetics
from baclo.coverage.limits import Limits, Schedule, guarded_split
from baclo.coverage.onset import OnsetMove, current_onset, onset_move
from baclo.coverage.response import (
    CravingFit,
    Interval,
    NotEnoughData,
    Shortfall,
    ShortfallCode,
    SideEffectFit,
    fit_craving,
    fit_side_effects,
    observed_level,
)
from baclo.coverage.suggest import Note, NoteCode, Suggestion, SuggestionKind, suggest

__all__ = [
    "CravingFit",
    "DayExposure",
    "Interval",
    "Kinetics",
    "Limits",
    "NotEnoughData",
    "Note",
    "NoteCode",
    "OnsetMove",
    "Schedule",
    "Shortfall",
    "ShortfallCode",
    "SideEffectFit",
    "Suggestion",
    "SuggestionKind",
    "current_onset",
    "day_exposures",
    "fit_craving",
    "fit_side_effects",
    "guarded_split",
    "observed_level",
    "onset_move",
    "suggest",
]
