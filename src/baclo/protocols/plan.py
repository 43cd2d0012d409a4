"""The plan engine: a titration, a start date, a ceiling and events become daily doses.

Why a step machine rather than a formula: real treatments do not follow the table. Side
effects make people *hold* a step a few more days or *step back* one step before climbing
again, and the climb stops for good once craving has gone (*effective dose reached*, seed:
"jusqu'a disparition totale du craving"). Events are data with a date, so a plan is
reproducible from ``{protocol, parameters, start, ceiling, events}`` alone (:meth:`Plan.to_dict`
and :meth:`Plan.from_dict`).

Safety: no day is ever above the ceiling (default 80 mg/day, the label maximum; hard limit
300 mg/day, see :mod:`baclo.protocols.ceiling`). When the ceiling cuts the protocol the plan
says so (``capped``) and holds the largest dose the patient's tablets make under the ceiling.
Every day's dose is made of the patient's tablets (:mod:`baclo.protocols.tablets`): a protocol
step they cannot make is refused, never rounded. A declared creatinine clearance below 60 mL/min
lengthens every step and adds the renal ceiling advice (:mod:`baclo.pk.renal`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from baclo.errors import FieldError, ValidationError
from baclo.pk.renal import ceiling_advice, check_crcl, mild_note_text, renal_days_per_step
from baclo.protocols.ceiling import Notice, NoticeCode, ceiling_notices, check_ceiling
from baclo.protocols.inputs import mg_json, parse_date
from baclo.protocols.tablets import DEFAULT_TABLETS, TabletCode, TabletSet
from baclo.protocols.titration import (
    LABEL_MAX_MG,
    PROTOCOLS,
    TITRATION_PARAMETERS,
    ProtocolId,
    Titration,
    make_titration,
)
from baclo.questionnaires import Text
from baclo.text import date_fr, number_fr

__all__ = [
    "DEFAULT_HORIZON_DAYS",
    "MAX_HORIZON_DAYS",
    "EventKind",
    "Plan",
    "PlanDay",
    "PlanEvent",
    "PlanSpec",
    "build_plan",
]

DEFAULT_HORIZON_DAYS = 21
MAX_HORIZON_DAYS = 730


class EventKind(enum.StrEnum):
    """What can happen to a plan on a given date."""

    HOLD = "hold"
    """Stay on the current step ``days`` more days, then resume the climb."""
    STEP_BACK = "step_back"
    """Go back to the previous step for a full step, then resume the climb."""
    EFFECTIVE_DOSE = "effective_dose"
    """Craving has gone: stay on this dose (a later step back returns to it, not above)."""


@dataclass(frozen=True, kw_only=True)
class PlanEvent:
    """One event, effective from the morning of ``on``."""

    kind: EventKind
    on: dt.date
    days: int = 0

    def __post_init__(self) -> None:
        if self.kind is EventKind.HOLD and self.days < 1:
            raise FieldError(
                "events.days",
                Text(
                    en=f"a hold lasts 1 day or more, got {self.days}",
                    fr=f"une pause dure 1 jour ou plus, reçu {self.days}",
                ),
            )
        if self.kind is not EventKind.HOLD and self.days != 0:
            raise FieldError(
                "events.days",
                Text(
                    en=f"only a hold has a number of days ({self.kind})",
                    fr=f"seule une pause a un nombre de jours ({self.kind})",
                ),
            )

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind.value, "date": self.on.isoformat()}
        if self.kind is EventKind.HOLD:
            data["days"] = self.days
        return data

    @classmethod
    def from_dict(cls, data: Any, path: str = "events") -> PlanEvent:
        """An event from its JSON; errors name the field under ``path`` (``events.kind``)."""
        if not isinstance(data, Mapping):
            raise FieldError(path, _expected(data, "an object", "un objet"))
        try:
            kind = EventKind(str(data.get("kind")))
        except ValueError:
            known = ", ".join(k.value for k in EventKind)
            kind_given = f"{data.get('kind')!r}"
            raise FieldError(
                f"{path}.kind",
                Text(
                    en=f"unknown event {kind_given}; choose one of {known}",
                    fr=f"changement inconnu {kind_given} ; possibles : {known}",
                ),
            ) from None
        days = data.get("days", 0)
        if not isinstance(days, int) or isinstance(days, bool):
            raise FieldError(
                f"{path}.days",
                _expected(days, "a whole number of days", "un nombre entier de jours"),
            )
        return cls(kind=kind, on=parse_date(f"{path}.date", str(data.get("date"))), days=days)


@dataclass(frozen=True, kw_only=True)
class PlanSpec:
    """Everything that determines a plan; the web app stores this."""

    titration: Titration
    start: dt.date
    ceiling_mg: float = LABEL_MAX_MG
    horizon_days: int = DEFAULT_HORIZON_DAYS
    events: tuple[PlanEvent, ...] = ()
    tablets: TabletSet = DEFAULT_TABLETS
    crcl_ml_min: float | None = None
    """Declared creatinine clearance (mL/min); None: normal renal function."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "protocol": self.titration.protocol.value,
            "parameters": {
                name: value if isinstance(value, int) else mg_json(value)
                for name, value in self.titration.parameters().items()
                if value is not None
            },
            "start": self.start.isoformat(),
            "ceiling_mg": mg_json(self.ceiling_mg),
            "horizon_days": self.horizon_days,
            "events": [event.to_dict() for event in self.events],
            "tablets": self.tablets.to_dict(),
            "crcl_ml_min": self.crcl_ml_min,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PlanSpec:
        """A spec from its JSON; every bad field is reported at once (``ValidationError``)."""
        raw_events = data.get("events") or []
        if not isinstance(raw_events, Sequence) or isinstance(raw_events, str):
            raise FieldError("events", _expected(raw_events, "a list", "une liste"))
        built = _build_all(
            {
                "titration": partial(_titration, data),
                "start": partial(parse_date, "start", str(data.get("start"))),
                "ceiling_mg": partial(_number, data, "ceiling_mg", LABEL_MAX_MG),
                "horizon_days": partial(_whole, data, "horizon_days", DEFAULT_HORIZON_DAYS),
                "tablets": partial(_tablets, data),
                "crcl_ml_min": partial(_crcl, data),
                **{
                    # Field names stay "events.<field>": the web API reports them so.
                    f"events[{i}]": partial(PlanEvent.from_dict, event)
                    for i, event in enumerate(raw_events)
                },
            }
        )
        return cls(
            titration=built["titration"],
            start=built["start"],
            ceiling_mg=built["ceiling_mg"],
            horizon_days=built["horizon_days"],
            events=tuple(built[f"events[{i}]"] for i in range(len(raw_events))),
            tablets=built["tablets"],
            crcl_ml_min=built["crcl_ml_min"],
        )


