"""The ready-made survey "Baclofen and alcohol": the association's themes in the cohort columns.

The questions follow the themes of the association's document (Association Baclofène 2014,
``association-baclofene``) in our own words: who answers (age band, sex), drinking before treatment
(AUDIT, grams a day), the protocol, the effective dose and the time to reach it (or not yet), side
effects and their worst severity on the association's four-level scale, the outcome at 6 months in
the four classes of the Granger/Dussère study (``granger-2013``), the dose kept today, and a free
comment (never published). Every question that the statistics use fills one cohort column.

:func:`ensure_ready_made_survey` creates it once (``python -m baclo.web survey_ready_made``);
:func:`load_demo_survey` is the hook for ``baclo demo``: the survey plus synthetic answers
(:mod:`baclo.stats.synthetic`, ids ``syn-...``, labelled synthetic on the dashboard).
"""

from __future__ import annotations

from typing import Any, Final

from django.db import transaction

from baclo.journal import SideEffectKind
from baclo.protocols import ProtocolId
from baclo.stats.cohort import SYNTHETIC_ID_PREFIX
from baclo.stats.synthetic import generate
from baclo.web.accounts.models import User
from baclo.web.survey.dataset import store_cohort
from baclo.web.survey.models import Column, Question, QuestionKind, Source, Survey, SurveyStatus

__all__ = ["DEMO_ANSWERS", "READY_MADE_KEY", "ensure_ready_made_survey", "load_demo_survey"]

READY_MADE_KEY: Final = "baclofen-alcohol"
DEMO_ANSWERS: Final = 600
DEMO_SEED: Final = 2026


def _choices(*triples: tuple[str, str, str]) -> list[dict[str, str]]:
    return [{"value": v, "label": fr, "label_en": en} for v, fr, en in triples]


_PROTOCOL_NAMES: Final = {
    ProtocolId.AMEISEN: (
        "Ameisen (départ 30 mg, +20 mg tous les 3 jours)",
        "Ameisen (start 30 mg, +20 mg every 3 days)",
    ),
    ProtocolId.BEAUREPAIRE: (
        "de Beaurepaire (départ 10 mg, +10 mg tous les 3 jours)",
        "de Beaurepaire (start 10 mg, +10 mg every 3 days)",
    ),
    ProtocolId.RTU_2014: ("RTU 2014 (départ 15 mg)", "RTU 2014 (start 15 mg)"),
    ProtocolId.LABEL: ("Schéma de l'AMM (Baclocur)", "Marketing authorisation scheme (Baclocur)"),
    ProtocolId.CUSTOM: ("Autre rythme, fixé avec mon médecin", "Another pace, set with my doctor"),
}

_SIDE_EFFECT_NAMES: Final = {
    SideEffectKind.FATIGUE: ("Fatigue", "Fatigue"),
    SideEffectKind.SOMNOLENCE: ("Somnolence", "Drowsiness"),
    SideEffectKind.INSOMNIA: ("Insomnie", "Insomnia"),
    SideEffectKind.DIZZINESS: ("Vertiges", "Dizziness"),
    SideEffectKind.SEXUAL: ("Troubles sexuels", "Sexual problems"),
    SideEffectKind.HEARING_VISION_SPEECH: (
        "Troubles de l'ouïe, de la vue ou de la parole",
        "Hearing, vision or speech problems",
    ),
    SideEffectKind.MOOD_LOW: ("Moral en baisse", "Low mood"),
    SideEffectKind.CONFUSION: ("Confusion", "Confusion"),
    SideEffectKind.SLEEP_ATTACKS: ("Endormissements soudains", "Sudden sleep attacks"),
    SideEffectKind.OTHER: ("Autre", "Other"),
}

