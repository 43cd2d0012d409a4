"""Reduced renal function: baclofen is cleared mostly by the kidneys.

65-69 % of a dose is excreted unchanged in urine (Wuis 1989/1990); CL/F falls with creatinine
clearance and Vlavonou et al. 2014 (J Clin Pharmacol 54:584) suggest cutting the dose by about a
third, a half and two thirds in mild, moderate and severe impairment, and avoiding baclofen
below 30 mL/min or on dialysis. The clearance factor comes from the PK model's renal relation
(:class:`baclo.pk.model.RenalRelation`), so the alert and the PK curve agree.

Acute kidney risk: published baclofen intoxications happen when kidney function falls, often
suddenly, in people who took a usual dose: altered consciousness, confusion, drowsiness up to
coma, slow breathing, and abdominal pain were the presenting signs (``chen-1997``: 16 cases;
``el-husseini-2011``: 41 patients of 21 reports; ``wolf-2018``). Fluid losses (vomiting or
diarrhoea for days, dehydration) and a newly started NSAID or diuretic lower kidney function
within days (``ansm-thesaurus``: NSAID with a diuretic, acute renal failure in a dehydrated
patient). baclo warns at two or more days of fluid losses at a dose above 60 mg/day (a product
threshold: the reported cases took 5 to 60 mg/day, ``el-husseini-2011``, so above 60 mg/day any
fall in clearance leaves more baclofen than in those cases), or on any newly started NSAID or
diuretic while on baclofen.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator

from baclo.journal import HealthEvent
from baclo.pk import load_model
from baclo.questionnaires import Text
from baclo.safety.alerts import ActionType, Alert, Rule, Severity, SuggestedAction
from baclo.safety.contact import ask_doctor, call_today
from baclo.safety.labels import format_dates, format_decimal, format_mg
from baclo.safety.medications import KIDNEY_RISK_CLASSES
from baclo.safety.state import PatientState
from baclo.safety.urgent import EDITABLE_DAYS
from baclo.sources import cite

__all__ = [
    "FLUID_LOSS_EVENTS",
    "KIDNEY_RISK_DOSE_ABOVE_MG",
    "MIN_FLUID_LOSS_DAYS",
    "NEW_DRUG_DAYS",
    "RENAL_NOTICE_BELOW_ML_MIN",
    "RULES",
]

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
            fr=f" La même dose donne environ {format_decimal(times).fr} fois l'exposition de reins "
            "normaux (estimation du modèle).",
        )
    if avoid:
        patient = Text(
            en=f"Your kidney function (creatinine clearance {crcl:g} mL/min) is severely "
            "reduced: baclofen should be avoided at this level. Talk to "
            f"{ask_doctor(state).en} before any change; do not stop abruptly." + exposure.en,
            fr=f"Votre fonction rénale (clairance de la créatinine {crcl:g} mL/min) est très "
            "diminuée : le baclofène est à éviter à ce niveau. Parlez-en à "
            f"{ask_doctor(state).fr} avant tout changement ; pas d'arrêt brutal." + exposure.fr,
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

FLUID_LOSS_EVENTS = frozenset(
    {HealthEvent.VOMITING, HealthEvent.DIARRHOEA, HealthEvent.DEHYDRATION}
)
_NEW_DRUG_EVENTS = frozenset({HealthEvent.NEW_NSAID, HealthEvent.NEW_DIURETIC})
MIN_FLUID_LOSS_DAYS = 2
KIDNEY_RISK_DOSE_ABOVE_MG = 60.0
#: A medicine declared in the health profile counts as "new" for this many days.
NEW_DRUG_DAYS = 14

_SIGNS = Text(
    en="Signs of too much baclofen: unusual drowsiness, confusion, slurred speech, unsteadiness, "
    "slow breathing, belly pain. Call 15 at once if someone is very drowsy, confused or breathes "
    "slowly. Do not stop baclofen abruptly on your own: a doctor may lower the dose for a few "
    "days.",
    fr="Signes de trop de baclofène : somnolence inhabituelle, confusion, difficulté à parler, "
    "démarche instable, respiration lente, douleurs au ventre. Appelez le 15 immédiatement si "
    "une personne est très somnolente, confuse ou respire lentement. N'arrêtez pas le baclofène "
    "brutalement de vous-même : un médecin peut baisser la dose quelques jours.",
)


def _current_dose(state: PatientState) -> float:
    logged = [e.dose_mg for e in state.logged(EDITABLE_DAYS) if e.dose_mg > 0]
    return max(state.planned(state.today) or 0.0, logged[-1] if logged else 0.0)


def _check_kidney_risk(rule: Rule, state: PatientState) -> Iterator[Alert]:
    dose = _current_dose(state)
    if dose <= 0:
        return
    logged = state.logged(EDITABLE_DAYS)
    losses = [e.date for e in logged if FLUID_LOSS_EVENTS & set(e.health_events)]
    new_in_journal = [e.date for e in logged if _NEW_DRUG_EVENTS & set(e.health_events)]
    since = state.today - dt.timedelta(days=NEW_DRUG_DAYS - 1)
    new_declared = state.started_since(KIDNEY_RISK_CLASSES, since)
    fluid = len(losses) >= MIN_FLUID_LOSS_DAYS and dose > KIDNEY_RISK_DOSE_ABOVE_MG
    if not fluid and not new_in_journal and not new_declared:
        return
    reasons_en: list[str] = []
    reasons_fr: list[str] = []
    if fluid:
        reasons_en.append(f"vomiting, diarrhoea or dehydration on {format_dates(losses).en}")
        reasons_fr.append(f"vomissements, diarrhée ou déshydratation le {format_dates(losses).fr}")
    if new_in_journal or new_declared:
        names = f" ({', '.join(new_declared)})" if new_declared else ""
        reasons_en.append(f"a new anti-inflammatory painkiller or diuretic{names}")
        reasons_fr.append(f"un nouvel anti-inflammatoire ou diurétique{names}")
    dates = [*losses, *new_in_journal] if fluid else new_in_journal
    contact = call_today(state)
    yield rule.alert(
        key=max(dates).isoformat() if dates else f"declared:{'+'.join(sorted(new_declared))}",
        dates=dates,
        patient=Text(
            en=f"Your kidneys clear baclofen, and {' and '.join(reasons_en)} can slow them down "
            f"within days: at {format_mg(dose)} mg/day baclofen may build up. {contact.en}",
            fr=f"Vos reins éliminent le baclofène, et {' et '.join(reasons_fr)} peuvent les "
            f"ralentir en quelques jours : à {format_mg(dose)} mg/jour, le baclofène peut "
            f"s'accumuler. {contact.fr}",
        ),
        prescriber=Text(
            en=f"Acute kidney risk at {format_mg(dose)} mg/day: {'; '.join(reasons_en)}. "
            "Consider checking creatinine and lowering the dose for a few days.",
            fr=f"Risque rénal aigu à {format_mg(dose)} mg/jour : {' ; '.join(reasons_fr)}. "
            "Envisager un dosage de la créatinine et une baisse de dose de quelques jours.",
        ),
        advice=_SIGNS,
    )


KIDNEY_RISK = Rule(
    id="kidney_risk",
    severity=Severity.WARNING,
    title=Text(en="Kidneys at risk", fr="Reins en danger"),
    trigger=(
        f"on baclofen and either vomiting, diarrhoea or dehydration logged on at least "
        f"{MIN_FLUID_LOSS_DAYS} of the last {EDITABLE_DAYS} days at a dose above "
        f"{format_mg(KIDNEY_RISK_DOSE_ABOVE_MG)} mg/day (today's planned dose or the latest "
        "logged one, the higher), or a new NSAID or diuretic: logged in the journal in the last "
        f"{EDITABLE_DAYS} days, or declared by name in the health profile in the last "
        f"{NEW_DRUG_DAYS} days. Gives the intoxication signs and says to call a doctor."
    ),
    source=cite("chen-1997", "el-husseini-2011", "wolf-2018", "ansm-thesaurus"),
    check=_check_kidney_risk,
)

RULES = (RENAL_FUNCTION, KIDNEY_RISK)
