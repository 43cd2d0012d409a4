"""Late intakes against the plan: one taken so late that the next planned intake is closer.

An intake answering a planned one (``Intake.planned``, recorded by the one-tap journal) taken at
least :data:`LATE_AFTER_H` hours after its planned time and nearer to the next planned intake of
the day than to its own time puts two intakes close together. Taking the next one doubled "to
catch up" is what the package leaflet forbids (``baclocur-leaflet-2018``: never a double dose to
make up for a forgotten one), and an extra early intake stacks the same way. So the rule says:
take the next intake at its planned time, never doubled, and what the level will do, from the PK
engine's next-intake scenarios (:func:`baclo.pk.scenarios.next_intake_scenarios`, the model of
``simon-2018``) at the declared kidney function: today's highest level after the late intake
with the next one as planned (``AS_PLANNED``), doubled (``DOUBLED``), or shifted by the same
delay (``LATE``, shown to the prescriber only: the leaflet says to go on with the usual times).

When it fires: today's entry only (the advice is about an intake still to come), while the next
planned intake is not answered (neither ticked nor skipped) and nothing is logged at or after its
time. The last planned intake of the day has no next one the same day, so it never fires (the
night is longer than twice the delay that would be needed). Both numbers, 2 hours and "closer to
the next than to its own time", are baclo's conservative choice: the leaflet gives no number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from baclo.errors import InputError
from baclo.journal import Intake, JournalEntry
from baclo.pk import DailyIntake, load_model
from baclo.pk.scenarios import MAX_LATE_H, NextIntakeScenario, next_intake_scenarios
from baclo.pk.schedule import HOURS_PER_DAY
from baclo.questionnaires import Text
from baclo.safety.alerts import Alert, Rule, Severity
from baclo.safety.contact import who_sees
from baclo.safety.labels import crcl_note, declared_kidneys
from baclo.safety.state import PatientState
from baclo.safety.withdrawal import model_crcl, usual_day, usual_dose
from baclo.sources import cite

__all__ = [
    "LATE_AFTER_H",
    "RULES",
    "LateEstimate",
    "LateIntake",
    "find_late_intake",
    "late_estimate",
]

#: An intake this many hours after its planned time, or more, is late.
LATE_AFTER_H = 2.0

_SIGNS = Text(
    en="Signs of too much baclofen: unusual drowsiness, confusion, slurred speech, unsteadiness, "
    "slow breathing. Call 15 at once if someone is very drowsy, confused or breathes slowly, and "
    "do not drive while drowsy.",
    fr="Signes de trop de baclofène : somnolence inhabituelle, confusion, difficulté à parler, "
    "démarche instable, respiration lente. Appelez le 15 immédiatement si une personne est très "
    "somnolente, confuse ou respire lentement, et ne conduisez pas si vous êtes somnolent.",
)


def _hours(time: dt.time) -> float:
    return time.hour + time.minute / 60 + time.second / 3600


def _duration(hours: float) -> str:
    """``3 h 05``: a delay as people read it, in both languages."""
    minutes = round(hours * 60)
    return f"{minutes // 60} h {minutes % 60:02d}"


@dataclass(frozen=True, kw_only=True)
class LateIntake:
    """A late intake of today and the next planned intake it is close to."""

    intake: Intake
    planned: dt.time
    next_time: dt.time

    @property
    def late_h(self) -> float:
        return _hours(self.intake.time) - _hours(self.planned)

    @property
    def to_next_h(self) -> float:
        return _hours(self.next_time) - _hours(self.intake.time)


def _next_planned(state: PatientState, planned: dt.time) -> dt.time | None:
    return min((t for t in state.usual_intake_times if t > planned), default=None)


def _late_one(state: PatientState, entry: JournalEntry, intake: Intake) -> LateIntake | None:
    if intake.planned is None:
        return None
    next_time = _next_planned(state, intake.planned)
    if next_time is None:
        return None
    answered = {i.planned for i in entry.intakes} | set(entry.skipped)
    if next_time in answered or any(i.time >= next_time for i in entry.intakes):
        return None
    late = LateIntake(intake=intake, planned=intake.planned, next_time=next_time)
    if late.late_h >= LATE_AFTER_H and late.late_h > late.to_next_h:
        return late
    return None


def find_late_intake(state: PatientState) -> LateIntake | None:
    """Today's latest intake taken late and closer to a next planned intake not answered yet."""
    entry = state.day(state.today)
    if entry is None:
        return None
    for intake in sorted(entry.intakes, key=lambda i: i.time, reverse=True):
        if (late := _late_one(state, entry, intake)) is not None:
            return late
    return None


@dataclass(frozen=True, kw_only=True)
class LateEstimate:
    """Today's highest level after the late intake over the usual day's peak, for each way of
    taking the next intake (typical patient of ``simon-2018``, at ``crcl_ml_min``)."""

    as_planned: float
    doubled: float
    shifted: float
    crcl_ml_min: float | None


