"""Side effects that are hard to bear: soften the climb, or spread the dose.

Association Baclofène 2014 ("Effets indésirables"): side effects come mostly when the dose rises
too fast; longer steps or a temporary step back soften them, and fractionating the daily dose often
helps.

Missing days: a day without an entry reports no side effect; the fractionation advice needs 3
days with side effects among the last 5, so up to 2 missing days still allow it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from baclo.errors import InputError
from baclo.journal import JournalEntry
from baclo.protocols.split import SplitRequest, split_daily_dose
from baclo.questionnaires import Text
from baclo.safety.alerts import Alert, Rule, Severity, hold_and_step_back, split_action
from baclo.safety.contact import ask_doctor
from baclo.safety.labels import format_dates, format_mg, format_ng_ml, side_effect_names
from baclo.safety.state import PatientState, Phase, SplitMode
from baclo.sources import cite

__all__ = [
    "FRACTIONATE_MIN_DAYS",
    "FRACTIONATE_MIN_SEVERITY",
    "FRACTIONATE_WINDOW_DAYS",
    "HOLD_DAYS",
    "RULES",
    "SEVERE",
    "STEP_DAYS",
    "current_dose",
]

SEVERE = 3
#: A titration step lasts about 3 days (baclo.protocols.titration), so a severe effect is
#: "current" for 3.
STEP_DAYS = 3
#: A hold proposes one more step's worth of days.
HOLD_DAYS = 3
FRACTIONATE_MIN_SEVERITY = 2
FRACTIONATE_MIN_DAYS = 3
FRACTIONATE_WINDOW_DAYS = 5

# Section "Effets indésirables".
_ASSOCIATION = cite("association-baclofene")


def current_dose(state: PatientState) -> float | None:
    """Today's planned dose, else the latest logged daily dose of the last week, else None."""
    planned = state.planned(state.today)
    if planned is not None:
        return planned
    doses = [e.dose_mg for e in state.logged(7) if e.dose_mg > 0]
    return doses[-1] if doses else None


def _peaks(state: PatientState, daily_mg: float) -> dict[str, float] | None:
    """Steady-state peaks (mg/L) of the targeted and the fractionated split of ``daily_mg``.

    Needs the craving onset the targeted split is built on; ``None`` when it is unknown or the
    split refuses the request (a dose not made of the patient's tablets, an implausible
    clearance).
    """
    if state.targeted_onset is None:
        return None
    peaks: dict[str, float] = {}
    for mode in (SplitMode.TARGETED, SplitMode.FRACTIONATED):
        request = SplitRequest(
            daily_mg=daily_mg,
            craving=state.targeted_onset,
            mode=mode,
            crcl_ml_min=state.crcl_ml_min,
            tablets=state.tablets,
        )
        peak = _model_peak(request)
        if peak is None:
            return None
        peaks[mode.value] = peak
    return peaks


#: Split peaks kept per process (a few hundred bytes each).
PEAKS_KEPT = 1024


@functools.lru_cache(maxsize=PEAKS_KEPT)
def _model_peak(request: SplitRequest) -> float | None:
    """The steady-state peak (mg/L, 3 decimals) of the split of ``request``; ``None`` when the
    split refuses it.

    A pure function of the request (every input of the split is in it, the request is frozen),
    so an answer is kept for the next saves: while side effects last the rule asks the same two
    splits on every journal save, and the targeted split's search costs several milliseconds.
    What is kept can never be stale: a changed dose, onset, clearance or tablet set is another
    request.
    """
    try:
        return round(split_daily_dose(request).metrics.peak_mg_l, 3)
    except InputError:
        return None


def _worst(entry: JournalEntry) -> int:
    return max((s.severity for s in entry.side_effects), default=0)


def _has_lower_step(state: PatientState) -> bool:
    """Whether the plan was on a lower dose before today (on its first step, it was not)."""
    today = state.planned(state.today)
    return today is not None and any(
        dose < today for date, dose in state.plan_doses.items() if date < state.today
    )


def _check_severe(rule: Rule, state: PatientState) -> Iterator[Alert]:
    if state.phase is not Phase.TITRATION:
        return
    days = [e for e in state.logged(STEP_DAYS) if _worst(e) >= SEVERE]
    if not days:
        return
    kinds = side_effect_names(s.kind for e in days for s in e.side_effects if s.severity >= SEVERE)
    dates = [e.date for e in days]
    yield rule.alert(
        key=max(dates).isoformat(),
        dates=dates,
        actions=hold_and_step_back(state.today, HOLD_DAYS, can_step_back=_has_lower_step(state)),
        patient=Text(
            en=f"You reported a severe side effect ({kinds.en}). Staying longer on this step, or "
            "going back one step, usually brings relief: choose below or ask "
            f"{ask_doctor(state).en}.",
            fr=f"Vous avez signalé un effet indésirable sévère ({kinds.fr}). Rester plus longtemps "
            "sur ce palier, ou revenir au palier précédent, soulage en général : choisissez "
            f"ci-dessous ou demandez à {ask_doctor(state).fr}.",
        ),
        prescriber=Text(
            en=f"Severe (3/3) {kinds.en} on {format_dates(dates).en} during titration; the patient "
            f"is offered to hold the step {HOLD_DAYS} days or to step back.",
            fr=f"{kinds.fr} sévère (3/3) le {format_dates(dates).fr} pendant la titration ; il est "
            f"proposé au patient de prolonger le palier de {HOLD_DAYS} jours ou de revenir au "
            "palier précédent.",
        ),
        advice=Text(
            en="Do not increase the dose while a side effect is severe. Drinking makes side "
            "effects worse.",
            fr="N'augmentez pas la dose tant qu'un effet indésirable est sévère. L'alcool "
            "aggrave les effets indésirables.",
        ),
    )


