"""Co-medications that matter with baclofen: their classes, the French names patients know them by,
and the matching of free text to those names.

Why classes: the danger is shared by a whole class, not one molecule. Baclofen is itself in the
French medicines agency's group of *sedative medicines* whose central depressant effects add up
(``ansm-thesaurus``, group "medicaments sedatifs": morphine derivatives, neuroleptics,
barbiturates, benzodiazepines, non-benzodiazepine anxiolytics and hypnotics, sedating
antidepressants, sedating H1 antihistamines, central antihypertensives, baclofen, gabapentin,
pregabalin...). Per class:

* benzodiazepines: the baclofen/alcohol/benzodiazepine mix seems the most dangerous to the
  association of treated patients (``association-baclofene``);
* opioids: additive central nervous system and respiratory depression, up to death, when
  combined with other depressants (``fda-2016-opioids``);
* gabapentinoids (gabapentin, pregabalin): serious breathing problems with other central
  depressants (``fda-2019-gabapentinoids``); both are cleared unchanged by the kidneys, like
  baclofen, so a fall in kidney function raises both;
* Z-drugs (zolpidem, zopiclone), sedating antipsychotics (quetiapine, cyamemazine, olanzapine...),
  sedating antidepressants (mirtazapine, mianserin, amitriptyline, trazodone...) and sedating
  antihistamines (alimemazine, hydroxyzine, doxylamine...): members of the ANSM sedative group;
* NSAIDs and diuretics: not sedative, but a new NSAID or diuretic can lower kidney function,
  the route baclofen leaves the body by (``ansm-thesaurus``: NSAID with a diuretic, acute renal
  failure in a dehydrated patient); see :mod:`baclo.safety.renal`.

Matching: case, accents, spaces and a dosage after the name are ignored ("Stilnox 10mg" is
zolpidem). Text that matches no name is kept as the patient wrote it and flagged for the
prescriber, never dropped (:func:`match_medications`).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from baclo.questionnaires import Text

__all__ = [
    "CLASS_NAMES",
    "COMMON_MEDICINES",
    "KIDNEY_RISK_CLASSES",
    "MEDICATION_NAMES",
    "SEDATIVE_CLASSES",
    "CoMedication",
    "DeclaredMedication",
    "MedicationMatch",
    "match_medication",
    "match_medications",
    "normalise_name",
]


class CoMedication(enum.StrEnum):
    """Classes of co-medication that the safety rules read (declared or matched from names)."""

    BENZODIAZEPINES = "benzodiazepines"
    OPIOIDS = "opioids"
    GABAPENTINOIDS = "gabapentinoids"
    Z_DRUGS = "z_drugs"
    SEDATING_ANTIPSYCHOTICS = "sedating_antipsychotics"
    SEDATING_ANTIDEPRESSANTS = "sedating_antidepressants"
    SEDATING_ANTIHISTAMINES = "sedating_antihistamines"
    NSAIDS = "nsaids"
    DIURETICS = "diuretics"


#: Classes whose central depression adds to baclofen's and alcohol's.
SEDATIVE_CLASSES = frozenset(
    {
        CoMedication.BENZODIAZEPINES,
        CoMedication.OPIOIDS,
        CoMedication.GABAPENTINOIDS,
        CoMedication.Z_DRUGS,
        CoMedication.SEDATING_ANTIPSYCHOTICS,
        CoMedication.SEDATING_ANTIDEPRESSANTS,
        CoMedication.SEDATING_ANTIHISTAMINES,
    }
)
#: Classes that can lower kidney function when started (and gabapentinoids, themselves renal).
KIDNEY_RISK_CLASSES = frozenset({CoMedication.NSAIDS, CoMedication.DIURETICS})

#: Each class in words (lowercase, to sit inside a sentence), the one definition of its label.
CLASS_NAMES: dict[CoMedication, Text] = {
    CoMedication.BENZODIAZEPINES: Text(en="benzodiazepines", fr="benzodiazépines"),
    CoMedication.OPIOIDS: Text(en="opioids", fr="opioïdes"),
    CoMedication.GABAPENTINOIDS: Text(
        en="gabapentin or pregabalin", fr="gabapentine ou prégabaline"
    ),
    CoMedication.Z_DRUGS: Text(
        en="sleeping pills (zolpidem, zopiclone)", fr="somnifères (zolpidem, zopiclone)"
    ),
    CoMedication.SEDATING_ANTIPSYCHOTICS: Text(
        en="sedating antipsychotics", fr="neuroleptiques sédatifs"
    ),
    CoMedication.SEDATING_ANTIDEPRESSANTS: Text(
        en="sedating antidepressants", fr="antidépresseurs sédatifs"
    ),
    CoMedication.SEDATING_ANTIHISTAMINES: Text(
        en="sedating antihistamines", fr="antihistaminiques sédatifs"
    ),
    CoMedication.NSAIDS: Text(
        en="anti-inflammatory painkillers (NSAIDs)", fr="anti-inflammatoires (AINS)"
    ),
    CoMedication.DIURETICS: Text(en="diuretics", fr="diurétiques"),
}

_C = CoMedication
#: French names (INN as written in France, then common brand names) and their class. Lists only
#: medicines sold in France; the prescriber sees any name not found here.
MEDICATION_NAMES: Mapping[str, CoMedication] = {
    # Benzodiazepines and related
    "alprazolam": _C.BENZODIAZEPINES,
    "xanax": _C.BENZODIAZEPINES,
    "bromazepam": _C.BENZODIAZEPINES,
    "lexomil": _C.BENZODIAZEPINES,
    "diazepam": _C.BENZODIAZEPINES,
    "valium": _C.BENZODIAZEPINES,
    "oxazepam": _C.BENZODIAZEPINES,
    "seresta": _C.BENZODIAZEPINES,
    "lorazepam": _C.BENZODIAZEPINES,
    "temesta": _C.BENZODIAZEPINES,
    "prazepam": _C.BENZODIAZEPINES,
    "lysanxia": _C.BENZODIAZEPINES,
    "clorazepate": _C.BENZODIAZEPINES,
    "tranxene": _C.BENZODIAZEPINES,
    "clonazepam": _C.BENZODIAZEPINES,
    "rivotril": _C.BENZODIAZEPINES,
    "loprazolam": _C.BENZODIAZEPINES,
    "lormetazepam": _C.BENZODIAZEPINES,
    "noctamide": _C.BENZODIAZEPINES,
    # Opioids
    "tramadol": _C.OPIOIDS,
    "topalgic": _C.OPIOIDS,
    "contramal": _C.OPIOIDS,
    "ixprim": _C.OPIOIDS,
    "codeine": _C.OPIOIDS,
    "codoliprane": _C.OPIOIDS,
    "dafalgan codeine": _C.OPIOIDS,
    "morphine": _C.OPIOIDS,
    "skenan": _C.OPIOIDS,
    "oxycodone": _C.OPIOIDS,
    "oxycontin": _C.OPIOIDS,
    "oxynorm": _C.OPIOIDS,
    "fentanyl": _C.OPIOIDS,
    "durogesic": _C.OPIOIDS,
    "methadone": _C.OPIOIDS,
    "buprenorphine": _C.OPIOIDS,
    "subutex": _C.OPIOIDS,
    "suboxone": _C.OPIOIDS,
    "opium": _C.OPIOIDS,
    "lamaline": _C.OPIOIDS,
    # Gabapentinoids
    "gabapentine": _C.GABAPENTINOIDS,
    "gabapentin": _C.GABAPENTINOIDS,
    "neurontin": _C.GABAPENTINOIDS,
    "pregabaline": _C.GABAPENTINOIDS,
    "pregabalin": _C.GABAPENTINOIDS,
    "lyrica": _C.GABAPENTINOIDS,
    # Z-drugs
    "zolpidem": _C.Z_DRUGS,
    "stilnox": _C.Z_DRUGS,
    "zopiclone": _C.Z_DRUGS,
    "imovane": _C.Z_DRUGS,
    # Sedating antipsychotics
    "quetiapine": _C.SEDATING_ANTIPSYCHOTICS,
    "xeroquel": _C.SEDATING_ANTIPSYCHOTICS,
    "cyamemazine": _C.SEDATING_ANTIPSYCHOTICS,
    "tercian": _C.SEDATING_ANTIPSYCHOTICS,
    "olanzapine": _C.SEDATING_ANTIPSYCHOTICS,
    "zyprexa": _C.SEDATING_ANTIPSYCHOTICS,
    "loxapine": _C.SEDATING_ANTIPSYCHOTICS,
    "loxapac": _C.SEDATING_ANTIPSYCHOTICS,
    "levomepromazine": _C.SEDATING_ANTIPSYCHOTICS,
    "nozinan": _C.SEDATING_ANTIPSYCHOTICS,
    "chlorpromazine": _C.SEDATING_ANTIPSYCHOTICS,
    "largactil": _C.SEDATING_ANTIPSYCHOTICS,
    "clozapine": _C.SEDATING_ANTIPSYCHOTICS,
    "leponex": _C.SEDATING_ANTIPSYCHOTICS,
    # Sedating antidepressants
    "mirtazapine": _C.SEDATING_ANTIDEPRESSANTS,
    "norset": _C.SEDATING_ANTIDEPRESSANTS,
    "mianserine": _C.SEDATING_ANTIDEPRESSANTS,
    "amitriptyline": _C.SEDATING_ANTIDEPRESSANTS,
    "laroxyl": _C.SEDATING_ANTIDEPRESSANTS,
    "trimipramine": _C.SEDATING_ANTIDEPRESSANTS,
    "surmontil": _C.SEDATING_ANTIDEPRESSANTS,
    "doxepine": _C.SEDATING_ANTIDEPRESSANTS,
    "quitaxon": _C.SEDATING_ANTIDEPRESSANTS,
    "trazodone": _C.SEDATING_ANTIDEPRESSANTS,
    "trittico": _C.SEDATING_ANTIDEPRESSANTS,
    # Sedating H1 antihistamines
    "alimemazine": _C.SEDATING_ANTIHISTAMINES,
    "theralene": _C.SEDATING_ANTIHISTAMINES,
    "hydroxyzine": _C.SEDATING_ANTIHISTAMINES,
    "atarax": _C.SEDATING_ANTIHISTAMINES,
    "doxylamine": _C.SEDATING_ANTIHISTAMINES,
    "donormyl": _C.SEDATING_ANTIHISTAMINES,
    "promethazine": _C.SEDATING_ANTIHISTAMINES,
    "phenergan": _C.SEDATING_ANTIHISTAMINES,
    "dexchlorpheniramine": _C.SEDATING_ANTIHISTAMINES,
    "polaramine": _C.SEDATING_ANTIHISTAMINES,
    # NSAIDs
    "ibuprofene": _C.NSAIDS,
    "ibuprofen": _C.NSAIDS,
    "advil": _C.NSAIDS,
    "nurofen": _C.NSAIDS,
    "spedifen": _C.NSAIDS,
    "ketoprofene": _C.NSAIDS,
    "profenid": _C.NSAIDS,
    "bi-profenid": _C.NSAIDS,
    "diclofenac": _C.NSAIDS,
    "voltarene": _C.NSAIDS,
    "naproxene": _C.NSAIDS,
    "apranax": _C.NSAIDS,
    "antarene": _C.NSAIDS,
    "celecoxib": _C.NSAIDS,
    "celebrex": _C.NSAIDS,
    "piroxicam": _C.NSAIDS,
    "feldene": _C.NSAIDS,
    # Diuretics
    "furosemide": _C.DIURETICS,
    "lasilix": _C.DIURETICS,
    "hydrochlorothiazide": _C.DIURETICS,
    "esidrex": _C.DIURETICS,
    "indapamide": _C.DIURETICS,
    "fludex": _C.DIURETICS,
    "spironolactone": _C.DIURETICS,
    "aldactone": _C.DIURETICS,
    "bumetanide": _C.DIURETICS,
    "burinex": _C.DIURETICS,
}

#: The names a patient picks from, as written on French boxes: the INN, then brand names. Each
#: matches its class through :func:`match_medication` (a test checks it).
COMMON_MEDICINES: tuple[tuple[CoMedication, tuple[str, ...]], ...] = (
    (
        _C.BENZODIAZEPINES,
        (
            "Alprazolam (Xanax)",
            "Bromazépam (Lexomil)",
            "Diazépam (Valium)",
            "Oxazépam (Séresta)",
            "Lorazépam (Témesta)",
            "Prazépam (Lysanxia)",
            "Clorazépate (Tranxène)",
        ),
    ),
    (
        _C.OPIOIDS,
        (
            "Tramadol (Topalgic, Contramal)",
            "Codéine (Codoliprane, Dafalgan codéiné)",
            "Morphine (Skenan)",
            "Oxycodone (Oxycontin, Oxynorm)",
            "Méthadone",
            "Buprénorphine (Subutex)",
        ),
    ),
    (_C.GABAPENTINOIDS, ("Gabapentine (Neurontin)", "Prégabaline (Lyrica)")),
    (_C.Z_DRUGS, ("Zolpidem (Stilnox)", "Zopiclone (Imovane)")),
    (
        _C.SEDATING_ANTIPSYCHOTICS,
        (
            "Quétiapine (Xeroquel)",
            "Cyamémazine (Tercian)",
            "Olanzapine (Zyprexa)",
            "Loxapine (Loxapac)",
        ),
    ),
    (
        _C.SEDATING_ANTIDEPRESSANTS,
        ("Mirtazapine (Norset)", "Miansérine", "Amitriptyline (Laroxyl)", "Trazodone"),
    ),
    (
        _C.SEDATING_ANTIHISTAMINES,
        ("Alimémazine (Théralène)", "Hydroxyzine (Atarax)", "Doxylamine (Donormyl)"),
    ),
    (
        _C.NSAIDS,
        (
            "Ibuprofène (Advil, Nurofen)",
            "Kétoprofène (Profénid)",
            "Diclofénac (Voltarène)",
            "Naproxène (Apranax)",
        ),
    ),
    (
        _C.DIURETICS,
        (
            "Furosémide (Lasilix)",
            "Hydrochlorothiazide (Esidrex)",
            "Indapamide (Fludex)",
            "Spironolactone (Aldactone)",
        ),
    ),
)

_DOSAGE = re.compile(r"\s*\d[\d.,]*\s*(mg|g|µg|mcg|ml)?\b.*$")


def normalise_name(text: str) -> str:
    """Lower case, no accents, single spaces, no dosage after the name ("Stilnox 10 mg")."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    spaced = " ".join(plain.lower().replace("®", "").split())
    return _DOSAGE.sub("", spaced).strip()


def match_medication(text: str) -> CoMedication | None:
    """The class of the medicine named ``text``, or ``None`` when no known name matches.

    The whole name is looked up first, then its first word ("Xanax LP" is alprazolam).
    """
    name = normalise_name(text)
    if not name:
        return None
    found = MEDICATION_NAMES.get(name)
    if found is None:
        found = MEDICATION_NAMES.get(name.split(" ")[0])
    return found


@dataclass(frozen=True, slots=True, kw_only=True)
class DeclaredMedication:
    """A medicine the patient declared, as written, and the day it was first declared."""

    name: str
    since: dt.date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MedicationMatch:
    """The classes found in a list of declared names, and the names that matched none."""

    classes: frozenset[CoMedication]
    unmatched: tuple[str, ...]


def match_medications(names: Iterable[str]) -> MedicationMatch:
    """Classes of the names that match, and the others kept as written (blank ones dropped)."""
    classes: set[CoMedication] = set()
    unmatched: list[str] = []
    for name in names:
        found = match_medication(name)
        if found is not None:
            classes.add(found)
        elif name.strip() and name.strip() not in unmatched:
            unmatched.append(name.strip())
    return MedicationMatch(classes=frozenset(classes), unmatched=tuple(unmatched))
