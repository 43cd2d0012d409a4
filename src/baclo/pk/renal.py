"""Declared renal function: what it changes in a plan, and what every PK output must say.

Baclofen is cleared mostly by the kidneys (65-69 % of a dose excreted unchanged in urine,
``wuis-1989``, ``wuis-1990``). Vlavonou et al. 2014 (``vlavonou-2014``) gave a
single 5 mg dose to four groups of Cockcroft-Gault creatinine clearance (> 80, 50-80, 30-50,
< 30 mL/min): CL/F fell with clearance and the authors suggest cutting the dose by about a
third, a half and two thirds in mild, moderate and severe impairment, and avoiding baclofen
below 30 mL/min or on dialysis. The half-life comes from the PK model's renal relation
(:class:`baclo.pk.model.RenalRelation`, a calibration that reproduces those cuts), so the plan,
the curve and the alerts agree.

Rules (bands of the KDIGO 2012 classification of chronic kidney disease, ``kdigo-2013``: G2
60-89 "mildly decreased", G3a-G5 below 60):

* below 60 mL/min, the titration steps are lengthened (:func:`renal_days_per_step`) and the plan
  shows the ceiling advice of Vlavonou et al. 2014 (:func:`ceiling_advice`);
* 60 to 90 mL/min, every PK output carries an information note (:func:`mild_note`).

>>> renal_days_per_step(3, 40.0)
4
>>> round(half_life_h(40.0), 1)
8.9
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from baclo.errors import FieldError, InputError
from baclo.pk.model import PKModel, load_model

__all__ = [
    "LONGER_STEPS_BELOW_ML_MIN",
    "MILD_NOTE_BELOW_ML_MIN",
    "STEADY_STATE_HALF_LIVES",
    "CeilingAdvice",
    "ceiling_advice",
    "check_crcl",
    "half_life_h",
    "mild_note",
    "renal_days_per_step",
]

LONGER_STEPS_BELOW_ML_MIN = 60.0
"""KDIGO 2012: below 60 mL/min (G3a and worse) kidney function is moderately decreased or less."""
MILD_NOTE_BELOW_ML_MIN = 90.0
"""KDIGO 2012: 60-89 mL/min (G2) is mildly decreased."""
STEADY_STATE_HALF_LIVES = 5
"""After a dose change, the new steady state is reached (97 %) after about five half-lives."""
_HOURS_PER_DAY = 24.0

#: Vlavonou et al. 2014: (lowest clearance of the group, suggested share of the usual dose cut).
_VLAVONOU_CUTS = ((50.0, 1 / 3, "mild"), (30.0, 1 / 2, "moderate"), (0.0, 2 / 3, "severe"))
_VLAVONOU_MILD_BELOW_ML_MIN = 80.0


def check_crcl(
    crcl_ml_min: float, *, field: str = "crcl_ml_min", model: PKModel | None = None
) -> float:
    """``crcl_ml_min`` as a float if the PK model accepts it, else a ``FieldError`` on ``field``."""
    renal = (model or load_model()).renal
    try:
        if not math.isfinite(crcl_ml_min):
            raise InputError(f"creatinine clearance must be a number, got {crcl_ml_min!r}")
        renal.check_crcl(crcl_ml_min)
    except InputError as error:
        raise FieldError(field, str(error), code="out_of_range") from None
    return float(crcl_ml_min)


def half_life_h(crcl_ml_min: float | None, model: PKModel | None = None) -> float:
    """Elimination half-life (h) of the typical patient at ``crcl_ml_min`` (None: normal)."""
    chosen = model or load_model()
    return chosen.half_life_h / chosen.renal.clearance_factor(crcl_ml_min)


def renal_days_per_step(
    days_per_step: int, crcl_ml_min: float | None, model: PKModel | None = None
) -> int:
    """Days per titration step at ``crcl_ml_min``: at least the protocol's, and below 60 mL/min
    long enough that each step lasts five half-lives at that clearance *plus* the time the
    protocol leaves at the new steady state with normal kidneys.

    Why not just five half-lives: a protocol's step (3 days) exists to watch the patient at the
    new dose's steady state; with normal kidneys that state is reached after about a day (five
    half-lives of 4.4 h) and watched for two. When clearance falls the drug takes longer to
    reach it, so the step grows by the extra time and the watch keeps its length.
    """
    if crcl_ml_min is None or crcl_ml_min >= LONGER_STEPS_BELOW_ML_MIN:
        return days_per_step
    normal = STEADY_STATE_HALF_LIVES * half_life_h(None, model)
    impaired = STEADY_STATE_HALF_LIVES * half_life_h(crcl_ml_min, model)
    hours = days_per_step * _HOURS_PER_DAY - normal + impaired
    return max(days_per_step, math.ceil(hours / _HOURS_PER_DAY - 1e-9))


@dataclass(frozen=True, kw_only=True)
class CeilingAdvice:
    """Vlavonou et al. 2014's suggestion for a declared clearance, applied to a ceiling."""

    crcl_ml_min: float
    group: str
    """``mild``, ``moderate`` or ``severe`` (Vlavonou's groups 50-80, 30-50, < 30 mL/min)."""
    cut_fraction: float
    suggested_ceiling_mg: float
    avoid: bool
    half_life_h: float

    @property
    def message(self) -> str:
        avoid = (
            "; Vlavonou et al. 2014 advise avoiding baclofen below 30 mL/min or on dialysis"
            if self.avoid
            else ""
        )
        return (
            f"creatinine clearance {self.crcl_ml_min:g} mL/min ({self.group} impairment): "
            f"Vlavonou et al. 2014 suggest cutting the usual dose by about "
            f"{_fraction(self.cut_fraction)}, a ceiling of about {self.suggested_ceiling_mg:g} "
            "mg/day here; the "
            f"half-life is about {self.half_life_h:.1f} h (model estimate), so each titration "
            f"step lasts until steady state is reached{avoid}"
        )