SEVERE_DURING_TITRATION = Rule(
    id="severe_side_effect",
    severity=Severity.WARNING,
    title=Text(en="Severe side effect during titration", fr="Effet indésirable sévère"),
    trigger=(
        f"phase = titration and any side effect at severity {SEVERE}/3 on a day of the last "
        f"{STEP_DAYS} days. Actions: hold the step {HOLD_DAYS} days, or step back."
    ),
    source=_ASSOCIATION,
    check=_check_severe,
)


def _check_fractionate(rule: Rule, state: PatientState) -> Iterator[Alert]:
    if state.split_mode is SplitMode.FRACTIONATED:
        return
    days = [
        e for e in state.logged(FRACTIONATE_WINDOW_DAYS) if _worst(e) >= FRACTIONATE_MIN_SEVERITY
    ]
    if len(days) < FRACTIONATE_MIN_DAYS:
        return
    dose = current_dose(state)
    params: dict[str, object] = {} if dose is None else {"daily_mg": dose}
    peaks = None if dose is None else _peaks(state, dose)
    if peaks is not None:
        params["peaks_mg_l"] = peaks
    dates = [e.date for e in days]
    per_day = Text(
        en="" if dose is None else f" ({format_mg(dose)} mg/day)",
        fr="" if dose is None else f" ({format_mg(dose)} mg/jour)",
    )
    compare = Text(en="", fr="")
    if peaks is not None:
        compare = Text(
            en=f" Model peak: {format_ng_ml(peaks['targeted'])} ng/mL targeted, "
            f"{format_ng_ml(peaks['fractionated'])} ng/mL fractionated.",
            fr=f" Pic du modèle : {format_ng_ml(peaks['targeted'])} ng/mL ciblé, "
            f"{format_ng_ml(peaks['fractionated'])} ng/mL fractionné.",
        )
    yield rule.alert(
        key=max(dates).isoformat(),
        dates=dates,
        actions=(
            split_action(
                SplitMode.FRACTIONATED,
                Text(
                    en="Spread the same dose over the day",
                    fr="Répartir la même dose sur la journée",
                ),
                **params,
            ),
        ),
        patient=Text(
            en=f"Side effects were moderate or strong on {len(days)} of the last "
            f"{FRACTIONATE_WINDOW_DAYS} days. Spreading the same daily dose{per_day.en} in smaller "
            "intakes over the day lowers the peaks and often helps." + compare.en,
            fr=f"Les effets indésirables ont été modérés ou forts {len(days)} jours sur les "
            f"{FRACTIONATE_WINDOW_DAYS} derniers. Répartir la même dose quotidienne{per_day.fr} en "
            "plus petites prises sur la journée abaisse les pics et aide souvent." + compare.fr,
        ),
        prescriber=Text(
            en=f"Side effects ≥ {FRACTIONATE_MIN_SEVERITY}/3 on {format_dates(dates).en}; a "
            "fractionated split of the same daily dose was suggested.",
            fr=f"Effets indésirables ≥ {FRACTIONATE_MIN_SEVERITY}/3 le {format_dates(dates).fr} ; "
            "une répartition fractionnée de la même dose a été suggérée.",
        ),
        advice=Text(
            en="Compare both curves' peaks before choosing; keep the intake times stable "
            "afterwards.",
            fr="Comparez les pics des deux courbes avant de choisir ; gardez ensuite des heures "
            "de prise stables.",
        ),
    )


FRACTIONATE = Rule(
    id="fractionate_split",
    severity=Severity.INFO,
    title=Text(en="Try a fractionated split", fr="Essayer des prises fractionnées"),
    trigger=(
        f"any side effect at severity >= {FRACTIONATE_MIN_SEVERITY} on at least "
        f"{FRACTIONATE_MIN_DAYS} of the last {FRACTIONATE_WINDOW_DAYS} days, and the current "
        "split is not already fractionated. Action: fractionated split of the same daily dose, "
        "with both splits' model peaks when the targeted craving onset is known."
    ),
    source=_ASSOCIATION,
    check=_check_fractionate,
)

RULES = (SEVERE_DURING_TITRATION, FRACTIONATE)
