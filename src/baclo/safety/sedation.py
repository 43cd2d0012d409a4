"""The sedative mix: baclofen with heavy drinking, benzodiazepines or opioids.

Association Baclofène 2014 ("Consommation d'alcool durant le traitement"): drinking on baclofen
maximises side effects, the effects of alcohol and baclofen are similar and add up, and the most
dangerous ones seem due to the baclofen/alcohol/benzodiazepine mix. Opioids add respiratory
depression too. A heavy drinking day is more than 6 French standard drinks (60 g of ethanol; 6
drinks on one occasion is the AUDIT item 3 threshold).

Missing days: a day without an entry has no drinks to count.
"""

from __future__ import annotations

from collections.abc import Iterator

from baclo.questionnaires import Text
from baclo.safety.alerts import Alert, Rule, Severity
from baclo.safety.labels import format_dates
from baclo.safety.state import CoMedication, PatientState
from baclo.safety.urgent import EDITABLE_DAYS
from baclo.sources import cite

__all__ = ["HEAVY_DRINKING_DRINKS", "RULES", "SEDATIVE_CO_MEDICATIONS"]

HEAVY_DRINKING_DRINKS = 6.0
SEDATIVE_CO_MEDICATIONS = frozenset({CoMedication.BENZODIAZEPINES, CoMedication.OPIOIDS})

_NAMES = {
    CoMedication.BENZODIAZEPINES: Text(en="benzodiazepines", fr="benzodiazépines"),
    CoMedication.OPIOIDS: Text(en="opioids", fr="opioïdes"),
}

# Section "Consommation d'alcool durant le traitement".
_ASSOCIATION = cite("association-baclofene")

_MIX_ADVICE = Text(
    en="Avoid adding alcohol or sleeping pills on the same day; never drive after such a mix. "
    "If someone is very drowsy or breathes slowly, call 15 or 112.",
    fr="Évitez d'ajouter de l'alcool ou des somnifères le même jour ; ne conduisez jamais après "
    "un tel mélange. Si une personne est très somnolente ou respire lentement, appelez le 15 "
    "ou le 112.",
)


def _check_heavy(rule: Rule, state: PatientState) -> Iterator[Alert]:
    days = [
        e
        for e in state.logged(EDITABLE_DAYS)
        if e.standard_drinks > HEAVY_DRINKING_DRINKS and state.on_baclofen(e.date)
    ]
    if not days:
        return
    dates = [e.date for e in days]
    most = max(e.standard_drinks for e in days)
    yield rule.alert(
        key=max(dates).isoformat(),
        dates=dates,
        patient=Text(
            en=f"You drank up to {most:.0f} standard drinks in a day while taking baclofen. "
            "Alcohol and baclofen add their effects (drowsiness, falls, confusion).",
            fr=f"Vous avez bu jusqu'à {most:.0f} verres standard dans une journée sous "
            "baclofène. L'alcool et le baclofène additionnent leurs effets (somnolence, chutes, "
            "confusion).",
        ),
        prescriber=Text(
            en=f"Heavy drinking days (> {HEAVY_DRINKING_DRINKS:.0f} standard drinks) on "
            f"baclofen: {format_dates(dates).en}, up to {most:.1f}.",
            fr=f"Jours de forte consommation (> {HEAVY_DRINKING_DRINKS:.0f} verres standard) sous "
            f"baclofène : {format_dates(dates).fr}, jusqu'à {most:.1f}.",
        ),
        advice=_MIX_ADVICE,
    )


HEAVY_DRINKING = Rule(
    id="heavy_drinking",
    severity=Severity.WARNING,
    title=Text(en="Heavy drinking on baclofen", fr="Forte consommation sous baclofène"),
    trigger=(
        f"a day of the last {EDITABLE_DAYS} days with more than "
        f"{HEAVY_DRINKING_DRINKS:.0f} standard drinks while on baclofen (intakes logged or a "
        "planned dose that day)."
    ),
    source=_ASSOCIATION,
    check=_check_heavy,
)


def _check_comedication(rule: Rule, state: PatientState) -> Iterator[Alert]:
    declared = sorted(state.co_medications & SEDATIVE_CO_MEDICATIONS)
    if not declared:
        return
    names = Text(
        en=" and ".join(_NAMES[m].en for m in declared),
        fr=" et ".join(_NAMES[m].fr for m in declared),
    )
    yield rule.alert(
        key="+".join(declared),
        patient=Text(
            en=f"You take {names.en} with baclofen. Together they can cause strong drowsiness "
            "and slow breathing, even more with alcohol.",
            fr=f"Vous prenez des {names.fr} avec le baclofène. Ensemble, ils peuvent causer une "
            "forte somnolence et un ralentissement de la respiration, plus encore avec l'alcool.",
        ),
        prescriber=Text(
            en=f"Declared co-medication: {names.en}. Sedative mix with baclofen (and alcohol).",
            fr=f"Co-médication déclarée : {names.fr}. Mélange sédatif avec le baclofène (et "
            "l'alcool).",
        ),
        advice=_MIX_ADVICE,
    )


SEDATIVE_COMEDICATION = Rule(
    id="sedative_comedication",
    severity=Severity.WARNING,
    title=Text(en="Sedative mix", fr="Mélange sédatif"),
    trigger="benzodiazepines or opioids in the declared co-medications.",
    # Opioids: additive central nervous system and respiratory depression.
    source=_ASSOCIATION,
    check=_check_comedication,
)

RULES = (HEAVY_DRINKING, SEDATIVE_COMEDICATION)
