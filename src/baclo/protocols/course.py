"""The treatment course: one object that knows the dose, the phase and the intakes of any day.

Why one object: the day-by-day dose of a patient comes from several rules that must agree
wherever a dose is shown or checked (the plan page, today's dose, the safety rules, the report,
the command line): the titration with its events (:mod:`baclo.protocols.plan`), the tapers
(:mod:`baclo.protocols.taper`), the prescriber's ceiling and the split of a day's dose into
intakes (:mod:`baclo.protocols.split`). A :class:`Course` is built from a plain
:class:`CourseSpec` (what a database row or a spec file holds) and answers every question about
it; a change (:meth:`Course.start_taper`, :meth:`Course.stop_taper`, :meth:`Course.change`)
returns a new course or raises a :class:`CourseError` naming the rule it would break.

Why a list of tapers: stopping a taper that has begun must never send the dose back up to the
titration dose at once, nor down to zero: withdrawal after an abrupt stop of baclofen can be
severe (seizures, confusion, hallucinations, hyperthermia; ``baclocur-smpc-2018`` in
:mod:`baclo.sources`). A stopped taper *holds* the dose of the day it was
stopped; a later taper starts from that held dose, and the days of the earlier one keep their
doses, so the course's past (which the safety rules compare the journal with) never changes.
A taper covers the days from its start until the next taper's start; on those days the dose is
the taper's (capped at the ceiling), whatever the titration says.

Refusals (each a :class:`CourseError` with a stable ``code``)::

    CourseError (FieldError)
     +-- BeforePlanError        a taper starts on or before the course's first day
     +-- InPastError            a taper starts before today
     +-- AboveCeilingError      a taper starts above the ceiling
     +-- AboveCurrentDoseError  a taper starts above the dose of the day before: it would raise it
     +-- AbruptDropError        the first day of a taper would cut more than a step may
     +-- TaperInProgressError   a taper is going on: stop it before starting another
     +-- BeforeStopError        a new taper starts before the previous one was stopped
     +-- NoTaperError           nothing to stop
     +-- NotApplicableError     no taper is going on today (a pause asked too late)
     +-- AfterTaperError        a change moves the start of the course onto or after a taper
     +-- BelowTaperError        a change lowers the dose under a begun taper's start: it would go up
     +-- NotTakeableError       a change leaves a coming dose the patient's tablets cannot make
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar

from baclo.errors import FieldError, InputError, ValidationError
from baclo.protocols.inputs import HARD_LIMIT_MG, finite_number, mg_json, parse_date
from baclo.protocols.plan import MAX_HORIZON_DAYS, EventKind, PlanSpec, build_plan
from baclo.protocols.plan import Plan as Titration
from baclo.protocols.split import Intake, SplitMode, SplitRequest, split_daily_dose
from baclo.protocols.tablets import DEFAULT_TABLETS, TabletCode, TabletSet
from baclo.protocols.taper import (
    LARGE_STEP_FRACTION,
    LARGE_STEP_MG,
    PRESETS,
    Taper,
    TaperCode,
    TaperOverride,
    TaperSpeed,
    build_taper,
)
from baclo.text import Text, date_fr, number_fr

__all__ = [
    "CUSTOM",
    "MG_TOLERANCE",
    "SPEEDS",
    "AboveCeilingError",
    "AboveCurrentDoseError",
    "AbruptDropError",
    "AfterTaperError",
    "BeforePlanError",
    "BeforeStopError",
    "BelowTaperError",
    "Course",
    "CourseDay",
    "CourseError",
    "CourseSpec",
    "CourseTaper",
    "InPastError",
    "NoTaperError",
    "NotApplicableError",
    "NotTakeableError",
    "Phase",
    "PlannedIntakes",
    "SplitSettings",
    "TaperInProgressError",
    "TaperRequest",
    "TaperStatus",
    "tablets_of",
]

CUSTOM = "custom"
SPEEDS = (TaperSpeed.SLOW.value, TaperSpeed.FAST.value, CUSTOM)
#: Doses are whole or half mg: a difference below this is rounding, not a higher dose.
MG_TOLERANCE = 1e-6
_TAPER_KEY = ("start", "speed", "from_mg", "to_mg", "step_mg", "interval_days", "override")
_TAPER_REQUEST_FIELDS = frozenset({*_TAPER_KEY, "override_reason"} - {"override"})
#: Why a taper stored before baclo refused paces beyond the limits is rebuilt as it was: its days
#: are the course's past, which the journal and the safety rules are compared with.
LEGACY_OVERRIDE = "set before baclo refused tapers beyond the limits; kept as it was planned"
#: The tablets every taper was made of before the patient's tablets were part of the course: a
#: stored taper that the patient's tablets cannot make is rebuilt with these, as it was planned
#: (its days are the course's past); its coming doses the tablets cannot make have no intakes,
#: and a change of the plan is refused until tablets that make them are declared.
LEGACY_TABLETS = DEFAULT_TABLETS


class CourseError(FieldError):
    """A change the course refuses; ``code`` names the rule (the web translates it)."""

    CODE: ClassVar[str] = "invalid"

    def __init__(self, field: str, message: str | Text) -> None:
        super().__init__(field, message, code=self.CODE)


class BeforePlanError(CourseError):
    CODE = "before_plan"


class InPastError(CourseError):
    CODE = "in_past"


class AboveCeilingError(CourseError):
    CODE = "above_ceiling"


class AboveCurrentDoseError(CourseError):
    CODE = "above_current_dose"


class AbruptDropError(CourseError):
    CODE = "abrupt_drop"


class TaperInProgressError(CourseError):
    CODE = "in_progress"


class BeforeStopError(CourseError):
    CODE = "before_stop"


class NoTaperError(CourseError):
    CODE = "no_taper"


class NotApplicableError(CourseError):
    CODE = "not_applicable"


class AfterTaperError(CourseError):
    CODE = "after_taper"


class BelowTaperError(CourseError):
    CODE = "below_taper"


class NotTakeableError(CourseError):
    CODE = TabletCode.NOT_TAKEABLE


class Phase(enum.StrEnum):
    """Where the patient is in the course on a given day."""

    NOT_STARTED = "not_started"
    TITRATION = "titration"
    """Climbing the protocol's steps."""
    MAINTENANCE = "maintenance"
    """On the effective dose (an ``effective_dose`` event), or on the dose a stopped taper holds."""
    TAPER = "taper"
    """A taper is going down, or holding its residual dose after its last step."""


