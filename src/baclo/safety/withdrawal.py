"""Withdrawal risk: days without baclofen against the plan, and reductions that are too fast.

Abrupt stop is dangerous: baclofen withdrawal brings anxiety, agitation, insomnia, tremor,
fever, confusion, hallucinations and seizures (``leo-baer-2005``). With a half-life of about
4.4 h (``simon-2018``, the PK model of :mod:`baclo.pk`), one full day without intakes leaves a few
percent of the usual level.

Missed days are judged against the plan (the planned dose of that day), not the previous logged
day. A *fully missed* day is a past day (today is not over) logged without any intake on a day
planned at :data:`WITHDRAWAL_RISK_DOSE_MG` or more. A *partly logged* day has fewer intakes
ticked than planned: an intake not ticked is not a dose reduction, so such days are left out of the
reduction rule. Unlogged days are unknown, never "no intake".

The level left is the PK engine's next-intake scenarios
(:func:`baclo.pk.scenarios.next_intake_scenarios`) on the day after the run, with the intakes
logged before it as history, at the patient's declared creatinine clearance: the fraction of the
usual level left at midnight, and the peak a double first intake would give.

Restart rule (:data:`RESTART_LOWER_AFTER_DAYS`): after one missed day, take the next planned
intakes as usual and never a double dose to catch up (``baclocur-leaflet-2018``); after two or
more missed days, nothing of the usual level remains (model), so the full dose would act as a
first dose, and a first dose must be low and climb slowly because of sedation and overdose risk
(``haber-riordan-2021``): resume lower, with the prescriber, and climb again at the label's
pace, +10 mg every 3-4 days (``baclocur-smpc-2018``). No published source found gives the number
of days for oral baclofen: two is baclo's conservative choice, and the message says so.

Reductions: ANSM (July 2017, ``ansm-2017-80mg``) asked that patients above 80 mg/day be reduced
by 10-15 mg at most every 2 days; baclo uses 15 mg per 2 days as the fastest acceptable pace
(the same rule as :mod:`baclo.protocols.taper`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from baclo.errors import InputError
from baclo.journal import JournalEntry
from baclo.pk import DailyIntake, Dose, load_model
from baclo.pk.scenarios import NextIntakeScenario, next_intake_scenarios
from baclo.questionnaires import Text
from baclo.safety.alerts import Alert, Rule, Severity
from baclo.safety.contact import ask_doctor, call_today, who_sees
from baclo.safety.labels import (
    crcl_note,
    declared_kidneys,
    format_date,
    format_dates,
    format_mg,
)
from baclo.safety.state import PatientState
from baclo.sources import cite

__all__ = [
    "MAX_DROP_MG",
    "MAX_DROP_WINDOW_DAYS",
    "RESTART_LOWER_AFTER_DAYS",
    "RULES",
    "WITHDRAWAL_RISK_DOSE_MG",
    "MissedRun",
    "RestartEstimate",
    "find_missed_run",
    "is_partly_logged",
    "model_crcl",
    "remaining_fraction",
    "restart_estimate",
    "usual_day",
    "usual_dose",
]

#: A fully missed day at this planned dose or more is a withdrawal risk.
WITHDRAWAL_RISK_DOSE_MG = 30.0
#: From this many missed days, do not restart at the full dose.
RESTART_LOWER_AFTER_DAYS = 2
#: The latest missed day must be within this many days of today to be current.
_RECENT_DAYS = 3
_LOOKBACK_DAYS = 14
#: Days of intakes before the missed run that the PK estimate reads.
_PK_DAYS_BEFORE = 3
#: Intake times assumed when neither the plan nor the journal gives any.
_DEFAULT_TIMES = (dt.time(8), dt.time(13), dt.time(19))
MAX_DROP_MG = 15.0
MAX_DROP_WINDOW_DAYS = 2
_DROP_LOOKBACK_DAYS = 7
_TOLERANCE_MG = 1e-6

# Withdrawal signs; half-life and PK model; no double dose; a (re)start low and slow; the label's
# climb of +10 mg every 3-4 days. The 2-day gap is baclo's conservative choice (docs/safety.md).
_SOURCE = cite(
    "leo-baer-2005",
    "simon-2018",
    "baclocur-leaflet-2018",
    "haber-riordan-2021",
    "baclocur-smpc-2018",
)

_SIGNS = Text(
    en="Watch for withdrawal signs: anxiety, agitation, sleeplessness, tremor, sweating, fever, "
    "confusion, hallucinations or a seizure; call 15 at once for the last four.",
    fr="Surveillez les signes de sevrage : anxiété, agitation, insomnie, tremblements, sueurs, "
    "fièvre, confusion, hallucinations ou convulsions ; appelez le 15 immédiatement pour les "
    "quatre derniers.",
)


def usual_dose(state: PatientState, date: dt.date) -> float | None:
    """The planned dose of ``date``; without a plan, the latest dose logged before it."""
    planned = state.planned(date)
    if planned is not None:
        return planned
    before = [e.dose_mg for e in state.logged(_LOOKBACK_DAYS) if e.date < date and e.dose_mg > 0]
    return before[-1] if before else None


def _fully_missed(state: PatientState, entry: JournalEntry) -> bool:
    usual = usual_dose(state, entry.date)
    return not entry.intakes and usual is not None and usual >= WITHDRAWAL_RISK_DOSE_MG


def _planned_count(state: PatientState) -> int:
    """How many intakes a full day has: the split's, else the most logged in two weeks."""
    if state.usual_intake_times:
        return len(state.usual_intake_times)
    return max((len(e.intakes) for e in state.logged(_LOOKBACK_DAYS)), default=0)