def late_estimate(state: PatientState, late: LateIntake) -> LateEstimate | None:
    """The scenarios of the next intake after today's logged ones, against the usual day's;
    ``None`` without a planned dose or when the model refuses the schedule."""
    daily, entry = usual_dose(state, state.today), state.day(state.today)
    if daily is None or daily <= 0 or entry is None:
        return None
    usual = usual_day(state, daily)
    upcoming = next(i for i in usual if i.time == late.next_time)
    taken = [DailyIntake(time=i.time, dose_mg=i.dose_mg) for i in entry.intakes]
    on_time = [i for i in usual if i.time < late.next_time]
    crcl, model = model_crcl(state), load_model()
    try:
        now = next_intake_scenarios(
            model,
            usual=usual,
            taken_today=taken,
            next_intake=upcoming,
            late_h=min(late.late_h, MAX_LATE_H),
            crcl_ml_min=crcl,
        )
        steady = next_intake_scenarios(
            model, usual=usual, taken_today=on_time, next_intake=upcoming, crcl_ml_min=crcl
        )
    except InputError:
        return None
    usual_peak = steady[NextIntakeScenario.AS_PLANNED].peak_mg_l
    if usual_peak <= 0:
        return None
    start, end = _hours(late.intake.time), HOURS_PER_DAY + late.late_h

    def ratio(scenario: NextIntakeScenario) -> float:
        return now[scenario].highest_mg_l(start, end) / usual_peak

    return LateEstimate(
        as_planned=ratio(NextIntakeScenario.AS_PLANNED),
        doubled=ratio(NextIntakeScenario.DOUBLED),
        shifted=ratio(NextIntakeScenario.LATE),
        crcl_ml_min=crcl,
    )


def _percent(ratio: float) -> str:
    return f"{ratio * 100:.0f} %"


def _model_says(estimate: LateEstimate | None) -> Text:
    if estimate is None:
        return Text(en="", fr="")
    kidneys = Text(en="", fr="")
    if estimate.crcl_ml_min is not None:
        declared = declared_kidneys(estimate.crcl_ml_min)
        kidneys = Text(en=f" at {declared.en}", fr=f" avec {declared.fr}")
    planned, doubled = _percent(estimate.as_planned), _percent(estimate.doubled)
    return Text(
        en=f" The model puts your highest level from now on at about {planned} of your usual "
        f"peak{kidneys.en}, and at about {doubled} if the next intake were doubled.",
        fr=f" Le modèle place votre taux le plus haut à partir de maintenant à environ {planned} "
        f"de votre pic habituel{kidneys.fr}, et à environ {doubled} si la prochaine prise était "
        "doublée.",
    )


def _for_prescriber(estimate: LateEstimate | None) -> Text:
    if estimate is None:
        return Text(en="", fr="")
    crcl = crcl_note(estimate.crcl_ml_min)
    planned, doubled = _percent(estimate.as_planned), _percent(estimate.doubled)
    shifted = _percent(estimate.shifted)
    return Text(
        en=f" Model (logged intakes{crcl.en}): highest level {planned} of the usual peak with the "
        f"next intake as planned, {doubled} if doubled, {shifted} if shifted by the same delay.",
        fr=f" Modèle (prises notées{crcl.fr}) : taux le plus haut à {planned} du pic habituel avec "
        f"la prochaine prise à l'heure, {doubled} si elle est doublée, {shifted} si elle est "
        "décalée du même retard.",
    )


def _check_late(rule: Rule, state: PatientState) -> Iterator[Alert]:
    late = find_late_intake(state)
    if late is None:
        return
    planned, taken, upcoming = (
        f"{t:%H:%M}" for t in (late.planned, late.intake.time, late.next_time)
    )
    delay = _duration(late.late_h)
    estimate = late_estimate(state, late)
    model, seen, contact = _model_says(estimate), _for_prescriber(estimate), who_sees(state)
    yield rule.alert(
        key=f"{state.today.isoformat()}:{planned}",
        dates=[state.today],
        patient=Text(
            en=f"Your {planned} intake was taken at {taken}, {delay} late: closer to your next one "
            f"({upcoming}) than to its own time. Take your next intake at {upcoming} as planned "
            f"and never double it to catch up.{model.en} {contact.en}",
            fr=f"Votre prise de {planned} a été prise à {taken}, avec {delay} de retard : plus "
            f"près de la suivante ({upcoming}) que de son heure. Prenez la suivante à {upcoming} "
            f"comme prévu et ne la doublez jamais pour rattraper.{model.fr} {contact.fr}",
        ),
        prescriber=Text(
            en=f"Intake planned at {planned} taken at {taken} ({delay} late), closer to the next "
            f"planned intake ({upcoming}, not answered yet).{seen.en} Advice given: take the next "
            "intake as planned, never doubled.",
            fr=f"Prise prévue à {planned} prise à {taken} ({delay} de retard), plus près de la "
            f"prise suivante ({upcoming}, pas encore renseignée).{seen.fr} Conseil donné : "
            "prendre la suivante à l'heure, jamais doublée.",
        ),
        advice=_SIGNS,
    )


LATE_INTAKE = Rule(
    id="late_intake",
    severity=Severity.WARNING,
    title=Text(en="Late intake close to the next one", fr="Prise en retard proche de la suivante"),
    trigger=(
        "an intake of today answering a planned one was taken at least "
        f"{LATE_AFTER_H:g} hours after its planned time and closer to the next planned intake of "
        "the day than to its own time, while that next intake is not answered yet (neither "
        "ticked nor skipped, nothing logged at or after its time). The message says to take the "
        "next intake as planned, never doubled, with the PK scenarios' highest level (as "
        "planned, doubled; shifted for the prescriber) at the declared kidney function. Both "
        "thresholds are baclo's conservative choice."
    ),
    # No double dose to catch up; the PK model; signs of too much baclofen.
    source=cite("baclocur-leaflet-2018", "simon-2018", "chen-1997"),
    check=_check_late,
    # The advice is about the next intake of that day: stale the day after.
    shown_days=1,
)

RULES = (LATE_INTAKE,)
