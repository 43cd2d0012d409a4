"""Progress: the effective dose seems reached, or craving comes back during a taper.

Both read :mod:`baclo.journal.threshold`. The effective-dose suggestion asks the patient to
confirm ("Has craving gone?") and offers the plan's *effective dose reached* event; craving
coming back during a taper asks for a pause in the taper.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from baclo.journal.threshold import (
    CRAVING_GONE_MAX,
    MIN_GOOD_DAYS,
    MIN_RETURN_DAYS,
    WINDOW_DAYS,
    EffectiveDose,
    find_craving_return,
    find_effective_dose,
)
from baclo.protocols.plan import EventKind, PlanEvent
from baclo.questionnaires import Text
from baclo.safety.alerts import (
    ActionType,
    Alert,
    Rule,
    Severity,
    SuggestedAction,
    plan_event_action,
)
from baclo.safety.contact import ask_doctor
from baclo.safety.labels import format_date, format_mg
from baclo.safety.state import PatientState, Phase
from baclo.sources import cite

__all__ = ["RULES", "recent_effective_dose"]

#: Two windows' worth of days: a qualifying week found within the last two weeks.
_LOOKBACK_DAYS = 2 * WINDOW_DAYS


def _since(state: PatientState) -> dt.date:
    return state.today - dt.timedelta(days=_LOOKBACK_DAYS - 1)


def recent_effective_dose(state: PatientState) -> EffectiveDose | None:
    """A 7-day window of the last two weeks where craving stayed at or below 2/10."""
    return find_effective_dose(
        {e.date: e for e in state.logged(_LOOKBACK_DAYS)}, since=_since(state), until=state.today
    )


def _check_effective(rule: Rule, state: PatientState) -> Iterator[Alert]:
    if state.phase is not Phase.TITRATION:
        return
    found = recent_effective_dose(state)
    if found is None or not found.drinking.within:
        return
    dose = format_mg(found.dose_mg)
    yield rule.alert(
        key=dose,
        dates=found.good_days,
        actions=(
            plan_event_action(
                PlanEvent(kind=EventKind.EFFECTIVE_DOSE, on=state.today),
                Text(en="Yes, craving has gone: stay on this dose", fr="Oui : rester à cette dose"),
            ),
        ),
        patient=Text(
            en=f"Has craving gone? It stayed at or below {CRAVING_GONE_MAX}/10 on "
            f"{len(found.good_days)} of 7 days at {dose} mg/day. If so, confirm to stop the "
            "climb here: this is your effective dose.",
            fr=f"Le craving a-t-il disparu ? Il est resté à {CRAVING_GONE_MAX}/10 ou moins "
            f"{len(found.good_days)} jours sur 7 à {dose} mg/jour. Si oui, confirmez pour "
            "arrêter la montée ici : c'est votre dose efficace.",
        ),
        prescriber=Text(
            en=f"Possible effective dose {dose} mg/day: craving ≤ {CRAVING_GONE_MAX}/10 on "
            f"{len(found.good_days)} days from {format_date(found.start).en} to "
            f"{format_date(found.end).en} (alcohol within the guideline that week).",
            fr=f"Dose efficace possible {dose} mg/jour : craving ≤ {CRAVING_GONE_MAX}/10 "
            f"{len(found.good_days)} jours du {format_date(found.start).fr} au "
            f"{format_date(found.end).fr} (consommation dans les repères cette semaine-là).",
        ),
        advice=Text(
            en="Stay on the effective dose for some months before any taper.",
            fr="Restez plusieurs mois à la dose efficace avant toute diminution.",
        ),
    )


EFFECTIVE_DOSE = Rule(
    id="effective_dose",
    severity=Severity.INFO,
    title=Text(en="Effective dose reached?", fr="Dose efficace atteinte ?"),
    trigger=(
        f"phase = titration and, within the last {_LOOKBACK_DAYS} days, craving at or below "
        f"{CRAVING_GONE_MAX}/10 with intakes on at least {MIN_GOOD_DAYS} of {WINDOW_DAYS} "
        "consecutive days, whatever the drinking (baclo.journal.threshold). When that week's "
        "drinking is above the low-risk guideline, behavioural_therapy asks instead. Action: "
        "the plan's effective-dose event, after the patient confirms."
    ),
    # Sections "La dose efficace" and "Posologie": climb until craving disappears, whatever
    # the drinking.
    source=cite("association-baclofene"),
    check=_check_effective,
)


def _check_return(rule: Rule, state: PatientState) -> Iterator[Alert]:
    if state.phase is not Phase.TAPER:
        return
    # Craving before the taper began belongs to the cure, not to its end.
    since = _since(state)
    if state.taper_start is not None and state.taper_start > since:
        since = state.taper_start
    found = find_craving_return(
        {e.date: e for e in state.logged(_LOOKBACK_DAYS)}, taper_start=since, until=state.today
    )
    if found is None:
        return
    back_to = found.last_good_dose_mg
    to_en = (
        ""
        if back_to is None
        else f" The last dose without craving was {format_mg(back_to)} mg/day."
    )
    to_fr = (
        ""
        if back_to is None
        else f" La dernière dose sans craving était {format_mg(back_to)} mg/jour."
    )
    yield rule.alert(
        key=found.start.isoformat(),
        dates=found.craving_days,
        actions=(
            SuggestedAction(
                type=ActionType.PAUSE_TAPER,
                label=Text(
                    en="Pause the taper: keep today's dose",
                    fr="Faire une pause : garder la dose d'aujourd'hui",
                ),
            ),
        ),
        patient=Text(
            en=f"Craving came back on {len(found.craving_days)} days this week during your "
            f"taper. Pause the taper and talk to {ask_doctor(state).en}; going back one step often "
            "helps." + to_en,
            fr=f"Le craving est revenu {len(found.craving_days)} jours cette semaine pendant la "
            f"diminution. Faites une pause et parlez-en à {ask_doctor(state).fr} ; revenir au "
            "palier précédent aide souvent." + to_fr,
        ),
        prescriber=Text(
            en=f"Craving > {CRAVING_GONE_MAX}/10 on {len(found.craving_days)} days from "
            f"{format_date(found.start).en} during the taper." + to_en,
            fr=f"Craving > {CRAVING_GONE_MAX}/10 {len(found.craving_days)} jours à partir du "
            f"{format_date(found.start).fr} pendant la diminution." + to_fr,
        ),
        advice=Text(
            en="Slower tapers (-10 mg every 3-5 weeks) keep the benefit more often.",
            fr="Une diminution plus lente (-10 mg toutes les 3 à 5 semaines) garde plus souvent "
            "le bénéfice.",
        ),
    )


CRAVING_RETURN = Rule(
    id="craving_return",
    severity=Severity.WARNING,
    title=Text(en="Craving is coming back", fr="Le craving revient"),
    trigger=(
        f"phase = taper and craving above {CRAVING_GONE_MAX}/10 on at least {MIN_RETURN_DAYS} "
        f"of {WINDOW_DAYS} consecutive days within the last {_LOOKBACK_DAYS} days, counting "
        "only days from the taper's first day. Action: pause the taper (hold today's dose)."
    ),
    # Section "Diminution de la dose de baclofène après la guérison".
    source=cite("association-baclofene"),
    check=_check_return,
)

RULES = (EFFECTIVE_DOSE, CRAVING_RETURN)