def is_partly_logged(state: PatientState, entry: JournalEntry) -> bool:
    """Some intakes ticked, fewer than planned, and less than the planned dose."""
    planned = usual_dose(state, entry.date)
    return (
        bool(entry.intakes)
        and planned is not None
        and entry.dose_mg < planned - _TOLERANCE_MG
        and len(entry.intakes) < _planned_count(state)
    )


@dataclass(frozen=True, kw_only=True)
class MissedRun:
    """Logged days without intakes in a row (unlogged days between them are unknown)."""

    dates: tuple[dt.date, ...]
    usual_mg: float

    @property
    def days(self) -> int:
        return len(self.dates)


def find_missed_run(state: PatientState) -> MissedRun | None:
    """The current run of fully missed days before today, its latest day within 3 days."""
    run: list[dt.date] = []
    for date, entry in reversed(state.window(_LOOKBACK_DAYS)):
        # Today is not over: an entry saved in the morning before any intake is not a missed day.
        if entry is None or date == state.today:
            continue
        if _fully_missed(state, entry):
            run.append(date)
        elif entry.intakes or run:
            break
    if not run or (state.today - run[0]).days >= _RECENT_DAYS:
        return None
    usual = max(u for d in run if (u := usual_dose(state, d)) is not None)
    return MissedRun(dates=tuple(sorted(run)), usual_mg=usual)


def usual_day(state: PatientState, daily_mg: float) -> list[DailyIntake]:
    """The usual day: the split's times (else the latest logged day's, else 8, 13, 19 h)."""
    times = list(state.usual_intake_times)
    if not times:
        logged = [e for e in state.logged(_LOOKBACK_DAYS) if e.intakes]
        times = [i.time for i in logged[-1].intakes] if logged else list(_DEFAULT_TIMES)
    unique = sorted(set(times))
    return [DailyIntake(time=t, dose_mg=daily_mg / len(unique)) for t in unique]


@dataclass(frozen=True, kw_only=True)
class RestartEstimate:
    """What the PK engine says after a run of missed days (typical patient, Simon et al. 2018).

    ``remaining``: the level at the end of the run's last day over the usual level at the same
    clock time (midnight); ``doubled_peak``: the highest level if the first intake after the run
    were doubled, over the usual day's peak; ``crcl_ml_min``: the kidney function both used
    (``None``: typical kidneys).
    """

    remaining: float
    doubled_peak: float
    crcl_ml_min: float | None