class TaperStatus(enum.StrEnum):
    PLANNED = "planned"
    """Starts after today: stopping it removes it."""
    ACTIVE = "active"
    """Going down, or holding its residual dose after its last step."""
    STOPPED = "stopped"
    """Stopped on ``stopped_on``: the dose of that day is held."""


@dataclass(frozen=True, kw_only=True)
class CourseTaper:
    """One taper of a course: the domain's :class:`~baclo.protocols.taper.Taper`, its pace
    (``slow``, ``fast`` or ``custom``), the day it was stopped and who set it."""

    taper: Taper
    speed: str
    stopped_on: dt.date | None = None
    set_by: str = ""
    set_at: str = ""

    @property
    def start(self) -> dt.date:
        return self.taper.start

    def dose_on(self, day: dt.date) -> float | None:
        """The taper's dose on ``day`` (``None`` before its start); held after a stop."""
        if self.stopped_on is not None and day > self.stopped_on:
            day = self.stopped_on
        return self.taper.dose_on(day)

    def step_on(self, day: dt.date) -> int:
        """0-based index of the taper step in force on ``day`` (on or after the start)."""
        held = day if self.stopped_on is None else min(day, self.stopped_on)
        return sum(1 for step in self.taper.steps if step.date <= held) - 1

    def status(self, today: dt.date) -> TaperStatus:
        """As stored on ``today``: a stop, once recorded, is final whatever the clock says."""
        if self.stopped_on is not None:
            return TaperStatus.STOPPED
        return TaperStatus.PLANNED if today < self.start else TaperStatus.ACTIVE

    def holds_on(self, day: dt.date) -> bool:
        """``day`` is on or after the stop: the held dose, no longer a taper going down."""
        return self.stopped_on is not None and day >= self.stopped_on

    def same_request(self, other: CourseTaper) -> bool:
        """The same taper asked again (a retried request), whoever sent it."""
        return self._key() == other._key() and self.stopped_on is None

    def _key(self) -> tuple[Any, ...]:
        return tuple(self.to_dict()[key] for key in _TAPER_KEY)

    def to_dict(self) -> dict[str, Any]:
        """The stored form: what :func:`~baclo.protocols.taper.build_taper` needs, no dose;
        ``override`` is the prescriber's reason for a pace beyond the limits, if any."""
        taper = self.taper
        custom = self.speed == CUSTOM
        return {
            "start": taper.start.isoformat(),
            "speed": self.speed,
            "from_mg": mg_json(taper.from_mg),
            "to_mg": mg_json(taper.to_mg),
            "step_mg": mg_json(taper.step_mg) if custom else None,
            "interval_days": taper.interval_days if custom else None,
            "override": None if taper.override is None else taper.override.reason,
            "stopped_on": None if self.stopped_on is None else self.stopped_on.isoformat(),
            "set_by": self.set_by,
            "set_at": self.set_at,
        }

    def summary(self, today: dt.date, *, tablets: TabletSet | None = None) -> dict[str, Any]:
        """The API shape: the domain's taper JSON, its pace and where it stands on ``today``.

        ``tablets``, the course's, say each step in the patient's tablets (``None`` for a step
        they cannot make) when the taper was kept with other ones (:data:`LEGACY_TABLETS`).
        """
        body = self.taper.to_dict()
        if tablets is not None and tablets != self.taper.tablets:
            body["tablets"] = tablets.to_dict()
            body["steps"] = [
                {**step, "tablets": _described(tablets, step["dose_mg"])} for step in body["steps"]
            ]
        return {
            **body,
            "start": self.start.isoformat(),
            "speed": self.speed,
            "status": self.status(today).value,
            "stopped_on": None if self.stopped_on is None else self.stopped_on.isoformat(),
            "set_by": self.set_by,
            "set_at": self.set_at,
        }

    @classmethod
    def from_dict(cls, item: Mapping[str, Any], *, tablets: TabletSet) -> CourseTaper:
        """Rebuild a stored taper with the course's ``tablets``; an item the domain refuses
        raises, like a bad plan. One stored before the limits were enforced, and beyond them,
        keeps its doses (:data:`LEGACY_OVERRIDE`); one stored before the patient's tablets were
        part of the course, that they cannot make, keeps its doses too (:data:`LEGACY_TABLETS`).
        """
        speed = str(item["speed"])
        stopped = item.get("stopped_on")
        build = partial(
            _build_taper,
            start=dt.date.fromisoformat(str(item["start"])),
            speed=speed,
            from_mg=float(item["from_mg"]),
            to_mg=float(item["to_mg"]),
            step_mg=item.get("step_mg"),
            interval_days=item.get("interval_days"),
        )
        reason = item.get("override")
        try:
            taper = _stored_taper(partial(build, tablets=tablets), reason)
        except (FieldError, ValidationError) as error:
            if tablets == LEGACY_TABLETS or not _not_takeable(error):
                raise
            taper = _stored_taper(partial(build, tablets=LEGACY_TABLETS), reason)
        return cls(
            taper=taper,
            speed=speed,
            stopped_on=None if stopped is None else dt.date.fromisoformat(str(stopped)),
            set_by=str(item.get("set_by", "")),
            set_at=str(item.get("set_at", "")),
        )