def _build_all(builders: Mapping[str, Callable[[], Any]]) -> dict[str, Any]:
    """Run every builder; raise all their ``FieldError`` together, or return what they built."""
    built: dict[str, Any] = {}
    errors: list[FieldError] = []
    for name, build in builders.items():
        try:
            built[name] = build()
        except FieldError as error:
            errors.append(error)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ValidationError(errors)
    return built


def _titration(data: Mapping[str, Any]) -> Titration:
    protocol = str(data.get("protocol"))
    parameters = data.get("parameters") or {}
    if not isinstance(parameters, Mapping):
        raise FieldError("parameters", _expected(parameters, "an object", "un objet"))
    # Fixed tables store their numbers for readers; only label and custom take them back.
    if protocol not in (ProtocolId.LABEL, ProtocolId.CUSTOM):
        return make_titration(protocol)
    unknown = sorted(set(parameters) - set(TITRATION_PARAMETERS))
    if unknown:
        raise FieldError(
            "parameters",
            Text(en=f"unknown parameter {unknown[0]!r}", fr=f"paramètre inconnu {unknown[0]!r}"),
        )
    numbers: dict[str, Any] = {
        name: None if parameters.get(name) is None else _number(parameters, name, 0.0)
        for name in TITRATION_PARAMETERS
    }
    if numbers["days_per_step"] is not None:
        numbers["days_per_step"] = _whole(parameters, "days_per_step", 0)
    return make_titration(protocol, **numbers)


def _tablets(data: Mapping[str, Any]) -> TabletSet:
    raw = data.get("tablets")
    if raw is None:
        return DEFAULT_TABLETS
    if not isinstance(raw, Mapping):
        raise FieldError("tablets", _expected(raw, "an object", "un objet"))
    return TabletSet.from_dict(raw)


def _crcl(data: Mapping[str, Any]) -> float | None:
    if data.get("crcl_ml_min") is None:
        return None
    return check_crcl(_number(data, "crcl_ml_min", 0.0))


