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
from baclo.questionnaires import Text

__all__ = [
    "LONGER_STEPS_BELOW_ML_MIN",
    "MILD_NOTE_BELOW_ML_MIN",
    "STEADY_STATE_HALF_LIVES",
    "CeilingAdvice",
    "ceiling_advice",
    "check_crcl",
    "half_life_h",
    "mild_note",
    "mild_note_text",
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
        return self.text.en

    @property
    def text(self) -> Text:
        """The advice in English and French."""
        avoid = Text(
            en="; Vlavonou et al. 2014 advise avoiding baclofen below 30 mL/min or on dialysis",
            fr=(
                " ; Vlavonou et al. 2014 conseillent d'éviter le baclofène sous 30 mL/min ou en "
                "dialyse"
            ),
        )
        crcl, ceiling, half_life = (
            f"{self.crcl_ml_min:g}",
            f"{self.suggested_ceiling_mg:g}",
            f"{self.half_life_h:.1f}",
        )
        return Text(
            en=(
                f"creatinine clearance {crcl} mL/min ({self.group} impairment): "
                f"Vlavonou et al. 2014 suggest cutting the usual dose by about "
                f"{_fraction(self.cut_fraction).en}, a ceiling of about {ceiling} mg/day here; "
                f"the half-life is about {half_life} h (model estimate), so each titration "
                f"step lasts until steady state is reached{avoid.en if self.avoid else ''}"
            ),
            fr=(
                f"clairance de la créatinine {crcl} mL/min (insuffisance "
                f"{_GROUP_FR[self.group]}) : Vlavonou et al. 2014 proposent de réduire la dose "
                f"habituelle d'environ {_fraction(self.cut_fraction).fr}, soit un plafond "
                f"d'environ {ceiling} mg/jour ici ; la demi-vie est d'environ "
                f"{half_life.replace('.', ',')} h (estimation du modèle), chaque palier dure "
                f"donc jusqu'à l'état d'équilibre{avoid.fr if self.avoid else ''}"
            ),
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
    text = mild_note_text(crcl_ml_min, model)
    return None if text is None else text.en


def mild_note_text(crcl_ml_min: float | None, model: PKModel | None = None) -> Text | None:
    """:func:`mild_note` in English and French."""
    if crcl_ml_min is None or not LONGER_STEPS_BELOW_ML_MIN <= crcl_ml_min < MILD_NOTE_BELOW_ML_MIN:
        return None
    chosen = model or load_model()
    factor = chosen.renal.clearance_factor(crcl_ml_min)
    mild = crcl_ml_min < _VLAVONOU_MILD_BELOW_ML_MIN
    crcl, slower, normal = (
        f"{crcl_ml_min:g}",
        f"{half_life_h(crcl_ml_min, chosen):.1f}",
        f"{chosen.half_life_h:.1f}",
    )
    more = f"{1 / factor - 1:.0%}"
    factor_fr = f"{factor:.2f}".replace(".", ",")
    return Text(
        en=(
            f"creatinine clearance {crcl} mL/min is mildly decreased (60-90 mL/min): "
            f"baclofen is cleared more slowly (CL/F x {factor:.2f}, calibrated relation), "
            f"half-life about {slower} h instead of {normal} h and about {more} more exposure "
            "at the same dose"
            + (
                "; Vlavonou et al. 2014 suggest about a third less in mild impairment "
                "(50-80 mL/min)"
                if mild
                else ""
            )
        ),
        fr=(
            f"clairance de la créatinine {crcl} mL/min, légèrement diminuée (60-90 mL/min) : "
            f"le baclofène est éliminé plus lentement (CL/F x {factor_fr}, relation "
            f"calibrée), demi-vie d'environ {slower.replace('.', ',')} h au lieu de "
            f"{normal.replace('.', ',')} h et environ {more.replace('%', ' %')} d'exposition "
            "en plus à la même dose"
            + (
                " ; Vlavonou et al. 2014 proposent environ un tiers de moins en insuffisance "
                "légère (50-80 mL/min)"
                if mild
                else ""
            )
        ),
    )


_GROUP_FR = {"mild": "légère", "moderate": "modérée", "severe": "sévère"}


def _fraction(value: float) -> Text:
    words = {
        1 / 3: Text(en="a third", fr="un tiers"),
        1 / 2: Text(en="half", fr="la moitié"),
        2 / 3: Text(en="two thirds", fr="deux tiers"),
    }
    return words.get(value, Text(en=f"{value:.0%}", fr=f"{value:.0%}".replace("%", " %")))