def ceiling_advice(
    crcl_ml_min: float | None, ceiling_mg: float, model: PKModel | None = None
) -> CeilingAdvice | None:
    """The advice for a plan whose declared clearance is below 60 mL/min; None otherwise.

    ``suggested_ceiling_mg`` is ``ceiling_mg`` reduced by Vlavonou's cut, not yet rounded to
    the patient's tablets (the plan does that).
    """
    if crcl_ml_min is None or crcl_ml_min >= LONGER_STEPS_BELOW_ML_MIN:
        return None
    _, cut, group = next(band for band in _VLAVONOU_CUTS if crcl_ml_min >= band[0])
    avoid_below = (model or load_model()).renal.avoid_below_crcl_ml_min
    return CeilingAdvice(
        crcl_ml_min=crcl_ml_min,
        group=group,
        cut_fraction=cut,
        suggested_ceiling_mg=ceiling_mg * (1 - cut),
        avoid=crcl_ml_min < avoid_below,
        half_life_h=half_life_h(crcl_ml_min, model),
    )


def mild_note(crcl_ml_min: float | None, model: PKModel | None = None) -> str | None:
    """The information note of every PK output at 60-90 mL/min; None outside that band."""
    if crcl_ml_min is None or not LONGER_STEPS_BELOW_ML_MIN <= crcl_ml_min < MILD_NOTE_BELOW_ML_MIN:
        return None
    chosen = model or load_model()
    factor = chosen.renal.clearance_factor(crcl_ml_min)
    lower = (
        "; Vlavonou et al. 2014 suggest about a third less in mild impairment (50-80 mL/min)"
        if crcl_ml_min < _VLAVONOU_MILD_BELOW_ML_MIN
        else ""
    )
    return (
        f"creatinine clearance {crcl_ml_min:g} mL/min is mildly decreased (60-90 mL/min): "
        f"baclofen is cleared more slowly (CL/F x {factor:.2f}, calibrated relation), half-life "
        f"about {half_life_h(crcl_ml_min, chosen):.1f} h instead of {chosen.half_life_h:.1f} h "
        f"and about {1 / factor - 1:.0%} more exposure at the same dose{lower}"
    )


def _fraction(value: float) -> str:
    return {1 / 3: "a third", 1 / 2: "half", 2 / 3: "two thirds"}.get(value, f"{value:.0%}")