def _doses_before(state: PatientState, run: MissedRun) -> list[Dose]:
    """Doses of the 3 days before the run and of the run (none), in hours since the midnight
    that ends the run (so negative). An unlogged day before the run counts as taken as planned
    (the best case); an unlogged day inside the run as nothing taken."""
    first = run.dates[0] - dt.timedelta(days=_PK_DAYS_BEFORE)
    end = run.dates[-1] + dt.timedelta(days=1)
    doses: list[Dose] = []
    for offset in range((end - first).days):
        date = first + dt.timedelta(days=offset)
        entry = state.day(date)
        if entry is not None:
            intakes = [(i.time, i.dose_mg) for i in entry.intakes]
        elif date < run.dates[0] and (planned := usual_dose(state, date)):
            intakes = [(i.time, i.dose_mg) for i in usual_day(state, planned)]
        else:
            intakes = []
        hours = (date - end).days * 24.0
        doses += [Dose(time_h=hours + t.hour + t.minute / 60, dose_mg=mg) for t, mg in intakes]
    return doses


def model_crcl(state: PatientState) -> float | None:
    """The declared clearance, or ``None`` (typical kidneys) when the model's range refuses it."""
    renal = load_model().renal
    crcl = state.crcl_ml_min
    if crcl is not None and not renal.min_crcl_ml_min < crcl <= renal.max_crcl_ml_min:
        return None
    return crcl


def restart_estimate(state: PatientState, run: MissedRun) -> RestartEstimate | None:
    """The engine's next-intake scenarios (:func:`baclo.pk.scenarios.next_intake_scenarios`) on
    the day after the run: the intakes logged before it as history against the usual week, at
    the patient's declared kidney function. ``None`` when the model refuses the schedule (then
    the message goes without the estimate)."""
    usual = usual_day(state, run.usual_mg)
    crcl = model_crcl(state)
    model = load_model()
    try:
        steady = next_intake_scenarios(
            model, usual=usual, taken_today=[], next_intake=usual[0], crcl_ml_min=crcl
        )
        after = next_intake_scenarios(
            model,
            usual=usual,
            taken_today=[],
            next_intake=usual[0],
            crcl_ml_min=crcl,
            history=_doses_before(state, run),
        )
    except InputError:
        return None
    usual_level = steady[NextIntakeScenario.AS_PLANNED].at(0.0)
    usual_peak = steady[NextIntakeScenario.AS_PLANNED].peak_mg_l
    if usual_level <= 0 or usual_peak <= 0:
        return None
    return RestartEstimate(
        remaining=min(after[NextIntakeScenario.AS_PLANNED].at(0.0) / usual_level, 1.0),
        doubled_peak=after[NextIntakeScenario.DOUBLED].peak_mg_l / usual_peak,
        crcl_ml_min=crcl,
    )


def remaining_fraction(state: PatientState, run: MissedRun) -> float | None:
    """The share of the usual level left at the end of the run (:func:`restart_estimate`)."""
    estimate = restart_estimate(state, run)
    return None if estimate is None else estimate.remaining


def _percent(fraction: float) -> Text:
    if fraction < 0.01:
        return Text(en="less than 1 %", fr="moins de 1 %")
    return Text(en=f"about {fraction * 100:.0f} %", fr=f"environ {fraction * 100:.0f} %")


def _kidneys(crcl: float | None) -> Text:
    if crcl is None:
        return Text(en="", fr="")
    declared = declared_kidneys(crcl)
    return Text(en=f" and {declared.en}", fr=f" et de {declared.fr}")


def _left(estimate: RestartEstimate | None) -> Text:
    """How much of the usual level is left, as the patient reads it (empty when unknown)."""
    if estimate is None:
        return Text(en="", fr="")
    share, kidneys = _percent(estimate.remaining), _kidneys(estimate.crcl_ml_min)
    return Text(
        en=f" The model estimates {share.en} of your usual level is left, from the intakes you "
        f"logged{kidneys.en}.",
        fr=f" D'après vos prises notées{kidneys.fr}, le modèle estime qu'il reste {share.fr} de "
        "votre taux habituel.",
    )


def _estimate_line(estimate: RestartEstimate | None) -> Text:
    """The model's numbers as the prescriber reads them (empty when unknown)."""
    if estimate is None:
        return Text(en="", fr="")
    share, crcl = _percent(estimate.remaining), crcl_note(estimate.crcl_ml_min)
    peak = f"{estimate.doubled_peak * 100:.0f} %"
    return Text(
        en=f" Model estimate (intakes logged{crcl.en}): {share.en} of the usual level left; a "
        f"double first intake would peak at {peak} of the usual peak.",
        fr=f" Estimation du modèle (prises notées{crcl.fr}) : il reste {share.fr} du taux "
        f"habituel ; une première prise doublée culminerait à {peak} du pic habituel.",
    )


