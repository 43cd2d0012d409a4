"""Epworth Sleepiness Scale: how likely one is to doze in 8 everyday situations.

Somnolence is among the most frequent side effects of baclofen and sudden sleep attacks are one
of the dangerous ones (Association Baclofène 2014, "Effets indésirables"), so a validated measure
of daytime sleepiness helps decide between a longer step, a fractionated split and a medical
review.

Scoring (Johns MW. A new method for measuring daytime sleepiness: the Epworth sleepiness scale.
Sleep 1991;14:540-545): 8 items scored 0-3, total 0-24; above 10 is excessive daytime
sleepiness. Bands as published by the author (epworthsleepinessscale.com): 0-5 lower normal,
6-10 higher normal, 11-12 mild, 13-15 moderate, 16-24 severe excessive daytime sleepiness.

Licence: the ESS is copyrighted by M.W. Johns and licensed through Mapi Research Trust; the
texts below are our own short paraphrases, not the official questionnaire. A deployment that
presents it as "the ESS" must check the licence terms first (docs/safety.md).
"""

from __future__ import annotations

from baclo.questionnaires.base import Band, Flag, Instrument, Item, Option, Text
from baclo.sources import cite

__all__ = ["ESS"]

_OPTIONS = (
    Option(value=0, label=Text(en="Would never doze", fr="Aucune chance de m'assoupir")),
    Option(value=1, label=Text(en="Slight chance", fr="Faible chance")),
    Option(value=2, label=Text(en="Moderate chance", fr="Chance moyenne")),
    Option(value=3, label=Text(en="High chance", fr="Forte chance")),
)

_SITUATIONS = (
    ("Sitting and reading", "Assis(e) en train de lire"),
    ("Watching TV", "En regardant la télévision"),
    (
        "Sitting still in a public place (cinema, meeting)",
        "Assis(e) sans bouger dans un lieu public (cinéma, réunion)",
    ),
    (
        "As a passenger in a car for an hour without a break",
        "Passager(e) d'une voiture pendant une heure sans pause",
    ),
    (
        "Lying down to rest in the afternoon",
        "Allongé(e) pour se reposer l'après-midi",
    ),
    ("Sitting and talking with someone", "Assis(e) en discutant avec quelqu'un"),
    (
        "Sitting quietly after a lunch without alcohol",
        "Assis(e) au calme après un déjeuner sans alcool",
    ),
    (
        "In a car stopped for a few minutes in traffic",
        "Dans une voiture arrêtée quelques minutes dans les embouteillages",
    ),
)

_DRIVING = Text(
    en=" Do not drive or use machines while you feel drowsy.",
    fr=" Ne conduisez pas et n'utilisez pas de machines tant que vous vous sentez somnolent(e).",
)


def _with_driving(advice: Text) -> Text:
    return Text(en=advice.en + _DRIVING.en, fr=advice.fr + _DRIVING.fr)


ESS = Instrument(
    id="ess",
    name="Epworth Sleepiness Scale",
    title=Text(en="Epworth Sleepiness Scale", fr="Échelle de somnolence d'Epworth"),
    items=tuple(
        Item(id=f"q{n}", text=Text(en=en, fr=fr), options=_OPTIONS)
        for n, (en, fr) in enumerate(_SITUATIONS, start=1)
    ),
    bands={
        None: (
            Band(
                id="lower_normal",
                low=0,
                high=5,
                label=Text(en="Lower normal", fr="Normale basse"),
                advice=Text(en="Normal daytime sleepiness.", fr="Somnolence diurne normale."),
            ),
            Band(
                id="higher_normal",
                low=6,
                high=10,
                label=Text(en="Higher normal", fr="Normale haute"),
                advice=Text(
                    en="Daytime sleepiness within the normal range.",
                    fr="Somnolence diurne dans les valeurs normales.",
                ),
            ),
            Band(
                id="mild_excessive",
                low=11,
                high=12,
                label=Text(en="Mild excessive sleepiness", fr="Somnolence excessive légère"),
                advice=_with_driving(
                    Text(
                        en="Excessive daytime sleepiness. Tell your prescriber: a longer step "
                        "or a fractionated split may help.",
                        fr="Somnolence diurne excessive. Prévenez votre prescripteur : un "
                        "palier plus long ou des prises fractionnées peuvent aider.",
                    )
                ),
            ),
            Band(
                id="moderate_excessive",
                low=13,
                high=15,
                label=Text(en="Moderate excessive sleepiness", fr="Somnolence excessive modérée"),
                advice=_with_driving(
                    Text(
                        en="Clearly excessive daytime sleepiness. Talk to your prescriber "
                        "before the next dose increase.",
                        fr="Somnolence diurne nettement excessive. Parlez-en à votre "
                        "prescripteur avant la prochaine augmentation.",
                    )
                ),
            ),
            Band(
                id="severe_excessive",
                low=16,
                high=24,
                label=Text(en="Severe excessive sleepiness", fr="Somnolence excessive sévère"),
                advice=_with_driving(
                    Text(
                        en="Severe daytime sleepiness. Contact your prescriber soon; do not "
                        "increase the dose meanwhile.",
                        fr="Somnolence diurne sévère. Contactez rapidement votre prescripteur ; "
                        "n'augmentez pas la dose en attendant.",
                    )
                ),
            ),
        )
    },
    # Above 10: excessive daytime sleepiness.
    source=cite("johns-1991"),
    licence="Copyright M.W. Johns, licensed via Mapi Research Trust; texts are paraphrases.",
    recall=Text(en="recent weeks", fr="ces dernières semaines"),
    # Item 8, dozing in a car stopped in traffic: a moderate or high chance means dozing at the
    # wheel is possible whatever the total (baclo.safety.sleepiness).
    flag_items={"q8": Flag.NO_DRIVING},
    flag_minimum={"q8": 2},
)
