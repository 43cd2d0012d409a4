"""The association's practical advice, offered as ``info`` suggestions.

* Keep intake times stable: the association found it better to avoid changing intake times
  abruptly.
* Re-target the split: the first craving of the day is the reference for a targeted split and
  it moves as treatment progresses, so the intakes must move with it.
* Behavioural therapy: some people are freed from craving while their drinking stays high for
  other reasons (alcohol as a sleeping pill, habit); 6-8 weekly sessions of behavioural therapy
  (30 min to 1 h) usually end that excess, and psycho-social support is often needed. It is
  offered once the effective-dose criterion holds (craving gone) while drinking stays above the
  low-risk guideline, with a one-tap "hold my dose here".

Missing days: unlogged days are unknown; each rule states how many logged days it needs.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterator

from baclo.journal.threshold import CRAVING_GONE_MAX
from baclo.protocols.plan import EventKind, PlanEvent
from baclo.questionnaires import Text
from baclo.safety.alerts import (
    Alert,
    Rule,
    Severity,
    SuggestedAction,
    plan_event_action,
    split_action,
)
from baclo.safety.contact import ask_doctor
from baclo.safety.labels import format_date, format_dates, format_mg
from baclo.safety.progress import recent_effective_dose
from baclo.safety.state import PatientState, Phase, SplitMode
from baclo.sources import cite

__all__ = [
    "INTAKE_SHIFT_MAX_MIN",
    "ONSET_SHIFT_MIN",
    "RULES",
    "SUPPORT",
    "clock_distance_min",
]

INTAKE_SHIFT_MAX_MIN = 120
_INTAKE_LOOKBACK_DAYS = 3
ONSET_SHIFT_MIN = 60
_ONSET_WINDOW_DAYS = 7
_MIN_ONSETS = 3
_ROUND_ONSET_MIN = 5

_MINUTES_PER_DAY = 24 * 60
_ASSOCIATION = cite("association-baclofene")


def _minutes(time: dt.time) -> int:
    return time.hour * 60 + time.minute


def clock_distance_min(a: dt.time, b: dt.time) -> int:
    """Minutes between two clock times around the 24 h dial (23:30 and 00:30 are 60 apart)."""
    gap = abs(_minutes(a) - _minutes(b))
    return min(gap, _MINUTES_PER_DAY - gap)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def _check_times(rule: Rule, state: PatientState) -> Iterator[Alert]:
    usual = state.usual_intake_times
    if not usual:
        return
    moved = [
        (e.date, i.time)
        for e in state.logged(_INTAKE_LOOKBACK_DAYS)
        for i in e.intakes
        if min(clock_distance_min(i.time, u) for u in usual) > INTAKE_SHIFT_MAX_MIN
    ]
    if not moved:
        return
    dates = [d for d, _ in moved]
    times = ", ".join(sorted({t.strftime("%H:%M") for _, t in moved}))
    usual_text = ", ".join(t.strftime("%H:%M") for t in sorted(usual))
    yield rule.alert(
        key=max(dates).isoformat(),
        dates=dates,
        patient=Text(
            en=f"Some intakes ({times}) were more than 2 hours away from your usual times "
            f"({usual_text}). Stable intake times give steadier levels and fewer side effects.",
            fr=f"Certaines prises ({times}) étaient à plus de 2 heures de vos heures habituelles "
            f"({usual_text}). Des heures de prise stables donnent des taux plus réguliers et "
            "moins d'effets indésirables.",
        ),
        prescriber=Text(
            en="Intakes moved by more than 2 h from the usual schedule on "
            f"{format_dates(dates).en}.",
            fr=f"Prises décalées de plus de 2 h par rapport aux horaires habituels le "
            f"{format_dates(dates).fr}.",
        ),
        advice=Text(
            en="If the times need to change for good, change the split in the plan.",
            fr="Si les horaires doivent changer durablement, modifiez la répartition dans le plan.",
        ),
    )


STABLE_TIMES = Rule(
    id="stable_intake_times",
    severity=Severity.INFO,
    title=Text(en="Keep intake times stable", fr="Garder des heures de prise stables"),
    trigger=(
        f"an intake of the last {_INTAKE_LOOKBACK_DAYS} days more than "
        f"{INTAKE_SHIFT_MAX_MIN // 60} h (around the clock) from every usual intake time."
    ),
    source=_ASSOCIATION,
    check=_check_times,
)


def _check_onset(rule: Rule, state: PatientState) -> Iterator[Alert]:
    target = state.targeted_onset
    if target is None or state.split_mode is SplitMode.FRACTIONATED:
        return
    onsets = [
        (e.date, e.craving.onset)
        for e in state.logged(_ONSET_WINDOW_DAYS)
        if e.craving is not None and e.craving.onset is not None
    ]
    if len(onsets) < _MIN_ONSETS:
        return
    median = statistics.median(_minutes(t) for _, t in onsets)
    if abs(median - _minutes(target)) < ONSET_SHIFT_MIN:
        return
    new_onset = _hhmm(round(median / _ROUND_ONSET_MIN) * _ROUND_ONSET_MIN)
    old_onset = target.strftime("%H:%M")
    yield rule.alert(
        key=new_onset,
        dates=[d for d, _ in onsets],
        actions=(
            split_action(
                SplitMode.TARGETED,
                Text(
                    en=f"Re-target the split on {new_onset}",
                    fr=f"Recibler les prises sur {new_onset}",
                ),
                craving_onset=new_onset,
            ),
        ),
        patient=Text(
            en=f"Your craving now starts around {new_onset}, not {old_onset} as your split "
            "assumes. Moving the intakes keeps the last one 60-90 minutes before it.",
            fr=f"Votre craving commence maintenant vers {new_onset}, et non {old_onset} comme le "
            "suppose votre répartition. Décaler les prises garde la dernière 60 à 90 minutes "
            "avant.",
        ),
        prescriber=Text(
            en=f"Median craving onset over {len(onsets)} logged days: {new_onset} (split "
            f"targets {old_onset}); re-targeting suggested.",
            fr=f"Heure médiane de début du craving sur {len(onsets)} jours notés : {new_onset} "
            f"(la répartition cible {old_onset}) ; reciblage suggéré.",
        ),
        advice=Text(
            en="Move intakes gradually rather than all at once.",
            fr="Décalez les prises progressivement plutôt que d'un coup.",
        ),
    )


RETARGET = Rule(
    id="retarget_split",
    severity=Severity.INFO,
    title=Text(en="Re-target the split", fr="Recibler la répartition"),
    trigger=(
        f"a targeted split exists and the median craving onset of the last {_ONSET_WINDOW_DAYS} "
        f"days (at least {_MIN_ONSETS} onsets logged) is {ONSET_SHIFT_MIN} min or more away "
        "from the onset the split targets. Action: targeted split on the new onset (rounded to "
        f"{_ROUND_ONSET_MIN} min)."
    ),
    source=_ASSOCIATION,
    check=_check_onset,
)


#: Psycho-social help in France, free: the national alcohol helpline and the addiction centres.
SUPPORT = Text(
    en="Alcool Info Service: 0 980 980 930 (every day 8:00-2:00, anonymous, no extra charge), "
    "alcool-info-service.fr; the CSAPA addiction centres near you give free, confidential "
    "psychological and social support.",
    fr="Alcool Info Service : 0 980 980 930 (7 j/7 de 8 h à 2 h, anonyme, appel non surtaxé), "
    "alcool-info-service.fr ; les CSAPA (centres d'addictologie) proches de chez vous offrent "
    "un accompagnement psychologique et social gratuit et confidentiel.",
)


def _check_therapy(rule: Rule, state: PatientState) -> Iterator[Alert]:
    found = recent_effective_dose(state)
    if found is None or found.drinking.days_known == 0 or found.drinking.within:
        return
    dose = format_mg(found.dose_mg)
    drinks = f"{found.drinking.weekly_drinks:.0f}"
    actions: tuple[SuggestedAction, ...] = ()
    if state.phase is Phase.TITRATION:
        actions = (
            plan_event_action(
                PlanEvent(kind=EventKind.EFFECTIVE_DOSE, on=state.today),
                Text(en="Hold my dose here", fr="Garder ma dose ici"),
            ),
        )
    doctor = ask_doctor(state)
    yield rule.alert(
        key=found.start.isoformat(),
        dates=found.good_days,
        actions=actions,
        patient=Text(
            en=f"Craving has stayed at or below {CRAVING_GONE_MAX}/10 at {dose} mg/day, yet "
            f"drinking stays above the low-risk guideline ({drinks} standard drinks that week). "
            "A higher dose does not treat drinking that craving no longer drives (habit, alcohol "
            "as a sleeping pill): behavioural therapy, usually 6 to 8 weekly sessions, often "
            f"ends it. Ask {doctor.en}. {SUPPORT.en}",
            fr=f"Le craving est resté à {CRAVING_GONE_MAX}/10 ou moins à {dose} mg/jour, mais "
            f"la consommation reste au-dessus des repères à moindre risque ({drinks} verres "
            "standard cette semaine-là). Une dose plus forte ne traite pas une consommation que "
            "le craving ne pousse plus (habitude, alcool somnifère) : une thérapie "
            "comportementale, en général 6 à 8 séances hebdomadaires, en vient souvent à bout. "
            f"Parlez-en à {doctor.fr}. {SUPPORT.fr}",
        ),
        prescriber=Text(
            en=f"Craving ≤ {CRAVING_GONE_MAX}/10 on {len(found.good_days)} days from "
            f"{format_date(found.start).en} at {dose} mg/day, {drinks} standard drinks that week "
            "(above the guideline): consider behavioural therapy and psycho-social support "
            "rather than a higher dose.",
            fr=f"Craving ≤ {CRAVING_GONE_MAX}/10 sur {len(found.good_days)} jours à partir du "
            f"{format_date(found.start).fr} à {dose} mg/jour, {drinks} verres standard cette "
            "semaine-là (au-dessus des repères) : envisager une thérapie comportementale et un "
            "accompagnement psycho-social plutôt qu'une dose plus forte.",
        ),
        advice=Text(
            en="Holding the dose here sets it as your effective dose and stops the climb.",
            fr="Garder la dose ici la fixe comme dose efficace et arrête la montée.",
        ),
    )


BEHAVIOURAL_THERAPY = Rule(
    id="behavioural_therapy",
    severity=Severity.INFO,
    title=Text(en="Behavioural therapy", fr="Thérapie comportementale"),
    trigger=(
        f"within the last 14 days, craving at or below {CRAVING_GONE_MAX}/10 with intakes on "
        "at least 5 of 7 consecutive days (the effective-dose criterion), and that week's "
        "logged drinking above the low-risk guideline (at least one day logged). Action during "
        "titration: 'Hold my dose here' (the plan's effective-dose event). Gives the "
        "psycho-social resources (Alcool Info Service, CSAPA)."
    ),
    # The association's sections on drinking after craving is gone (6-8 weekly sessions) and
    # on psycho-social support; the low-risk guideline of Sante publique France; the national
    # alcohol helpline.
    source=cite("association-baclofene", "spf-inca-2017", "alcool-info-service"),
    check=_check_therapy,
)

RULES = (STABLE_TIMES, RETARGET, BEHAVIOURAL_THERAPY)