def _described(tablets: TabletSet, dose_mg: float) -> str | None:
    return tablets.describe(dose_mg).en if tablets.can_make(dose_mg) else None


def _stored_taper(build: Callable[..., Taper], reason: Any) -> Taper:
    """A stored taper with its recorded override, or :data:`LEGACY_OVERRIDE` when it was
    stored before the limits were enforced and goes beyond them."""
    try:
        return build(override=None if reason is None else TaperOverride(reason=str(reason)))
    except (FieldError, ValidationError) as error:
        if reason is not None or not _beyond_limits(error):
            raise
        return build(override=TaperOverride(reason=LEGACY_OVERRIDE))


def _not_takeable(error: FieldError | ValidationError) -> bool:
    errors = error.errors if isinstance(error, ValidationError) else [error]
    return any(e.code == TabletCode.NOT_TAKEABLE for e in errors)


def _beyond_limits(error: FieldError | ValidationError) -> bool:
    errors = error.errors if isinstance(error, ValidationError) else [error]
    return all(e.code in (TaperCode.LARGE_STEP, TaperCode.FAST_PACE) for e in errors)


def _build_taper(
    *,
    start: dt.date,
    speed: str,
    from_mg: float,
    to_mg: float,
    step_mg: Any,
    interval_days: Any,
    tablets: TabletSet,
    override: TaperOverride | None,
) -> Taper:
    if speed == CUSTOM:
        return build_taper(
            from_mg=from_mg,
            start=start,
            to_mg=to_mg,
            step_mg=step_mg,
            interval_days=interval_days,
            tablets=tablets,
            override=override,
        )
    return build_taper(
        from_mg=from_mg,
        start=start,
        to_mg=to_mg,
        speed=TaperSpeed(speed),
        tablets=tablets,
        override=override,
    )


@dataclass(frozen=True, kw_only=True)
class TaperRequest:
    """A new taper as asked: its start and pace; ``from_mg`` ``None`` means the current dose."""

    start: dt.date
    speed: str = TaperSpeed.SLOW.value
    from_mg: float | None = None
    to_mg: float = 0.0
    step_mg: float | None = None
    interval_days: int | None = None
    override_reason: str | None = None
    """A prescriber's reason to taper beyond the limits (who may give one is the shell's rule)."""

    @classmethod
    def from_dict(cls, data: Any) -> TaperRequest:
        """A request from its JSON (the API's or the form's); every bad field is reported at
        once as ``taper.<field>`` in a :class:`~baclo.errors.ValidationError`."""
        if not isinstance(data, Mapping):
            raise FieldError("taper", f"expected a JSON object, got {data!r}", code="type")
        errors = [
            FieldError(f"taper.{key}", "unknown field", code="unknown")
            for key in sorted(set(data) - _TAPER_REQUEST_FIELDS)
        ]
        start = _request_start(data, errors)
        speed = _request_speed(data, errors)
        step, interval = _request_pace(data, speed, errors)
        from_mg = _request_number(data, "from_mg", errors)
        to_mg = _request_number(data, "to_mg", errors)
        reason = data.get("override_reason")
        if reason is not None and not isinstance(reason, str):
            errors.append(FieldError("taper.override_reason", "must be text", code="type"))
        if errors or start is None or speed is None:
            raise ValidationError(errors)
        return cls(
            start=start,
            speed=speed,
            from_mg=from_mg,
            to_mg=0.0 if to_mg is None else to_mg,
            step_mg=step,
            interval_days=interval,
            override_reason=reason,
        )


def _as_taper_field(error: FieldError) -> FieldError:
    """A refusal of :func:`~baclo.protocols.taper.build_taper`, named as the request names it."""
    field = error.field.removeprefix("override.")
    name = "override_reason" if field == "reason" else field
    return error.for_field(f"taper.{name}")


def _request_start(data: Mapping[str, Any], errors: list[FieldError]) -> dt.date | None:
    value = data.get("start")
    if value is None:
        errors.append(FieldError("taper.start", "this field is required", code="required"))
        return None
    try:
        if not isinstance(value, str):
            raise FieldError(
                "taper.start", f"expected a date YYYY-MM-DD, got {value!r}", code="invalid_date"
            )
        return parse_date("taper.start", value)
    except FieldError as error:
        errors.append(error)
        return None


