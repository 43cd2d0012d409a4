"""Reduced renal function: baclofen is cleared mostly by the kidneys.

65-69 % of a dose is excreted unchanged in urine (Wuis 1989/1990); CL/F falls with creatinine
clearance and Vlavonou et al. 2014 (J Clin Pharmacol 54:584) suggest cutting the dose by about a
third, a half and two thirds in mild, moderate and severe impairment, and avoiding baclofen
below 30 mL/min or on dialysis. The clearance factor comes from the PK model's renal relation
(:class:`baclo.pk.model.RenalRelation`), so the alert and the PK curve agree.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from baclo.pk import load_model
from baclo.questionnaires import Text
from baclo.safety.alerts import ActionType, Alert, Rule, Severity, SuggestedAction
from baclo.safety.state import PatientState
from baclo.sources import cite

__all__ = ["RENAL_NOTICE_BELOW_ML_MIN", "RULES"]

RENAL_NOTICE_BELOW_ML_MIN = 60.0


def _check_renal(rule: Rule, state: PatientState) -> Iterator[Alert]:
    crcl = state.crcl_ml_min
    if crcl is None or not math.isfinite(crcl) or not 0 < crcl < RENAL_NOTICE_BELOW_ML_MIN:
        return
    renal = load_model().renal
    avoid = crcl < renal.avoid_below_crcl_ml_min
    in_model = renal.min_crcl_ml_min < crcl <= renal.max_crcl_ml_min
    exposure = Text(en="", fr="")
    if in_model:
        times = 1.0 / renal.clearance_factor(crcl)
        exposure = Text(
            en=f" The same dose gives about {times:.1f} times the exposure of normal kidneys "
            "(model estimate).",
            fr=f" La même dose donne environ {times:.1f} fois l'exposition de reins normaux "
            "(estimation du modèle).",
        )
    if avoid:
        patient = Text(
            en=f"Your kidney function (creatinine clearance {crcl:g} mL/min) is severely "
            "reduced: baclofen should be avoided at this level. Talk to your prescriber before "
            "any change; do not stop abruptly." + exposure.en,
            fr=f"Votre fonction rénale (clairance de la créatinine {crcl:g} mL/min) est très "
            "diminuée : le baclofène est à éviter à ce niveau. Parlez-en à votre prescripteur "
            "avant tout changement ; pas d'arrêt brutal." + exposure.fr,
        )
    else:
        patient = Text(
            en=f"Your kidney function (creatinine clearance {crcl:g} mL/min) is reduced: "
            "baclofen stays longer in the body, so lower doses may be enough." + exposure.en,
            fr=f"Votre fonction rénale (clairance de la créatinine {crcl:g} mL/min) est "
            "diminuée : le baclofène reste plus longtemps dans l'organisme, des doses plus "
            "faibles peuvent suffire." + exposure.fr,
        )
    actions: tuple[SuggestedAction, ...] = ()
    if in_model:
        actions = (
            SuggestedAction(
                type=ActionType.PK_CURVE,
                label=Text(
                    en="See the curve at this clearance", fr="Voir la courbe à cette clairance"
                ),
                params={"crcl_ml_min": crcl},
            ),
        )
    yield rule.alert(
        key=f"{crcl:g}",
        severity=Severity.WARNING if avoid else Severity.INFO,
        actions=actions,
        patient=patient,
        prescriber=Text(
            en=f"Declared CrCl {crcl:g} mL/min. Vlavonou 2014 suggests cutting the dose by about "
            "1/3 (mild), 1/2 (moderate), 2/3 (severe impairment); avoid below "
            f"{renal.avoid_below_crcl_ml_min:g} mL/min or on dialysis." + exposure.en,
            fr=f"Clairance déclarée {crcl:g} mL/min. Vlavonou 2014 suggère de réduire la dose "
            "d'environ 1/3 (légère), 1/2 (modérée), 2/3 (insuffisance sévère) ; éviter sous "
            f"{renal.avoid_below_crcl_ml_min:g} mL/min ou en dialyse." + exposure.fr,
        ),
        advice=Text(
            en="Watch for drowsiness and confusion, signs of accumulation.",
            fr="Surveillez somnolence et confusion, signes d'accumulation.",
        ),
    )


RENAL_FUNCTION = Rule(
    id="renal_function",
    severity=Severity.WARNING,
    title=Text(en="Reduced kidney function", fr="Fonction rénale diminuée"),
    trigger=(
        f"declared creatinine clearance below {RENAL_NOTICE_BELOW_ML_MIN:g} mL/min: info; below "
        "30 mL/min (the PK model's avoid-below value): warning, avoid. Action: the PK curve at "
        "that clearance. A value that is not a positive number is ignored."
    ),
    # The renal relation of the PK model: src/baclo/pk/drugs/baclofen.toml.
    source=cite("vlavonou-2014", "wuis-1989", "wuis-1990"),
    check=_check_renal,
)

RULES = (RENAL_FUNCTION,)
