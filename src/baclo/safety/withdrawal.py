"""Withdrawal risk: days without baclofen at a meaningful dose, and reductions that are too fast.

Abrupt stop is dangerous: withdrawal can bring seizures, hallucinations, confusion and
hyperthermia (``baclocur-smpc-2018``). ANSM (July 2017) asked that patients above 80 mg/day be
reduced by 10-15 mg at most every 2 days; baclo uses 15 mg per 2 days as the fastest acceptable
pace (the same rule as :mod:`baclo.protocols.taper`).

Missing days are unknown, never "no intake": the missed-intake rule counts only days that were
logged without any intake, and the reduction rule compares only logged days with intakes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from baclo.questionnaires import Text
from baclo.safety.alerts import Alert, Rule, Severity
from baclo.safety.labels import format_dates, format_mg
from baclo.safety.state import PatientState
from baclo.sources import cite

__all__ = [
    "MAX_DROP_MG",
    "MAX_DROP_WINDOW_DAYS",
    "MIN_MISSED_DAYS",
    "RULES",
    "WITHDRAWAL_RISK_DOSE_MG",
]

#: Above this daily dose, two days without intakes are a withdrawal risk (docs/safety.md).
WITHDRAWAL_RISK_DOSE_MG = 30.0
MIN_MISSED_DAYS = 2
#: The run of missed days must end within this many days of today to be current.
_RECENT_DAYS = 3
_LOOKBACK_DAYS = 14
MAX_DROP_MG = 15.0
MAX_DROP_WINDOW_DAYS = 2
_DROP_LOOKBACK_DAYS = 7

# Abrupt stop: seizures, hallucinations, confusion; ANSM, July 2017: reduce by 10-15 mg at most
# every 2 days.
_SOURCE = cite("baclocur-smpc-2018", "ansm-2017-80mg")

_DONT_RESTART = Text(
    en="Do not restart at your full dose without medical advice; do not drive if you feel unwell.",
    fr="Ne reprenez pas directement votre dose complète sans avis médical ; ne conduisez pas si "
    "vous ne vous sentez pas bien.",
)


def _check_missed(rule: Rule, state: PatientState) -> Iterator[Alert]:
    logged = state.logged(_LOOKBACK_DAYS)
    run: list[dt.date] = []
    reference = 0.0
    for entry in reversed(logged):
        if entry.dose_mg > 0:
            reference = entry.dose_mg
            break
        run.append(entry.date)
    if len(run) < MIN_MISSED_DAYS or (state.today - run[0]).days >= _RECENT_DAYS:
        return
    planned = [p for d in run if (p := state.planned(d)) is not None]
    reference = max([reference, *planned])
    if reference <= WITHDRAWAL_RISK_DOSE_MG:
        return
    yield rule.alert(
        key=min(run).isoformat(),
        dates=run,
        patient=Text(
            en=f"No intake was recorded on {len(run)} days ({format_dates(run)}), after "
            f"{format_mg(reference)} mg/day. Stopping baclofen suddenly can cause a dangerous "
            "withdrawal (seizures, confusion, hallucinations). Contact your prescriber today.",
            fr=f"Aucune prise n'a été notée pendant {len(run)} jours ({format_dates(run)}), après "
            f"{format_mg(reference)} mg/jour. Un arrêt brutal du baclofène peut provoquer un "
            "sevrage dangereux (convulsions, confusion, hallucinations). Contactez votre "
            "prescripteur aujourd'hui.",
        ),
        prescriber=Text(
            en=f"Days logged without intakes: {format_dates(run)}, previous dose "
            f"{format_mg(reference)} mg/day: withdrawal risk.",
            fr=f"Jours notés sans prise : {format_dates(run)}, dose précédente "
            f"{format_mg(reference)} mg/jour : risque de sevrage.",
        ),
        advice=_DONT_RESTART,
    )


MISSED_INTAKES = Rule(
    id="missed_intakes",
    severity=Severity.WARNING,
    title=Text(en="Days without baclofen", fr="Jours sans baclofène"),
    trigger=(
        f"the latest {MIN_MISSED_DAYS} or more logged days have no intake, the latest of them "
        f"within the last {_RECENT_DAYS} days, and the previous logged dose (or the planned "
        f"dose on those days) is above {format_mg(WITHDRAWAL_RISK_DOSE_MG)} mg/day. Unlogged "
        "days are unknown and neither break nor extend the run."
    ),
    source=_SOURCE,
    check=_check_missed,
)


def _check_drop(rule: Rule, state: PatientState) -> Iterator[Alert]:
    days = _DROP_LOOKBACK_DAYS + MAX_DROP_WINDOW_DAYS
    doses = {e.date: e.dose_mg for e in state.logged(days) if e.dose_mg > 0}
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
    yield rule.alert(
        key=date.isoformat(),
        dates=[d for d, _, _ in drops],
        patient=Text(
            en=f"Your dose went from {format_mg(high)} to {format_mg(low)} mg/day in 2 days or "
            f"less. Lowering by more than {format_mg(MAX_DROP_MG)} mg every 2 days can cause "
            "withdrawal. Talk to your prescriber before going further.",
            fr=f"Votre dose est passée de {format_mg(high)} à {format_mg(low)} mg/jour en 2 "
            f"jours ou moins. Baisser de plus de {format_mg(MAX_DROP_MG)} mg tous les 2 jours "
            "peut provoquer un sevrage. Parlez-en à votre prescripteur avant d'aller plus loin.",
        ),
        prescriber=Text(
            en=f"Dose reduced from {format_mg(high)} to {format_mg(low)} mg/day by "
            f"{date.isoformat()} (more than {format_mg(MAX_DROP_MG)} mg in "
            f"{MAX_DROP_WINDOW_DAYS} days): withdrawal risk.",
            fr=f"Dose réduite de {format_mg(high)} à {format_mg(low)} mg/jour au "
            f"{date.isoformat()} (plus de {format_mg(MAX_DROP_MG)} mg en "
            f"{MAX_DROP_WINDOW_DAYS} jours) : risque de sevrage.",
        ),
        advice=_DONT_RESTART,
    )


FAST_REDUCTION = Rule(
    id="fast_reduction",
    severity=Severity.WARNING,
    title=Text(en="Dose lowered too fast", fr="Baisse de dose trop rapide"),
    trigger=(
        f"a logged daily dose in the last {_DROP_LOOKBACK_DAYS} days is more than "
        f"{format_mg(MAX_DROP_MG)} mg below a logged dose of the {MAX_DROP_WINDOW_DAYS} days "
        "before it (days with intakes only; days without intakes belong to missed_intakes)."
    ),
    source=_SOURCE,
    check=_check_drop,
)

RULES = (MISSED_INTAKES, FAST_REDUCTION)
