"""PHQ-9: the nine-item depression scale of the Patient Health Questionnaire.

Scoring (Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression severity
measure. J Gen Intern Med 2001;16:606-613): 9 items scored 0-3 over the last two weeks, total
0-27; severity bands 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately severe, 20-27 severe.
The advice follows the treatment actions of Kroenke & Spitzer, Psychiatric Annals
2002;32:509-515, adapted to a person on baclofen, for whom worsening depression is one of the
dangerous side effects (Association Baclofène 2014, "Effets indésirables").

Item 9 (thoughts of being better off dead or of self-harm) above 0 raises
:attr:`~baclo.questionnaires.base.Flag.CRISIS` whatever the total: the product shows the crisis
resources at once (:data:`baclo.safety.CRISIS_RESOURCES`) and alerts the prescriber.

Licence: the PHQ was developed by Drs Spitzer, Williams, Kroenke and colleagues with a grant from
Pfizer; no permission is required to reproduce, translate, display or distribute it. The item
texts below are our own short paraphrases.
"""

from __future__ import annotations

from baclo.questionnaires.base import Band, Flag, Instrument, Item, Option, Text
from baclo.sources import cite

__all__ = ["PHQ9"]

_OPTIONS = (
    Option(value=0, label=Text(en="Not at all", fr="Jamais")),
    Option(value=1, label=Text(en="Several days", fr="Plusieurs jours")),
    Option(value=2, label=Text(en="More than half the days", fr="Plus de la moitié des jours")),
    Option(value=3, label=Text(en="Nearly every day", fr="Presque tous les jours")),
)

_TEXTS = (
    (
        "Little interest or pleasure in doing things",
        "Peu d'intérêt ou de plaisir à faire les choses",
    ),
    ("Feeling down, low or hopeless", "Se sentir triste, déprimé(e) ou sans espoir"),
    (
        "Trouble falling or staying asleep, or sleeping too much",
        "Mal à s'endormir, réveils nocturnes, ou trop de sommeil",
    ),
    ("Feeling tired or low on energy", "Se sentir fatigué(e) ou sans énergie"),
    ("Poor appetite or overeating", "Peu d'appétit ou manger trop"),
    (
        "Feeling bad about yourself, or a failure",
        "Avoir une mauvaise opinion de soi, se sentir en échec",
    ),
    ("Trouble concentrating", "Difficultés à se concentrer"),
    (
        "Moving or speaking unusually slowly, or being restless",
        "Bouger ou parler anormalement lentement, ou être agité(e)",
    ),
    (
        "Thoughts that you would be better off dead, or of hurting yourself",
        "Penser qu'il vaudrait mieux mourir, ou envisager de vous faire du mal",
    ),
)

#: The item whose answer above 0 opens the crisis path.
SELF_HARM_ITEM = "q9"


PHQ9 = Instrument(
    id="phq9",
    name="PHQ-9",
    items=tuple(
        Item(id=f"q{n}", text=Text(en=en, fr=fr), options=_OPTIONS)
        for n, (en, fr) in enumerate(_TEXTS, start=1)
    ),
    bands={
        None: (
            Band(
                id="minimal",
                low=0,
                high=4,
                label=Text(en="Minimal or none", fr="Minime ou absente"),
                advice=Text(
                    en="No sign of depression. Answer again in two weeks during titration.",
                    fr="Pas de signe de dépression. Répondez de nouveau dans deux semaines "
                    "pendant la titration.",
                ),
            ),
            Band(
                id="mild",
                low=5,
                high=9,
                label=Text(en="Mild", fr="Légère"),
                advice=Text(
                    en="Mild symptoms. Watch your mood and answer again in two weeks; "
                    "tell your prescriber if it gets worse.",
                    fr="Symptômes légers. Surveillez votre humeur et répondez de nouveau dans "
                    "deux semaines ; prévenez votre prescripteur si cela s'aggrave.",
                ),
            ),
            Band(
                id="moderate",
                low=10,
                high=14,
                label=Text(en="Moderate", fr="Modérée"),
                advice=Text(
                    en="Moderate depression. Talk about it with your prescriber soon: "
                    "baclofen can worsen depression.",
                    fr="Dépression modérée. Parlez-en bientôt à votre prescripteur : le "
                    "baclofène peut aggraver une dépression.",
                ),
            ),
            Band(
                id="moderately_severe",
                low=15,
                high=19,
                label=Text(en="Moderately severe", fr="Modérément sévère"),
                advice=Text(
                    en="Moderately severe depression. See your prescriber this week; "
                    "treatment is needed.",
                    fr="Dépression modérément sévère. Voyez votre prescripteur cette semaine ; "
                    "un traitement est nécessaire.",
                ),
            ),
            Band(
                id="severe",
                low=20,
                high=27,
                label=Text(en="Severe", fr="Sévère"),
                advice=Text(
                    en="Severe depression. Contact your prescriber today; if you feel in "
                    "danger, call 3114 or 15 (112 in Europe).",
                    fr="Dépression sévère. Contactez votre prescripteur aujourd'hui ; si vous "
                    "vous sentez en danger, appelez le 3114 ou le 15 (112 en Europe).",
                ),
            ),
        )
    },
    # Bands at 5, 10, 15, 20.
    source=cite("kroenke-2001"),
    licence="Pfizer: no permission required; item texts are baclo's own paraphrases.",
    recall=Text(en="the last 2 weeks", fr="les 2 dernières semaines"),
    flag_items={SELF_HARM_ITEM: Flag.CRISIS},
)