def _request_number(data: Mapping[str, Any], key: str, errors: list[FieldError]) -> float | None:
    value = data.get(key)
    if value is None:
        return None
    try:
        number = finite_number(f"taper.{key}", value)
    except FieldError as error:
        errors.append(error)
        return None
    if not 0 <= number <= HARD_LIMIT_MG:
        errors.append(
            FieldError(
                f"taper.{key}",
                Text(
                    en=f"must be 0-{HARD_LIMIT_MG:g} mg, got {number:g}",
                    fr=f"de 0 à {HARD_LIMIT_MG:g} mg, reçu {number_fr(number)}",
                ),
                code="out_of_range",
            )
        )
        return None
    return number


def _request_speed(data: Mapping[str, Any], errors: list[FieldError]) -> str | None:
    speed = data.get("speed", TaperSpeed.SLOW.value)
    if speed not in SPEEDS:
        errors.append(
            FieldError(
                "taper.speed", f"unknown speed {speed!r} ({', '.join(SPEEDS)})", code="choice"
            )
        )
        return None
    return str(speed)


def _request_pace(
    data: Mapping[str, Any], speed: str | None, errors: list[FieldError]
) -> tuple[float | None, int | None]:
    """A custom taper needs its step and interval; a preset takes neither (it has its own)."""
    step = _request_number(data, "step_mg", errors)
    interval = data.get("interval_days")
    if interval is not None and (isinstance(interval, bool) or not isinstance(interval, int)):
        errors.append(
            FieldError(
                "taper.interval_days",
                f"must be a whole number of days, got {interval!r}",
                code="type",
            )
        )
        interval = None
    if speed == CUSTOM:
        for key in ("step_mg", "interval_days"):
            if data.get(key) is None:
                errors.append(
                    FieldError(f"taper.{key}", "a custom taper needs it", code="required")
                )
    elif speed is not None:
        preset = PRESETS[TaperSpeed(speed)]
        for key in ("step_mg", "interval_days"):
            if data.get(key) is not None:
                errors.append(
                    FieldError(
                        f"taper.{key}",
                        f"the {speed} preset is -{preset.step_mg:g} mg every "
                        f"{preset.interval_days} days; choose speed 'custom' to set your own",
                        code="preset",
                    )
                )
    return step, interval


@dataclass(frozen=True, kw_only=True)
class SplitSettings:
    """How a day's dose is spread over the day (:mod:`baclo.protocols.split`).

    Without a known craving onset the targeted split has nothing to aim at: the even split
    (waking, mid-way, bedtime) is used until the patient records one.
    """

    craving_onset: dt.time | None = None
    wake: dt.time = dt.time(7, 0)
    sleep: dt.time = dt.time(23, 0)
    mode: SplitMode = SplitMode.TARGETED


