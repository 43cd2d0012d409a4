"""The sedative mix: baclofen with heavy drinking or other sedative medicines.

Association Baclofène 2014 ("Consommation d'alcool durant le traitement"): drinking on baclofen
maximises side effects, the effects of alcohol and baclofen are similar and add up, and the most
dangerous ones seem due to the baclofen/alcohol/benzodiazepine mix. Baclofen belongs to the
French agency's group of sedative medicines whose effects add up (``ansm-thesaurus``); the
classes and the French names matched to them are in :mod:`baclo.safety.medications`.

Heavy drinking day, by sex: above 60 g of alcohol (6 French standard drinks) for men and above
40 g (4 drinks) for women, the WHO's high-risk drinking levels (``who-2000``); the same
thresholds define high-risk drinking in the Baclocur authorisation (``baclocur-smpc-2018``).
When the sex is unknown the lower threshold applies: missing a heavy day costs more than a second
look. (WHO's "heavy episodic drinking" indicator, ``who-2018``, uses 60 g for everyone.)

Missing days: a day without an entry has no drinks to count.
"""

from __future__ import annotations

from collections.abc import Iterator

from baclo.questionnaires import Sex, Text
from baclo.safety.alerts import Alert, Rule, Severity
from baclo.safety.contact import ask_doctor
from baclo.safety.labels import format_dates, format_decimal
from baclo.safety.medications import CLASS_NAMES, SEDATIVE_CLASSES, CoMedication
from baclo.safety.state import PatientState
from baclo.safety.urgent import EDITABLE_DAYS
from baclo.sources import cite

__all__ = [
    "CLASS_NAMES",
    "HEAVY_DRINKING_DRINKS",
    "RULES",
    "heavy_drinking_threshold",
]

#: Standard drinks (10 g) in a day above which drinking is heavy, by sex (``None``: unknown).
HEAVY_DRINKING_DRINKS: dict[Sex | None, float] = {Sex.MALE: 6.0, Sex.FEMALE: 4.0, None: 4.0}

# Section "Consommation d'alcool durant le traitement".
_ASSOCIATION = cite("association-baclofene")

_MIX_ADVICE = Text(
    en="Avoid adding alcohol or sleeping pills on the same day; never drive after such a mix. "
    "If someone is very drowsy or breathes slowly, call 15 or 112.",
    fr="Évitez d'ajouter de l'alcool ou des somnifères le même jour ; ne conduisez jamais après "
    "un tel mélange. Si une personne est très somnolente ou respire lentement, appelez le 15 "
    "ou le 112.",
)


def heavy_drinking_threshold(sex: Sex | None) -> float:
    """Standard drinks in a day above which drinking is heavy for ``sex`` (unknown: the lower)."""
    return HEAVY_DRINKING_DRINKS[sex]


def _check_heavy(rule: Rule, state: PatientState) -> Iterator[Alert]:
    limit = heavy_drinking_threshold(state.sex)
    days = [
        e
        for e in state.logged(EDITABLE_DAYS)
        if e.standard_drinks > limit and state.on_baclofen(e.date)
    ]
    if not days:
        return
    dates = [e.date for e in days]
    most = max(e.standard_drinks for e in days)
    yield rule.alert(
        key=max(dates).isoformat(),
        dates=dates,
        patient=Text(
            en=f"You drank up to {most:.0f} standard drinks in a day while taking baclofen "
            f"(heavy drinking is more than {limit:.0f}). Alcohol and baclofen add their effects "
            "(drowsiness, falls, confusion).",
            fr=f"Vous avez bu jusqu'à {most:.0f} verres standard dans une journée sous "
            f"baclofène (forte consommation : plus de {limit:.0f}). L'alcool et le baclofène "
            "additionnent leurs effets (somnolence, chutes, confusion).",
        ),
        prescriber=Text(
            en=f"Heavy drinking days (> {limit:.0f} standard drinks, {limit * 10:.0f} g) on "
            f"baclofen: {format_dates(dates).en}, up to {most:.1f}.",
            fr=f"Jours de forte consommation (> {limit:.0f} verres standard, {limit * 10:.0f} g) "
            f"sous baclofène : {format_dates(dates).fr}, jusqu'à {format_decimal(most).fr}.",
        ),
        advice=_MIX_ADVICE,
    )


