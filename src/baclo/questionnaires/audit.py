"""AUDIT and AUDIT-C: the WHO Alcohol Use Disorders Identification Test and its first 3 items.

Scoring (Babor, Higgins-Biddle, Saunders, Monteiro, "AUDIT: the Alcohol Use Disorders
Identification Test. Guidelines for use in primary care", 2nd ed., WHO 2001,
WHO/MSD/MSB/01.6a): items 1-8 score 0-4, items 9-10 score 0, 2 or 4; total 0-40. Risk zones
(ibid., table 4): I 0-7 alcohol education, II 8-15 simple advice, III 16-19 simple advice plus
brief counselling and continued monitoring, IV 20-40 referral to a specialist for diagnostic
evaluation and treatment.

AUDIT-C is items 1-3 (0-12). Positive screen for alcohol misuse at >= 4 for men and >= 3 for
women (Bush et al., Arch Intern Med 1998;158:1789-1795; Bradley et al., Alcohol Clin Exp Res
2007;31:1208-1217); French practice adds >= 10 in both sexes as suggesting dependence (Societe
francaise d'alcoologie, "Mesusage de l'alcool : depistage, diagnostic et traitement",
Alcoologie et Addictologie 2015;37(1):5-84). Without a sex, the lower (more sensitive) women's
cut-off is applied: missing a misuse costs more than a second look.

Licence: the WHO manual states that the AUDIT may be used freely. The item texts below are our own
short paraphrases for a phone screen, not the official wording; in France a "drink" is the
10 g standard drink (:mod:`baclo.alcohol`).
"""

from __future__ import annotations

from collections.abc import Mapping

from baclo.questionnaires.base import Band, Instrument, Item, Option, Result, Sex, Text
from baclo.sources import cite

__all__ = ["AUDIT", "AUDIT_C", "AUDIT_DOMAINS", "audit_domains"]


def _options(*labels: tuple[int, str, str]) -> tuple[Option, ...]:
    return tuple(Option(value=v, label=Text(en=en, fr=fr)) for v, en, fr in labels)


_HOW_OFTEN = _options(
    (0, "Never", "Jamais"),
    (1, "Less than monthly", "Moins d'une fois par mois"),
    (2, "Monthly", "Une fois par mois"),
    (3, "Weekly", "Une fois par semaine"),
    (4, "Daily or almost daily", "Tous les jours ou presque"),
)
_YES_NO_YEAR = _options(
    (0, "No", "Non"),
    (2, "Yes, but not in the last year", "Oui, mais pas au cours de l'année écoulée"),
    (4, "Yes, during the last year", "Oui, au cours de l'année écoulée"),
)


def _item(number: int, en: str, fr: str, options: tuple[Option, ...] = _HOW_OFTEN) -> Item:
    return Item(id=f"q{number}", text=Text(en=en, fr=fr), options=options)


_ITEMS = (
    _item(
        1,
        "How often do you drink alcohol?",
        "À quelle fréquence buvez-vous de l'alcool ?",
        _options(
            (0, "Never", "Jamais"),
            (1, "Monthly or less", "Une fois par mois ou moins"),
            (2, "2 to 4 times a month", "2 à 4 fois par mois"),
            (3, "2 to 3 times a week", "2 à 3 fois par semaine"),
            (4, "4 or more times a week", "4 fois par semaine ou plus"),
        ),
    ),
    _item(
        2,
        "On a usual drinking day, how many standard drinks do you have?",
        "Un jour où vous buvez, combien de verres standard buvez-vous en général ?",
        _options(
            (0, "1 or 2", "1 ou 2"),
            (1, "3 or 4", "3 ou 4"),
            (2, "5 or 6", "5 ou 6"),
            (3, "7 to 9", "7 à 9"),
            (4, "10 or more", "10 ou plus"),
        ),
    ),
    _item(
        3,
        "How often do you have 6 drinks or more on one occasion?",
        "À quelle fréquence buvez-vous 6 verres ou plus en une même occasion ?",
    ),
    _item(
        4,
        "Last year, how often could you not stop drinking once you had started?",
        "L'an dernier, combien de fois n'avez-vous pas pu vous arrêter de boire une fois "
        "lancé(e) ?",
    ),
    _item(
        5,
        "Last year, how often did drinking stop you doing what was expected of you?",
        "L'an dernier, combien de fois l'alcool vous a-t-il empêché(e) de faire ce qu'on attendait "
        "de vous ?",
    ),
    _item(
        6,
        "Last year, how often did you need a morning drink to get going after drinking a lot?",
        "L'an dernier, combien de fois avez-vous eu besoin d'un verre le matin pour démarrer "
        "après avoir beaucoup bu ?",
    ),
    _item(
        7,
        "Last year, how often did you feel guilt or remorse after drinking?",
        "L'an dernier, combien de fois vous êtes-vous senti(e) coupable après avoir bu ?",
    ),
    _item(
        8,
        "Last year, how often could you not remember the night before because of drinking?",
        "L'an dernier, combien de fois n'avez-vous pas pu vous souvenir de la veille à cause "
        "de l'alcool ?",
    ),
    _item(
        9,
        "Have you or someone else been injured because of your drinking?",
        "Vous-même ou quelqu'un d'autre avez-vous été blessé(e) à cause de votre consommation ?",
        _YES_NO_YEAR,
    ),
    _item(
        10,
        "Has a relative, friend or health worker worried about your drinking or told you to "
        "cut down?",
        "Un proche, un ami ou un soignant s'est-il inquiété de votre consommation ou vous a-t-il "
        "conseillé de la réduire ?",
        _YES_NO_YEAR,
    ),
)