QUESTIONS: Final[tuple[dict[str, Any], ...]] = (
    {
        "kind": QuestionKind.SINGLE,
        "column": Column.AGE_BAND,
        "label": "Votre âge",
        "label_en": "Your age",
        "choices": _choices(
            ("18-29", "18 à 29 ans", "18 to 29"),
            ("30-44", "30 à 44 ans", "30 to 44"),
            ("45-59", "45 à 59 ans", "45 to 59"),
            ("60+", "60 ans ou plus", "60 or more"),
        ),
    },
    {
        "kind": QuestionKind.SINGLE,
        "column": Column.SEX,
        "label": "Vous êtes",
        "label_en": "You are",
        "choices": _choices(
            ("f", "Une femme", "A woman"), ("m", "Un homme", "A man"), ("other", "Autre", "Other")
        ),
    },
    {
        "kind": QuestionKind.AUDIT,
        "column": Column.AUDIT_BEFORE,
        "label": (
            "Avant le traitement : le questionnaire AUDIT "
            "(répondez pour l'année avant le baclofène)"
        ),
        "label_en": (
            "Before treatment: the AUDIT questionnaire (answer for the year before baclofen)"
        ),
    },
    {
        "kind": QuestionKind.NUMBER,
        "column": Column.GRAMS_PER_DAY_BEFORE,
        "label": (
            "Avant le traitement, combien de grammes d'alcool buviez-vous par jour en moyenne ?"
        ),
        "label_en": "Before treatment, how many grams of alcohol did you drink a day on average?",
        "help": "Un verre standard = 10 g d'alcool (25 cl de bière à 5 %, 10 cl de vin à 12 %).",
        "unit": "g/jour",
    },
    {
        "kind": QuestionKind.SINGLE,
        "column": Column.PROTOCOL,
        "label": "Quel rythme de montée des doses avez-vous suivi ?",
        "label_en": "Which dose-increase pace did you follow?",
        "choices": [
            {"value": str(p), "label": fr, "label_en": en}
            for p, (fr, en) in _PROTOCOL_NAMES.items()
        ],
    },
    {
        "kind": QuestionKind.DATE,
        "column": Column.FOLLOWUP_DAYS,
        "label": "Quand avez-vous commencé le baclofène ?",
        "label_en": "When did you start baclofen?",
        "required": True,
    },
    {
        "kind": QuestionKind.NUMBER,
        "column": Column.EFFECTIVE_DOSE_MG,
        "label": "Votre dose efficace (celle où l'envie de boire a disparu)",
        "label_en": "Your effective dose (the one at which the craving went away)",
        "help": "Laissez vide si vous ne l'avez pas encore atteinte.",
        "unit": "mg/jour",
    },
    {
        "kind": QuestionKind.NUMBER,
        "column": Column.DAYS_TO_EFFECTIVE,
        "label": "Combien de jours après le début l'avez-vous atteinte ?",
        "label_en": "How many days after the start did you reach it?",
        "help": "Laissez vide si vous ne l'avez pas encore atteinte.",
        "unit": "jours",
    },
    {
        "kind": QuestionKind.MULTIPLE,
        "column": "",
        "label": "Quels effets indésirables avez-vous ressentis ?",
        "label_en": "Which side effects did you feel?",
        "choices": [
            {"value": str(k), "label": fr, "label_en": en}
            for k, (fr, en) in _SIDE_EFFECT_NAMES.items()
        ],
    },
    {
        "kind": QuestionKind.SCALE,
        "column": Column.SIDE_EFFECTS_MAX,
        "label": (
            "Au pire, comment les avez-vous supportés ? 0 aucun, 1 faibles "
            "à modérés, 2 forts, 3 très forts ou insupportables"
        ),
        "label_en": (
            "At worst, how did you bear them? 0 none, 1 weak to "
            "moderate, 2 strong, 3 very strong or unbearable"
        ),
        "min_value": 0,
        "max_value": 3,
    },
    {
        "kind": QuestionKind.SINGLE,
        "column": Column.OUTCOME_6M,
        "label": "Six mois après le début, votre consommation d'alcool",
        "label_en": "Six months after the start, your drinking",
        "help": "Laissez vide si vous avez commencé il y a moins de six mois.",
        "choices": _choices(
            ("abstinent", "J'étais abstinent(e)", "I was abstinent"),
            (
                "controlled",
                "Je buvais de façon modérée, maîtrisée",
                "I drank moderately, in control",
            ),
            ("halved", "Je buvais au moins deux fois moins", "I drank at least half as much"),
            ("unchanged", "Pas de changement", "No change"),
        ),
    },
    {
        "kind": QuestionKind.NUMBER,
        "column": "",
        "label": "Quelle dose prenez-vous aujourd'hui ?",
        "label_en": "Which dose do you take today?",
        "unit": "mg/jour",
        "min_value": 0,
        "max_value": 1000,
    },
    {
        "kind": QuestionKind.TEXT,
        "column": "",
        "label": "Un commentaire ? (lu par l'association, jamais publié)",
        "label_en": "Any comment? (read by the association, never published)",
    },
)


def ensure_ready_made_survey(owner: User | None = None) -> Survey:
    """The ready-made survey, created open for answers the first time, found afterwards."""
    with transaction.atomic():
        survey, created = Survey.objects.get_or_create(
            key=READY_MADE_KEY,
            defaults={
                "title": "Baclofène et alcool",
                "description": (
                    "Questionnaire anonyme de l'association sur le traitement par baclofène : "
                    "dose efficace, délai pour l'atteindre, effets indésirables, résultat à six "
                    "mois. Aucun compte, aucune adresse IP n'est enregistrée."
                ),
                "status": SurveyStatus.OPEN,
                "created_by": owner,
            },
        )
        if created:
            Question.objects.bulk_create(
                Question(survey=survey, position=position, **spec)
                for position, spec in enumerate(QUESTIONS)
            )
    return survey


def load_demo_survey(owner: User | None = None, *, n: int = DEMO_ANSWERS) -> Survey:
    """The ready-made survey with ``n`` SYNTHETIC answers (replacing earlier demo answers)."""
    survey = ensure_ready_made_survey(owner)
    with transaction.atomic():
        survey.answers.filter(ref__startswith=SYNTHETIC_ID_PREFIX).delete()
        store_cohort(generate(n, seed=DEMO_SEED), survey=survey, source=Source.IMPORT)
    return survey