@dataclass(frozen=True, kw_only=True)
class PlannedIntakes:
    """How a day's dose is taken: the split used (``targeted``, ``fractionated``, ``even``, or
    ``None`` when nothing is taken or the split refused the dose), the intakes and the
    split's warnings (or why it refused)."""

    split: str | None
    intakes: tuple[Intake, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class CourseDay:
    """One day of the course: its dose (mg/day), phase, step and intakes.

    ``day_number`` counts from 1 on the first day (0 before it); ``step`` is the titration's
    step, or in a taper the taper's step (0-based; ``None`` before the start);
    ``taper_status`` is ``None`` outside a taper.
    """

    date: dt.date
    day_number: int
    dose_mg: float
    phase: Phase
    step: int | None
    taper_status: TaperStatus | None
    intakes: PlannedIntakes

    @property
    def started(self) -> bool:
        return self.phase is not Phase.NOT_STARTED


@dataclass(frozen=True, kw_only=True)
class CourseSpec:
    """Everything that determines a course: the titration with its events, ceiling and the
    patient's tablets (a :class:`~baclo.protocols.plan.PlanSpec`; its horizon is ignored), the
    tapers in date order, and the split settings."""

    plan: PlanSpec
    tapers: tuple[CourseTaper, ...] = ()
    split: SplitSettings = SplitSettings()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CourseSpec:
        """A spec from its JSON: the plan's fields (:meth:`PlanSpec.from_dict`),
        ``tapers``, a list of stored tapers (:meth:`CourseTaper.from_dict`), and ``tablets``,
        the tablet strengths in mg (scored; default one 10 mg tablet)."""
        tapers = data.get("tapers") or []
        if not isinstance(tapers, Sequence) or isinstance(tapers, str):
            raise FieldError("tapers", f"expected a list, got {tapers!r}", code="type")
        tablets = tablets_of(data)
        built = []
        for index, item in enumerate(tapers):
            try:
                built.append(CourseTaper.from_dict(item, tablets=tablets))
            except InputError:
                raise
            except (KeyError, TypeError, ValueError, AttributeError) as error:
                raise FieldError(
                    f"tapers[{index}]",
                    Text(
                        en=f"not a taper: {error}",
                        fr=f"la diminution n° {index + 1} enregistrée est illisible ({error})",
                    ),
                    code="invalid",
                ) from None
        plan = PlanSpec.from_dict({**data, "tablets": tablets.to_dict()})
        return cls(plan=plan, tapers=tuple(built))


def tablets_of(data: Mapping[str, Any]) -> TabletSet:
    """The ``tablets`` of a spec: a list of strengths in mg (scored tablets), or the
    :meth:`TabletSet.to_dict` object; absent, one scored 10 mg tablet."""
    value = data.get("tablets")
    if value is None:
        return DEFAULT_TABLETS
    if isinstance(value, Mapping):
        return TabletSet.from_dict(value, field="tablets")
    return TabletSet.from_dict({"strengths_mg": value}, field="tablets")


class Course:
    """The course of ``spec``: doses, phases and intakes of every day, and its changes.

    >>> import datetime as dt
    >>> spec = CourseSpec.from_dict({"protocol": "beaurepaire", "start": "2026-03-02"})
    >>> course = Course(spec).start_taper(
    ...     TaperRequest(start=dt.date(2026, 3, 18), speed="fast"), today=dt.date(2026, 3, 18)
    ... )
    >>> course.dose_on(dt.date(2026, 3, 17)), course.dose_on(dt.date(2026, 3, 18))
    (60.0, 50.0)
    >>> course.phase_on(dt.date(2026, 3, 18)).value
    'taper'
    """

    def __init__(self, spec: CourseSpec) -> None:
        self.spec = spec
        self._titration: Titration | None = None
        self._top_mg: float | None = None
        # The split of a dose depends on the course's settings only: computed once per dose.
        self._intakes: dict[float, PlannedIntakes] = {}

    def __repr__(self) -> str:
        plan = self.spec.plan
        return (
            f"Course({plan.titration.protocol.value}, start={plan.start.isoformat()}, "
            f"ceiling={plan.ceiling_mg:g} mg, tapers={len(self.spec.tapers)})"
        )

    @property
    def start(self) -> dt.date:
        return self.spec.plan.start

    @property
    def ceiling_mg(self) -> float:
        return self.spec.plan.ceiling_mg

    @property
    def tapers(self) -> tuple[CourseTaper, ...]:
        return self.spec.tapers

    @property
    def tablets(self) -> TabletSet:
        """The patient's tablets: every dose is made of them, whole or halved when scored."""
        return self.spec.plan.tablets

    @property
    def top_mg(self) -> float:
        """The highest dose of the course: the largest dose the tablets make under the ceiling
        (the titration stops there; a taper above it is cut to it)."""
        if self._top_mg is None:
            self._top_mg = self.tablets.round_down(self.ceiling_mg)
        return self._top_mg

    def titration(self) -> Titration:
        """The titration alone, computed once for as many days as a plan may hold (730, fewer
        when the calendar ends first); later days hold its last dose.

        Raises :class:`~baclo.errors.InputError` when the plan cannot be built (a ceiling below
        the first dose, an event that cannot apply).
        """
        if self._titration is None:
            days_left = (dt.date.max - self.start).days + 1
            horizon = min(MAX_HORIZON_DAYS, days_left)
            plan = dataclasses.replace(self.spec.plan, horizon_days=horizon)
            self._titration = build_plan(plan)
        return self._titration

    def _titration_day(self, day: dt.date) -> tuple[float, int]:
        days = self.titration().days
        plan_day = days[min((day - self.start).days, len(days) - 1)]
        return plan_day.dose_mg, plan_day.step

    def covering(self, day: dt.date) -> CourseTaper | None:
        """The taper that sets the dose of ``day``: the latest one started on or before it."""
        started = [taper for taper in self.tapers if taper.start <= day]
        return started[-1] if started else None

    def dose_on(self, day: dt.date) -> float:
        """The planned dose of ``day`` in mg/day: 0 before the start, never above the ceiling."""
        if day < self.start:
            return 0.0
        titration, _ = self._titration_day(day)
        taper = self.covering(day)
        if taper is None:
            return titration
        dose = taper.dose_on(day)
        # A taper never goes above the ceiling, even one lowered after the taper started, and
        # is cut to a dose the tablets make.
        return min(titration if dose is None else dose, self.top_mg)

    def doses(self, first: dt.date, last: dt.date) -> dict[dt.date, float]:
        """The dose (mg/day) of every day from ``first`` to ``last`` on or after the start."""
        first = max(first, self.start)
        return {
            first + dt.timedelta(days=offset): self.dose_on(first + dt.timedelta(days=offset))
            for offset in range((last - first).days + 1)
        }

    def days(self, count: int) -> list[tuple[dt.date, float]]:
        """The first ``count`` days of the course with their doses."""
        if count < 1:
            return []
        return list(self.doses(self.start, self.start + dt.timedelta(days=count - 1)).items())

    def phase_on(self, day: dt.date) -> Phase:
        """Titration from the start until the effective-dose event, maintenance after it; taper
        while a taper goes on; the dose a stopped taper holds is maintenance again."""
        if day < self.start:
            return Phase.NOT_STARTED
        taper = self.covering(day)
        if taper is not None:
            return Phase.MAINTENANCE if taper.holds_on(day) else Phase.TAPER
        reached = any(
            event.kind is EventKind.EFFECTIVE_DOSE and event.on <= day
            for event in self.spec.plan.events
        )
        return Phase.MAINTENANCE if reached else Phase.TITRATION

    def active_taper(self, today: dt.date) -> CourseTaper | None:
        """The taper going on ``today`` (started, not stopped), else ``None``."""
        taper = self.covering(today)
        if taper is None or taper.status(today) is not TaperStatus.ACTIVE:
            return None
        return taper

    def today(self, day: dt.date) -> CourseDay:
        """Everything the patient needs on ``day``: dose, phase, step and intakes."""
        if day < self.start:
            return CourseDay(
                date=day,
                day_number=0,
                dose_mg=0.0,
                phase=Phase.NOT_STARTED,
                step=None,
                taper_status=None,
                intakes=self.intakes(0.0),
            )
        dose = self.dose_on(day)
        taper = self.covering(day)
        return CourseDay(
            date=day,
            day_number=(day - self.start).days + 1,
            dose_mg=dose,
            phase=self.phase_on(day),
            step=self._titration_day(day)[1] if taper is None else taper.step_on(day),
            taper_status=None if taper is None else taper.status(day),
            intakes=self.intakes(dose),
        )

    def intakes(self, dose_mg: float) -> PlannedIntakes:
        """How ``dose_mg`` is taken over the day, from
        :func:`~baclo.protocols.split.split_daily_dose` with the course's split settings.

        A dose the split refuses (not a whole number of half tablets) leaves the intakes empty
        and says why, instead of hiding the day's dose.
        """
        if dose_mg not in self._intakes:
            self._intakes[dose_mg] = self._split(dose_mg)
        return self._intakes[dose_mg]

    def _split(self, dose_mg: float) -> PlannedIntakes:
        if dose_mg <= 0:
            return PlannedIntakes(split=None, intakes=(), warnings=())
        settings = self.spec.split
        onset = settings.craving_onset
        if onset is None:
            wake, sleep = settings.wake, settings.sleep
            middle = (wake.hour * 60 + wake.minute + sleep.hour * 60 + sleep.minute) // 2
            onset = dt.time(middle // 60 % 24, middle % 60)
        request = SplitRequest(
            daily_mg=dose_mg,
            craving=onset,
            # Without an onset only the even split is used: a targeted search around a made-up
            # onset could refuse the whole day (250 mg/day: no time for its intakes before it).
            mode=settings.mode if settings.craving_onset is not None else SplitMode.FRACTIONATED,
            wake=settings.wake,
            sleep=settings.sleep,
            tablets=self.tablets,
        )
        try:
            result = split_daily_dose(request)
        except InputError as error:
            return PlannedIntakes(split=None, intakes=(), warnings=(str(error),))
        if settings.craving_onset is None:
            return PlannedIntakes(
                split="even", intakes=result.even_intakes, warnings=result.warnings
            )
        return PlannedIntakes(
            split=settings.mode.value, intakes=result.intakes, warnings=result.warnings
        )

    def tablets_for(self, dose_mg: float) -> Text | None:
        """``dose_mg`` as the patient's tablets (``2 × 20 mg + ½ × 10 mg``, English and
        French); ``None`` when these tablets cannot make it."""
        try:
            return self.tablets.describe(dose_mg)
        except FieldError:
            return None

    def untakeable_from(self, today: dt.date) -> tuple[dt.date, float] | None:
        """The first day from ``today`` whose dose the tablets cannot make, with that dose;
        ``None`` when they make every coming dose.

        The titration's doses always are made of them (:func:`~baclo.protocols.plan.build_plan`
        refuses otherwise) and a taper's dose changes only on its steps and its stop, so those
        days are the ones to check. Only a taper kept as it was planned with other tablets
        (:data:`LEGACY_TABLETS`) can give such a dose.
        """
        changes = {today}
        for taper in self.tapers:
            stop = () if taper.stopped_on is None else (taper.stopped_on,)
            changes.update((taper.start, *stop, *(step.date for step in taper.taper.steps)))
        for day in sorted(d for d in changes if d >= today):
            dose = self.dose_on(day)
            if not self.tablets.can_make(dose):
                return day, dose
        return None

    def _check_takeable(self, today: dt.date) -> None:
        found = self.untakeable_from(today)
        if found is not None:
            day, dose = found
            why = self.tablets.not_takeable_message(dose)
            raise NotTakeableError(
                "tablets",
                Text(
                    en=f"with this change the course gives {dose:g} mg/day on "
                    f"{day.isoformat()}: {why.en}; declare tablets that make it, or change "
                    "the taper",
                    fr=f"avec ce changement, le traitement donne {number_fr(dose)} mg/jour le "
                    f"{date_fr(day)} : {why.fr} ; déclarez des comprimés qui la permettent, ou "
                    "modifiez la diminution",
                ),
            )

    def _with(self, **changes: Any) -> Course:
        course = Course(dataclasses.replace(self.spec, **changes))
        if changes.get("plan", self.spec.plan) is self.spec.plan:
            course._titration = self._titration
        return course

    def _tapers_made_of(self, tablets: TabletSet) -> tuple[CourseTaper, ...]:
        """The tapers rebuilt with ``tablets``, as they are rebuilt when the course is read
        again (:meth:`CourseTaper.from_dict`)."""
        if tablets == self.tablets:
            return self.tapers
        return tuple(
            CourseTaper.from_dict(taper.to_dict(), tablets=tablets) for taper in self.tapers
        )

    def start_taper(
        self, request: TaperRequest, *, today: dt.date, set_by: str = "", set_at: str = ""
    ) -> Course:
        """The course with a new taper; a taper not started yet is replaced by it.

        The taper starts from the dose of the day before its start unless ``from_mg`` is given,
        and never above it nor above the ceiling: a higher dose would raise it overnight. It
        starts today at the earliest: an earlier start would rewrite the course's past and could
        cut today's dose by several steps at once. One going on must be stopped first
        (:meth:`stop_taper`), and a new one starts on or after that stop. The same request
        sent again returns the course unchanged.
        """
        tapers = list(self.tapers)
        if tapers and tapers[-1].status(today) is TaperStatus.PLANNED:
            tapers.pop()
        base = self._with(tapers=tuple(tapers))
        base._check_taper_dates(request, today)
        day_before = request.start - dt.timedelta(days=1)
        current = base.dose_on(day_before)
        from_mg = current if request.from_mg is None else request.from_mg
        if from_mg > current + MG_TOLERANCE:
            raise AboveCurrentDoseError(
                "taper.from_mg",
                Text(
                    en=f"{from_mg:g} mg/day is above the plan's {current:g} mg/day on "
                    f"{day_before.isoformat()}: a taper never raises the dose",
                    fr=f"{number_fr(from_mg)} mg/jour dépasse les {number_fr(current)} mg/jour "
                    f"du plan le {date_fr(day_before)} : une diminution n'augmente jamais la dose",
                ),
            )
        try:
            override = (
                None
                if request.override_reason is None
                else TaperOverride(reason=request.override_reason)
            )
            taper = _build_taper(
                start=request.start,
                speed=request.speed,
                from_mg=from_mg,
                to_mg=request.to_mg,
                step_mg=request.step_mg,
                interval_days=request.interval_days,
                tablets=self.tablets,
                override=override,
            )
        except FieldError as error:
            raise _as_taper_field(error) from None
        except ValidationError as error:
            raise ValidationError([_as_taper_field(e) for e in error.errors]) from None
        plunge = first_day_plunge(taper, current, day_before)
        if plunge:
            raise AbruptDropError(
                "taper.from_mg",
                Text(
                    en=f"{plunge.en}; start from the current dose or closer to it",
                    fr=f"{plunge.fr} ; partez de la dose actuelle ou d'une dose plus proche",
                ),
            )
        new = CourseTaper(taper=taper, speed=request.speed, set_by=set_by, set_at=set_at)
        previous = tapers[-1] if tapers else None
        if previous is not None and previous.same_request(new):
            return base
        if previous is not None:
            _check_after(previous, new, today)
        return base._with(tapers=(*tapers, new))

    def _check_taper_dates(self, request: TaperRequest, today: dt.date) -> None:
        if request.start <= self.start:
            raise BeforePlanError(
                "taper.start",
                Text(
                    en=f"a taper starts after the plan has started ({self.start.isoformat()}), "
                    f"got {request.start.isoformat()}",
                    fr=f"une diminution commence après le début du plan ({date_fr(self.start)}), "
                    f"reçu le {date_fr(request.start)}",
                ),
            )
        if request.start < today:
            raise InPastError(
                "taper.start",
                Text(
                    en=f"a taper starts today ({today.isoformat()}) or later, "
                    f"got {request.start.isoformat()}",
                    fr=f"une diminution commence aujourd'hui ({date_fr(today)}) ou plus tard, "
                    f"reçu le {date_fr(request.start)}",
                ),
            )
        if request.from_mg is not None and request.from_mg > self.ceiling_mg:
            raise AboveCeilingError(
                "taper.from_mg",
                Text(
                    en=f"{request.from_mg:g} mg/day is above the plan's ceiling of "
                    f"{self.ceiling_mg:g} mg/day",
                    fr=f"{number_fr(request.from_mg)} mg/jour dépasse le plafond du plan "
                    f"({number_fr(self.ceiling_mg)} mg/jour)",
                ),
            )

    def stop_taper(self, *, today: dt.date) -> Course:
        """Stop the latest taper: removed if it has not started, else held at today's dose.

        A taper that has begun is never undone: going back to the titration dose at once, or
        stopping, would be an abrupt change; the dose of today is held until the plan changes.
        """
        tapers = list(self.tapers)
        if not tapers or tapers[-1].status(today) is TaperStatus.STOPPED:
            raise NoTaperError(
                "taper", Text(en="there is no taper to cancel", fr="aucune diminution à annuler")
            )
        last = tapers.pop()
        if last.status(today) is TaperStatus.ACTIVE:
            tapers.append(dataclasses.replace(last, stopped_on=today))
        return self._with(tapers=tuple(tapers))

    def pause_taper(self, *, today: dt.date) -> Course:
        """Stop the taper going on ``today``; never removes one planned later (a stale
        suggestion to pause must not delete the next taper)."""
        if self.active_taper(today) is None:
            raise NotApplicableError(
                "taper",
                Text(en="no taper is going on today", fr="aucune diminution en cours aujourd'hui"),
            )
        return self.stop_taper(today=today)

    def change(
        self,
        *,
        today: dt.date,
        plan: PlanSpec | None = None,
        split: SplitSettings | None = None,
    ) -> Course:
        """The course with a new titration (``plan``, with the tablets) or split; the tapers
        are kept, made of the plan's tablets.

        A new titration must leave the tapers after its start, and never make a taper raise the
        dose when it begins: a taper not started yet on ``today`` then starts from the new,
        lower dose of the day before; a begun taper keeps its doses (the course's past), so the
        change is refused (:class:`BelowTaperError`). A change that puts the day before a planned
        taper so high that its first day would cut more than a step may is refused
        (:class:`AbruptDropError`). A change that leaves a dose from ``today`` on that the
        tablets cannot make (new tablets under a taper going on) is refused
        (:class:`NotTakeableError`). Raises :class:`~baclo.errors.InputError` when the titration
        cannot be built.
        """
        course = self if split is None else self._with(split=split)
        if plan is None:
            return course
        changed = course._with(plan=plan, tapers=course._tapers_made_of(plan.tablets))
        changed.titration()
        if changed.tapers and changed.tapers[0].start <= plan.start:
            taper_start = changed.tapers[0].start
            raise AfterTaperError(
                "start",
                Text(
                    en=f"the plan must start before its taper ({taper_start.isoformat()}), "
                    f"got {plan.start.isoformat()}",
                    fr=f"le plan doit commencer avant sa diminution ({date_fr(taper_start)}), "
                    f"reçu le {date_fr(plan.start)}",
                ),
            )
        fitted = changed._fit_tapers(today)
        fitted._check_takeable(today)
        return fitted

    def _fit_tapers(self, today: dt.date) -> Course:
        fitted: list[CourseTaper] = []
        for taper in self.tapers:
            # The days before a taper follow the titration and the earlier tapers only.
            before_course = self._with(tapers=tuple(fitted))
            day = taper.start - dt.timedelta(days=1)
            before = before_course.dose_on(day)
            if min(taper.taper.from_mg, self.ceiling_mg) > before + MG_TOLERANCE:
                taper = _lowered(taper, before, day, today, self.tablets)
            elif taper.status(today) is TaperStatus.PLANNED:
                plunge = first_day_plunge(taper.taper, before, day)
                if plunge:
                    raise AbruptDropError(
                        "plan",
                        Text(
                            en=f"with this change, {plunge.en}; change or stop the taper first",
                            fr=f"avec ce changement, {plunge.fr} ; modifiez ou arrêtez d'abord "
                            "la diminution",
                        ),
                    )
            fitted.append(taper)
        return self._with(tapers=tuple(fitted))


def _lowered(
    taper: CourseTaper, before: float, day: dt.date, today: dt.date, tablets: TabletSet
) -> CourseTaper:
    refused = BelowTaperError(
        "plan",
        Text(
            en=f"this change gives {before:g} mg/day on {day.isoformat()}, below the "
            f"{taper.taper.from_mg:g} mg/day the taper of {taper.start.isoformat()} starts "
            "from: the dose would go up when it begins",
            fr=f"ce changement donne {number_fr(before)} mg/jour le {date_fr(day)}, sous les "
            f"{number_fr(taper.taper.from_mg)} mg/jour dont part la diminution du "
            f"{date_fr(taper.start)} : la dose remonterait quand elle commence",
        ),
    )
    if taper.status(today) is not TaperStatus.PLANNED:
        raise refused
    try:
        return CourseTaper.from_dict({**taper.to_dict(), "from_mg": before}, tablets=tablets)
    except FieldError:
        # Its residual dose is not below the new starting dose any more.
        raise refused from None


def _check_after(previous: CourseTaper, new: CourseTaper, today: dt.date) -> None:
    if previous.status(today) is TaperStatus.ACTIVE:
        raise TaperInProgressError(
            "taper",
            Text(
                en=f"a taper is going on since {previous.start.isoformat()}: stop it first",
                fr=f"une diminution est en cours depuis le {date_fr(previous.start)} : "
                "arrêtez-la d'abord",
            ),
        )
    stopped = previous.stopped_on
    if stopped is not None and new.start < stopped:
        raise BeforeStopError(
            "taper.start",
            Text(
                en=f"the previous taper was stopped on {stopped.isoformat()}: a new one "
                f"starts on or after it, got {new.start.isoformat()}",
                fr=f"la diminution précédente a été arrêtée le {date_fr(stopped)} : une nouvelle "
                f"commence ce jour-là ou après, reçu le {date_fr(new.start)}",
            ),
        )


def first_day_plunge(taper: Taper, current: float, day_before: dt.date) -> Text | None:
    """What the first day of a taper started below the current dose cuts, when that is more
    than a step may (``ansm-2017-80mg``: reductions of 10-15 mg at most; baclo's taper rule,
    :mod:`baclo.protocols.taper`: 20 mg or 25 % of the dose); ``None`` otherwise. From the
    current dose itself the first step only carries the taper's own warning."""
    if taper.from_mg >= current - MG_TOLERANCE:
        return None
    first = taper.dose_on(taper.start) or 0.0
    cut = current - first
    if cut <= LARGE_STEP_MG and cut <= LARGE_STEP_FRACTION * current:
        return None
    return Text(
        en=f"{current:g} mg/day on {day_before.isoformat()} then {first:g} mg/day on "
        f"{taper.start.isoformat()} cuts {cut:g} mg overnight, more than 20 mg or 25 %: "
        "withdrawal risk",
        fr=f"{number_fr(current)} mg/jour le {date_fr(day_before)} puis {number_fr(first)} "
        f"mg/jour le {date_fr(taper.start)} retire {number_fr(cut)} mg du jour au lendemain, "
        "plus de 20 mg ou 25 % : risque de sevrage",
    )