HEAVY_DRINKING = Rule(
    id="heavy_drinking",
    severity=Severity.WARNING,
    title=Text(en="Heavy drinking on baclofen", fr="Forte consommation sous baclofène"),
    trigger=(
        f"a day of the last {EDITABLE_DAYS} days with more than 6 standard drinks (men) or more "
        "than 4 (women, and anyone whose sex is unknown) while on baclofen (intakes logged or a "
        "planned dose that day)."
    ),
    source=cite("association-baclofene", "who-2000", "who-2018"),
    check=_check_heavy,
)


def _names(classes: list[CoMedication]) -> Text:
    return Text(
        en=", ".join(CLASS_NAMES[c].en for c in classes),
        fr=", ".join(CLASS_NAMES[c].fr for c in classes),
    )


def _check_comedication(rule: Rule, state: PatientState) -> Iterator[Alert]:
    declared = [c for c in CoMedication if c in state.medication_classes & SEDATIVE_CLASSES]
    if not declared:
        return
    names = _names(declared)
    renal = Text(en="", fr="")
    if CoMedication.GABAPENTINOIDS in declared:
        renal = Text(
            en=" Gabapentin and pregabalin leave the body through the kidneys, like baclofen: "
            "any kidney problem raises both.",
            fr=" La gabapentine et la prégabaline sont éliminées par les reins, comme le "
            "baclofène : un problème rénal augmente les deux.",
        )
    yield rule.alert(
        key="+".join(declared),
        patient=Text(
            en=f"You take {names.en} with baclofen. Together they can cause strong drowsiness "
            f"and slow breathing, even more with alcohol.{renal.en} Tell "
            f"{ask_doctor(state).en} before any dose increase.",
            fr=f"Vous prenez : {names.fr}, avec le baclofène. Ensemble, ils peuvent causer une "
            "forte somnolence et un ralentissement de la respiration, plus encore avec "
            f"l'alcool.{renal.fr} Prévenez {ask_doctor(state).fr} avant toute augmentation.",
        ),
        prescriber=Text(
            en=f"Declared co-medication: {names.en}. Sedative mix with baclofen (and alcohol)."
            + renal.en,
            fr=f"Co-médication déclarée : {names.fr}. Mélange sédatif avec le baclofène (et "
            "l'alcool)." + renal.fr,
        ),
        advice=_MIX_ADVICE,
    )


SEDATIVE_COMEDICATION = Rule(
    id="sedative_comedication",
    severity=Severity.WARNING,
    title=Text(en="Sedative mix", fr="Mélange sédatif"),
    trigger=(
        "a sedative class among the declared co-medications or the medicines declared by name: "
        "benzodiazepines, opioids, gabapentinoids, Z-drugs, sedating antipsychotics, sedating "
        "antidepressants, sedating antihistamines (baclo.safety.medications). One alert per set "
        "of classes."
    ),
    source=cite(
        "association-baclofene", "ansm-thesaurus", "fda-2016-opioids", "fda-2019-gabapentinoids"
    ),
    check=_check_comedication,
)


def _check_unknown(rule: Rule, state: PatientState) -> Iterator[Alert]:
    unknown = state.unmatched_medications
    if not unknown:
        return
    listed = ", ".join(unknown)
    yield rule.alert(
        key="+".join(sorted(unknown)),
        patient=Text(
            en=f"baclo does not know {listed}: it is kept as you wrote it. Check with "
            f"{ask_doctor(state).en} or your pharmacist that it is safe with baclofen.",
            fr=f"baclo ne connaît pas {listed} : c'est gardé tel que vous l'avez écrit. Vérifiez "
            f"avec {ask_doctor(state).fr} ou votre pharmacien que c'est sans danger avec le "
            "baclofène.",
        ),
        prescriber=Text(
            en=f"Declared medicines that baclo could not classify: {listed}. Check for sedative "
            "or kidney interactions.",
            fr=f"Médicaments déclarés que baclo n'a pas pu classer : {listed}. Vérifiez les "
            "interactions sédatives ou rénales.",
        ),
        advice=Text(
            en="Bring the box or the prescription to your next visit.",
            fr="Apportez la boîte ou l'ordonnance à votre prochaine consultation.",
        ),
    )


UNKNOWN_MEDICATION = Rule(
    id="unknown_medication",
    severity=Severity.INFO,
    title=Text(en="Medicine to check", fr="Médicament à vérifier"),
    trigger=(
        "a medicine declared by name that matches no known name (kept as written, never "
        "dropped): flagged for the prescriber."
    ),
    source=cite("ansm-thesaurus"),
    check=_check_unknown,
)

RULES = (HEAVY_DRINKING, SEDATIVE_COMEDICATION, UNKNOWN_MEDICATION)