def _whole(data: Mapping[str, Any], field: str, default: int) -> int:
    value = data.get(field, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(field, _expected(value, "a whole number", "un nombre entier"))
    return value


def _number(data: Mapping[str, Any], field: str, default: float) -> float:
    value = data.get(field, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FieldError(field, _expected(value, "a number", "un nombre"))
    return float(value)


def _expected(value: Any, english: str, french: str) -> Text:
    """``expected a list, got 'x'`` in both languages: a stored value of the wrong kind."""
    return Text(en=f"expected {english}, got {value!r}", fr=f"{french} attendu, reçu {value!r}")


@dataclass(frozen=True, kw_only=True)
class PlanDay:
    """One day of a plan: its date, its dose (mg/day) and its step (0-based)."""

    date: dt.date
    dose_mg: float
    step: int


@dataclass(frozen=True, kw_only=True)
class Plan:
    """A day-by-day plan and what must be said about it."""

    spec: PlanSpec
    days: tuple[PlanDay, ...]
    capped_from: dt.date | None
    """First day on which the ceiling cut the protocol's dose, if any."""
    notices: tuple[Notice, ...]
    days_per_step: int
    """Days per step actually planned: the protocol's, longer with reduced renal function."""

    @property
    def capped(self) -> bool:
        return self.capped_from is not None

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``baclo plan --format json`` (docs/architecture.md), plus the spec."""
        spec = self.spec.to_dict()
        return {
            "protocol": spec["protocol"],
            "ceiling_mg": spec["ceiling_mg"],
            "days": [
                {"date": day.date.isoformat(), "dose_mg": mg_json(day.dose_mg)} for day in self.days
            ],
            "capped": self.capped,
            "capped_from": None if self.capped_from is None else self.capped_from.isoformat(),
            "start": spec["start"],
            "parameters": spec["parameters"],
            "events": spec["events"],
            "notices": [n.to_dict() for n in self.notices],
            "source": self.spec.titration.info.source,
            "days_per_step": self.days_per_step,
            "tablets": spec["tablets"],
            "crcl_ml_min": spec["crcl_ml_min"],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Plan:
        """Rebuild a plan from :meth:`to_dict` output; the days are recomputed, not trusted."""
        days = data.get("days")
        if not isinstance(days, Sequence) or not days:
            raise FieldError("days", f"expected a non-empty list of days, got {days!r}")
        return build_plan(PlanSpec.from_dict({**data, "horizon_days": len(days)}))


@dataclass
class _Climb:
    """The mutable state of the step machine, private to :func:`build_plan`."""

    step: int
    days_left: int
    stop_at: int | None = None


def build_plan(spec: PlanSpec) -> Plan:
    """Compute the daily doses of ``spec``.

    Raises ``InputError`` when the ceiling is impossible (not positive, above 300 mg/day, or
    below the protocol's first dose), a protocol step is a dose the tablets cannot make, the
    declared clearance is out of range, the horizon is outside 1-730 days, or an event cannot
    apply (before the start, or a step back from the first step).

    >>> import datetime as dt
    >>> plan = build_plan(PlanSpec(titration=make_titration("ameisen"), start=dt.date(2026, 1, 5)))
    >>> [d.dose_mg for d in plan.days[:7]], plan.capped
    ([30.0, 30.0, 30.0, 50.0, 50.0, 50.0, 70.0], True)
    """
    ceiling = check_ceiling(spec.ceiling_mg)
    crcl = None if spec.crcl_ml_min is None else check_crcl(spec.crcl_ml_min)
    titration, tablets = spec.titration, spec.tablets
    # The largest dose the tablets make under the ceiling is the plan's real top.
    top = tablets.round_down(ceiling)
    if top < titration.step_dose(0):
        first, name = titration.step_dose(0), PROTOCOLS[titration.protocol].title
        raise FieldError(
            "ceiling_mg",
            Text(
                en=f"ceiling {ceiling:g} mg/day is below the first dose of the {name.en} "
                f"protocol ({first:g} mg/day)",
                fr=f"le plafond de {number_fr(ceiling)} mg/jour est sous la première dose du "
                f"protocole {name.fr} ({number_fr(first)} mg/jour)",
            ),
            code="below_first_dose",
        )
    if not 1 <= spec.horizon_days <= MAX_HORIZON_DAYS:
        raise FieldError(
            "days", f"must be 1-{MAX_HORIZON_DAYS} days, got {spec.horizon_days}", code="range"
        )
    events_by_date: dict[dt.date, list[PlanEvent]] = {}
    for event in spec.events:
        if event.on < spec.start:
            raise FieldError(
                "events.date",
                Text(
                    en=f"event {event.kind.value} on {event.on} is before the plan starts "
                    f"({spec.start})",
                    fr=f"un changement du {date_fr(event.on)} précède le début du plan "
                    f"({date_fr(spec.start)})",
                ),
                code="before_start",
            )
        events_by_date.setdefault(event.on, []).append(event)

    step_days = renal_days_per_step(titration.days_per_step, crcl)
    climb = _Climb(step=0, days_left=step_days)
    days: list[PlanDay] = []
    capped_from: dt.date | None = None
    for offset in range(spec.horizon_days):
        date = spec.start + dt.timedelta(days=offset)
        for event in events_by_date.get(date, ()):
            _apply(event, climb, step_days)
        dose = titration.step_dose(climb.step)
        if capped_from is None and dose > top:
            capped_from = date
        days.append(PlanDay(date=date, dose_mg=_takeable(min(dose, top), spec), step=climb.step))
        climb.days_left -= 1
        if climb.days_left == 0:
            climb.days_left = step_days
            if _may_climb(climb, titration, top):
                climb.step += 1
    notices = (
        *ceiling_notices(ceiling),
        *_tablet_notices(ceiling, top, tablets),
        *_renal_notices(spec, crcl, step_days),
    )
    return Plan(
        spec=spec,
        days=tuple(days),
        capped_from=capped_from,
        notices=notices,
        days_per_step=step_days,
    )


def _takeable(dose: float, spec: PlanSpec) -> float:
    if not spec.tablets.can_make(dose):
        name, why = (
            PROTOCOLS[spec.titration.protocol].title,
            spec.tablets.not_takeable_message(dose),
        )
        raise FieldError(
            "tablets",
            Text(
                en=f"the {name.en} protocol's step of {dose:g} mg/day: {why.en}; choose other "
                "tablets or protocol",
                fr=f"la marche de {number_fr(dose)} mg/jour du protocole {name.fr} : {why.fr} ; "
                "choisissez d'autres comprimés ou un autre protocole",
            ),
            code=TabletCode.NOT_TAKEABLE,
        )
    return dose


def _tablet_notices(ceiling: float, top: float, tablets: TabletSet) -> tuple[Notice, ...]:
    if top == ceiling:
        return ()
    return (
        Notice(
            code=NoticeCode.TABLETS_ROUND_CEILING,
            message=(
                f"{tablets.label().en} cannot make {ceiling:g} mg/day: the plan stops at "
                f"{top:g} mg/day, the largest takeable dose under the ceiling"
            ),
        ),
    )


def _renal_notices(spec: PlanSpec, crcl: float | None, step_days: int) -> tuple[Notice, ...]:
    """Longer steps and Vlavonou's ceiling advice below 60 mL/min; an information note at
    60-90 mL/min (:mod:`baclo.pk.renal`)."""
    note = mild_note_text(crcl)
    if note is not None:
        return (Notice(code=NoticeCode.RENAL_MILD, message=note.en, text=note),)
    advice = ceiling_advice(crcl, spec.ceiling_mg)
    if advice is None:
        return ()
    # Vlavonou's cut applied to the ceiling, rounded down to a dose the tablets make.
    advice = dataclasses.replace(
        advice, suggested_ceiling_mg=spec.tablets.round_down(advice.suggested_ceiling_mg)
    )
    crcl_text, usual = f"{advice.crcl_ml_min:g}", spec.titration.days_per_step
    half_life = f"{advice.half_life_h:.1f}"
    longer = Text(
        en=(
            f"creatinine clearance {crcl_text} mL/min: each step lasts {step_days} days instead "
            f"of {usual}, long enough to reach steady state (five half-lives of about "
            f"{half_life} h) and watch it as long as with normal kidneys"
        ),
        fr=(
            f"clairance de la créatinine {crcl_text} mL/min : chaque palier dure {step_days} "
            f"jours au lieu de {usual}, assez pour atteindre l'état d'équilibre (cinq "
            f"demi-vies d'environ {half_life.replace('.', ',')} h) et l'observer aussi "
            "longtemps qu'avec des reins normaux"
        ),
    )
    return (
        Notice(code=NoticeCode.RENAL_LONGER_STEPS, message=longer.en, text=longer),
        Notice(code=NoticeCode.RENAL_CEILING_ADVICE, message=advice.message, text=advice.text),
    )


def _may_climb(climb: _Climb, titration: Titration, ceiling: float) -> bool:
    # The step counter stops on the top step (ceiling or protocol maximum), so that a step
    # back from a plateau really lowers the dose.
    if climb.stop_at is not None and climb.step >= climb.stop_at:
        return False
    dose = titration.step_dose(climb.step)
    return dose < ceiling and titration.step_dose(climb.step + 1) > dose


def _apply(event: PlanEvent, climb: _Climb, step_days: int) -> None:
    if event.kind is EventKind.HOLD:
        climb.days_left += event.days
    elif event.kind is EventKind.STEP_BACK:
        if climb.step == 0:
            raise FieldError(
                "events",
                Text(
                    en=f"cannot step back on {event.on}: the plan is on its first step",
                    fr=f"impossible de redescendre d'une marche le {date_fr(event.on)} : le plan "
                    "est à sa première marche",
                ),
                code="no_lower_step",
            )
        climb.step -= 1
        climb.days_left = step_days
    else:
        climb.stop_at = climb.step