def _doubled(estimate: RestartEstimate | None) -> Text:
    """What a double first intake would do, as a sentence (empty when unknown)."""
    if estimate is None:
        return Text(en="", fr="")
    peak = f"{estimate.doubled_peak * 100:.0f} %"
    return Text(
        en=f" A double first intake would take your level to about {peak} of your usual peak.",
        fr=f" Une première prise doublée porterait votre taux à environ {peak} de votre pic "
        "habituel.",
    )


#: Why the restart is gradual, and that the number of days is baclo's choice.
_CAUTION = Text(
    en=f"From {RESTART_LOWER_AFTER_DAYS} days without baclofen baclo advises this as a "
    "precaution (no published rule gives the number of days): almost nothing of your usual "
    "level is left, so a full dose would act like a first one, and guidelines ask to start low "
    "and climb slowly because of sleepiness and overdose risk.",
    fr=f"À partir de {RESTART_LOWER_AFTER_DAYS} jours sans baclofène, baclo le conseille par "
    "précaution (aucune règle publiée ne donne ce nombre de jours) : il ne reste presque rien "
    "de votre taux habituel, une dose complète agirait donc comme une première prise, et les "
    "recommandations demandent de commencer bas et de monter lentement à cause de la "
    "somnolence et du risque de surdosage.",
)


def _restart(state: PatientState, run: MissedRun) -> Text:
    if run.days < RESTART_LOWER_AFTER_DAYS:
        return Text(
            en="Restart with your next planned intakes at the usual times; never take a double "
            "dose to catch up.",
            fr="Reprenez avec vos prochaines prises prévues aux heures habituelles ; ne prenez "
            "jamais de double dose pour rattraper.",
        )
    doctor = ask_doctor(state)
    return Text(
        en=f"Do not restart at your full dose by yourself: after {run.days} days without "
        f"baclofen, resume at a lower dose agreed with {doctor.en} and climb again step by step "
        f"(+10 mg every 3 to 4 days). {_CAUTION.en}",
        fr=f"Ne reprenez pas votre dose complète de vous-même : après {run.days} jours sans "
        f"baclofène, reprenez à une dose plus faible convenue avec {doctor.fr} et remontez par "
        f"paliers (+10 mg tous les 3 à 4 jours). {_CAUTION.fr}",
    )


def _check_missed(rule: Rule, state: PatientState) -> Iterator[Alert]:
    run = find_missed_run(state)
    if run is None:
        return
    estimate = restart_estimate(state, run)
    left, seen = _left(estimate), _estimate_line(estimate)
    usual = format_mg(run.usual_mg)
    days = format_dates(run.dates)
    restart = _restart(state, run)
    # After one day the next intake is the restart: say what doubling it would do.
    doubled = _doubled(estimate) if run.days < RESTART_LOWER_AFTER_DAYS else Text(en="", fr="")
    contact = call_today(state) if run.days >= RESTART_LOWER_AFTER_DAYS else who_sees(state)
    yield rule.alert(
        key=run.dates[0].isoformat(),
        dates=run.dates,
        patient=Text(
            en=f"No baclofen was recorded on {days.en} ({run.days} day(s) planned at {usual} "
            f"mg/day).{left.en} {restart.en}{doubled.en} {contact.en}",
            fr=f"Aucune prise de baclofène notée le {days.fr} ({run.days} jour(s) prévu(s) à "
            f"{usual} mg/jour).{left.fr} {restart.fr}{doubled.fr} {contact.fr}",
        ),
        prescriber=Text(
            en=f"Days logged without intakes against the plan: {days.en} (planned {usual} "
            f"mg/day).{seen.en} Advice given: {restart.en}",
            fr=f"Jours notés sans prise par rapport au plan : {days.fr} (prévu {usual} "
            f"mg/jour).{seen.fr} Conseil donné : {restart.fr}",
        ),
        advice=_SIGNS,
    )