# Risk zones in table 4.
_AUDIT_SOURCE = cite("babor-2001")

AUDIT = Instrument(
    id="audit",
    name="AUDIT",
    items=_ITEMS,
    bands={
        None: (
            Band(
                id="zone_1",
                low=0,
                high=7,
                label=Text(en="Zone I: low risk", fr="Zone I : risque faible"),
                advice=Text(
                    en="Low-risk drinking. Keep within the low-risk guideline: at most 10 "
                    "standard drinks a week, 2 a day, and not every day.",
                    fr="Consommation à faible risque. Restez dans les repères : au plus 10 verres "
                    "standard par semaine, 2 par jour, et pas tous les jours.",
                ),
            ),
            Band(
                id="zone_2",
                low=8,
                high=15,
                label=Text(en="Zone II: hazardous drinking", fr="Zone II : usage à risque"),
                advice=Text(
                    en="Hazardous drinking. Simple advice on cutting down is recommended; talk "
                    "about it with your doctor.",
                    fr="Usage à risque. Un conseil simple pour réduire est recommandé ; "
                    "parlez-en à votre médecin.",
                ),
            ),
            Band(
                id="zone_3",
                low=16,
                high=19,
                label=Text(en="Zone III: harmful drinking", fr="Zone III : usage nocif"),
                advice=Text(
                    en="Harmful drinking. Advice plus brief counselling and regular follow-up "
                    "are recommended.",
                    fr="Usage nocif. Conseil, intervention brève et suivi régulier sont "
                    "recommandés.",
                ),
            ),
            Band(
                id="zone_4",
                low=20,
                high=40,
                label=Text(en="Zone IV: possible dependence", fr="Zone IV : dépendance possible"),
                advice=Text(
                    en="Possible alcohol dependence. A specialist assessment and treatment are "
                    "recommended; see your prescriber or an addiction service.",
                    fr="Dépendance possible à l'alcool. Une évaluation et un traitement "
                    "spécialisés sont recommandés ; voyez votre prescripteur ou un service "
                    "d'addictologie.",
                ),
            ),
        )
    },
    source=_AUDIT_SOURCE,
    licence="WHO: free to use; item texts are baclo's own paraphrases.",
    recall=Text(en="the last 12 months", fr="les 12 derniers mois"),
)


#: The three conceptual domains of the AUDIT and their items (Babor et al. 2001, table 1):
#: hazardous alcohol use (items 1-3), dependence symptoms (4-6), harmful alcohol use (7-10).
AUDIT_DOMAINS: Mapping[str, tuple[str, ...]] = {
    "hazardous_use": ("q1", "q2", "q3"),
    "dependence": ("q4", "q5", "q6"),
    "harmful_use": ("q7", "q8", "q9", "q10"),
}


def audit_domains(result: Result) -> dict[str, int]:
    """The sub-score of each AUDIT domain: why the total is high (drinking, dependence, harm).

    >>> from baclo.questionnaires import score
    >>> audit_domains(score("audit", [4, 1, 2, 3, 3, 1, 4, 2, 2, 2]))
    {'hazardous_use': 7, 'dependence': 7, 'harmful_use': 10}
    """
    if result.instrument.id != AUDIT.id:
        raise ValueError(f"domains exist for the AUDIT only, got {result.instrument.id!r}")
    return {name: sum(result.answer(i) for i in items) for name, items in AUDIT_DOMAINS.items()}


def _audit_c_bands(threshold: int) -> tuple[Band, ...]:
    return (
        Band(
            id="below_threshold",
            low=0,
            high=threshold - 1,
            label=Text(en="Below the misuse threshold", fr="Sous le seuil de mésusage"),
            advice=Text(
                en="Below the screening threshold. Keep within the low-risk guideline.",
                fr="Sous le seuil de repérage. Restez dans les repères de consommation à "
                "moindre risque.",
            ),
        ),
        Band(
            id="misuse",
            low=threshold,
            high=9,
            label=Text(en="Alcohol misuse likely", fr="Mésusage probable"),
            advice=Text(
                en="The screen is positive for alcohol misuse. The full AUDIT and a talk with "
                "your doctor are recommended.",
                fr="Le repérage est positif pour un mésusage d'alcool. L'AUDIT complet et un "
                "échange avec votre médecin sont recommandés.",
            ),
        ),
        Band(
            id="probable_dependence",
            low=10,
            high=12,
            label=Text(en="Dependence likely", fr="Dépendance probable"),
            advice=Text(
                en="The score suggests alcohol dependence. A specialist assessment is recommended.",
                fr="Le score évoque une dépendance à l'alcool. Une évaluation spécialisée est "
                "recommandée.",
            ),
        ),
    )


_MEN_THRESHOLD = 4
_WOMEN_THRESHOLD = 3

AUDIT_C = Instrument(
    id="audit-c",
    name="AUDIT-C",
    items=_ITEMS[:3],
    bands={
        Sex.MALE: _audit_c_bands(_MEN_THRESHOLD),
        Sex.FEMALE: _audit_c_bands(_WOMEN_THRESHOLD),
        None: _audit_c_bands(_WOMEN_THRESHOLD),
    },
    # Cut-offs >= 4 men, >= 3 women (Bradley 2007); >= 10: dependence likely (SFA 2015).
    # Without a sex, the women's cut-off applies.
    source=cite("bush-1998", "bradley-2007", "sfa-2015"),
    licence="WHO: free to use; item texts are baclo's own paraphrases.",
    recall=Text(en="the last 12 months", fr="les 12 derniers mois"),
)