MISSED_INTAKES = Rule(
    id="missed_intakes",
    severity=Severity.WARNING,
    title=Text(en="Days without baclofen", fr="Jours sans baclofène"),
    trigger=(
        "the latest logged days before today include a day logged without any intake whose "
        "planned dose (or, "
        f"without a plan, the latest logged dose) is {format_mg(WITHDRAWAL_RISK_DOSE_MG)} "
        f"mg/day or more, within the last {_RECENT_DAYS} days. One day is enough. Unlogged days "
        "are unknown and neither break nor extend the run. The message gives the PK scenarios' "
        "remaining fraction of the usual level (intakes logged, declared kidney function), the "
        "peak of a double first intake, the withdrawal signs and the restart rule (from "
        f"{RESTART_LOWER_AFTER_DAYS} missed days, baclo's conservative choice: resume lower and "
        "climb again)."
    ),
    source=_SOURCE,
    check=_check_missed,
)


def _check_drop(rule: Rule, state: PatientState) -> Iterator[Alert]:
    days = _DROP_LOOKBACK_DAYS + MAX_DROP_WINDOW_DAYS
    doses = {
        e.date: e.dose_mg
        for e in state.logged(days)
        if e.dose_mg > 0 and not is_partly_logged(state, e)
    }
    drops: list[tuple[dt.date, float, float]] = []
    for date, dose in doses.items():
        if (state.today - date).days >= _DROP_LOOKBACK_DAYS:
            continue
        before = [
            doses[d]
            for back in range(1, MAX_DROP_WINDOW_DAYS + 1)
            if (d := date - dt.timedelta(days=back)) in doses
        ]
        if before and max(before) - dose > MAX_DROP_MG:
            drops.append((date, max(before), dose))
    if not drops:
        return
    date, high, low = drops[-1]
    contact = who_sees(state)
    yield rule.alert(
        key=date.isoformat(),
        dates=[d for d, _, _ in drops],
        patient=Text(
            en=f"All your intakes were ticked and your dose went from {format_mg(high)} to "
            f"{format_mg(low)} mg/day in 2 days or less. Lowering by more than "
            f"{format_mg(MAX_DROP_MG)} mg every 2 days can cause withdrawal: talk to "
            f"{ask_doctor(state).en} before going further. {contact.en}",
            fr=f"Toutes vos prises sont cochées et votre dose est passée de {format_mg(high)} "
            f"à {format_mg(low)} mg/jour en 2 jours ou moins. Baisser de plus de "
            f"{format_mg(MAX_DROP_MG)} mg tous les 2 jours peut provoquer un sevrage : parlez-en "
            f"à {ask_doctor(state).fr} avant d'aller plus loin. {contact.fr}",
        ),
        prescriber=Text(
            en=f"Dose reduced from {format_mg(high)} to {format_mg(low)} mg/day by "
            f"{format_date(date).en} (more than {format_mg(MAX_DROP_MG)} mg in "
            f"{MAX_DROP_WINDOW_DAYS} days, every planned intake logged): withdrawal risk.",
            fr=f"Dose réduite de {format_mg(high)} à {format_mg(low)} mg/jour au "
            f"{format_date(date).fr} (plus de {format_mg(MAX_DROP_MG)} mg en "
            f"{MAX_DROP_WINDOW_DAYS} jours, toutes les prises prévues notées) : risque de "
            "sevrage.",
        ),
        advice=_SIGNS,
    )


FAST_REDUCTION = Rule(
    id="fast_reduction",
    severity=Severity.WARNING,
    title=Text(en="Dose lowered too fast", fr="Baisse de dose trop rapide"),
    trigger=(
        f"a logged daily dose in the last {_DROP_LOOKBACK_DAYS} days is more than "
        f"{format_mg(MAX_DROP_MG)} mg below a logged dose of the {MAX_DROP_WINDOW_DAYS} days "
        "before it. Only days with intakes count, and a partly logged day (fewer intakes ticked "
        "than planned, below the planned dose) is not a reduction."
    ),
    # ANSM, July 2017: reduce by 10-15 mg at most every 2 days.
    source=cite("ansm-2017-80mg", "leo-baer-2005"),
    check=_check_drop,
)

RULES = (MISSED_INTAKES, FAST_REDUCTION)
