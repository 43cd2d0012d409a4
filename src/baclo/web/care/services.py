"""Plan use cases shared by the API and the pages: load and save the course, who may change what.

Ceiling rules (docs/architecture.md, Product rules): the default ceiling is 80 mg/day; only a
prescriber may set it higher, and only with an explicit acknowledgement that is stored with who and
when; never above 300 mg/day. A ceiling set by a prescriber overrides the patient's: the patient
cannot change it afterwards. Every dose, phase, taper and intake comes from the treatment course,
:class:`baclo.protocols.course.Course`, built from the stored row by :func:`course_of`; this
module only reads and writes the row and renders the course as the API's JSON.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import json
import logging
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from baclo.errors import FieldError, InputError, ValidationError
from baclo.protocols.ceiling import NoticeCode, check_ceiling
from baclo.protocols.course import (
    Course,
    CourseDay,
    CourseSpec,
    PlannedIntakes,
    SplitSettings,
    TaperRequest,
    tablets_of,
)
from baclo.protocols.inputs import finite_number, mg_json
from baclo.protocols.plan import MAX_HORIZON_DAYS
from baclo.protocols.split import SplitMode
from baclo.protocols.tablets import DEFAULT_TABLETS, TabletSet
from baclo.protocols.titration import TITRATION_PARAMETERS, make_titration
from baclo.web.accounts.models import Role, User
from baclo.web.care.models import DEFAULT_CEILING_MG, Plan
from baclo.web.care.models import SplitMode as StoredSplitMode
from baclo.web.care.unreadable import UnreadablePlanError
from baclo.web.inputs import clock_field, date_field
from baclo.web.memo import once

logger = logging.getLogger(__name__)

__all__ = [
    "cancel_taper",
    "course_at",
    "course_of",
    "course_today",
    "get_plan",
    "intakes_payload",
    "patient_tablets",
    "pause_taper",
    "plan_payload",
    "planned_days",
    "read_clearance_with",
    "readable_courses",
    "readable_plan",
    "renal_notices",
    "set_plan",
    "start_taper",
    "today_plan",
]

PLAN_FIELDS = frozenset(
    {
        "protocol",
        "start",
        "ceiling_mg",
        "ceiling_acknowledged",
        "parameters",
        "events",
        "split",
        "tablets",
    }
)
# The fields that shape the day-by-day doses (the split only spreads a day's dose).
DOSE_FIELDS = PLAN_FIELDS - {"split", "ceiling_acknowledged"}
SPLIT_FIELDS = frozenset({"craving_onset", "wake", "sleep", "mode"})
# The chart shows the plan two weeks ahead of today, and at least the three-week table.
LOOKAHEAD_DAYS = 14
MIN_HORIZON_DAYS = 21


#: Reads the declared creatinine clearance (mL/min) of patients by id; an id left out of the
#: answer declared none.
ClearanceReader = Callable[[Collection[int]], Mapping[int, float]]
_clearance_readers: list[ClearanceReader] = []


def read_clearance_with(reader: ClearanceReader) -> None:
    """Where the course reads the patients' declared creatinine clearance (by patient ids).

    The health profile that stores it belongs to the safety app, above this one: that app
    registers its reader when it is ready, so that every page, the API and the reminders build
    the same course (longer steps below 60 mL/min, :mod:`baclo.pk.renal`) without this app
    importing upward. Without a reader the kidneys are taken as normal. A reader answers for
    many patients at once, so that a list of patients costs one query, not one per patient.
    """
    if reader not in _clearance_readers:
        _clearance_readers.append(reader)


def declared_clearances(patient_ids: Collection[int]) -> dict[int, float]:
    """The declared creatinine clearance (mL/min) of each of these patients who declared one."""
    found: dict[int, float] = {}
    for reader in _clearance_readers:
        for patient_id, crcl in reader(patient_ids).items():
            found.setdefault(patient_id, crcl)
    return found


def declared_clearance(patient_id: int) -> float | None:
    """The patient's declared creatinine clearance (mL/min), None when none is declared (read
    once in a read-only view, :func:`baclo.web.memo.read_once`: each course read asks for it)."""
    return once(
        ("declared_clearance", patient_id),
        lambda: declared_clearances([patient_id]).get(patient_id),
    )


def get_plan(patient: User) -> Plan | None:
    """The patient's plan row (read once in a read-only view, :func:`baclo.web.memo.read_once`)."""
    return once(
        ("plan", patient.pk),
        lambda: Plan.objects.filter(patient=patient).select_related("ceiling_ack_by").first(),
    )


def readable_plan(patient: User) -> Plan | None:
    """The patient's plan when its course can be read; ``None`` without a plan, or for a row
    stored before a rule that now refuses it (a protocol or dose no longer accepted): the
    pages then offer to set the plan again instead of failing."""
    plan = get_plan(patient)
    if plan is None:
        return None
    try:
        course_of(plan).titration()
    except (InputError, TypeError, ValueError, KeyError):
        logger.warning("the stored plan of patient %s cannot be read", patient.pk)
        return None
    return plan


def patient_tablets(patient: User) -> TabletSet:
    """The patient's tablets: those of their course (:attr:`Course.tablets`), the one place
    baclo reads them from. A plan the course cannot read keeps the tablets it stores (its stock
    is counted in them while the plan is set again); without a plan, the default of a new plan
    (one scored 10 mg tablet)."""
    plan = get_plan(patient)
    if plan is None:
        return DEFAULT_TABLETS
    try:
        return course_of(plan).tablets
    except UnreadablePlanError:
        pass
    try:
        return tablets_of(spec_dict(plan))
    except FieldError:
        return DEFAULT_TABLETS


def _whole_mg(value: Any) -> int:
    ceiling = check_ceiling(finite_number("ceiling_mg", value))
    if not ceiling.is_integer():
        raise FieldError("ceiling_mg", f"must be a whole number of mg, got {value!r}", code="type")
    return int(ceiling)


def _check_parameters(protocol: str, parameters: Any) -> None:
    """Fixed tables take no parameter; ``label`` and ``custom`` take the named ones only."""
    if not isinstance(parameters, dict):
        raise FieldError("parameters", f"must be an object, got {parameters!r}", code="type")
    unknown = sorted(set(parameters) - set(TITRATION_PARAMETERS))
    if unknown:
        raise FieldError("parameters", f"unknown parameter {unknown[0]!r}", code="unknown")
    try:
        make_titration(protocol, **parameters)
    except FieldError as error:
        raise error.for_field("parameters") from None
    except InputError as error:
        raise FieldError("parameters", str(error), code="invalid") from None
    except TypeError as error:
        raise FieldError("parameters", str(error), code="type") from None


class _Errors:
    """Collects field errors so that every bad field is reported at once."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def run(self, check: Any, *args: Any) -> Any:
        try:
            return check(*args)
        except ValidationError as error:
            self.errors.extend(error.errors)
        except FieldError as error:
            self.errors.append(error)
        return None

    def raise_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _split(plan: Plan, data: Any, errors: _Errors) -> None:
    if not isinstance(data, dict):
        errors.errors.append(FieldError("split", "must be an object", code="type"))
        return
    for key in sorted(set(data) - SPLIT_FIELDS):
        errors.errors.append(FieldError(f"split.{key}", "unknown field", code="unknown"))
    if "craving_onset" in data:
        onset = data["craving_onset"]
        plan.craving_onset = (
            None if onset is None else errors.run(clock_field, onset, "split.craving_onset")
        )
    for key, attr in (("wake", "wake_time"), ("sleep", "sleep_time")):
        if key in data:
            value = errors.run(clock_field, data[key], f"split.{key}")
            if value is not None:
                setattr(plan, attr, value)
    if "mode" in data:
        if data["mode"] in StoredSplitMode.values:
            plan.split_mode = data["mode"]
        else:
            allowed = ", ".join(StoredSplitMode.values)
            errors.errors.append(
                FieldError(
                    "split.mode", f"unknown mode {data['mode']!r} ({allowed})", code="choice"
                )
            )


def _tablets(plan: Plan, value: Any) -> None:
    """The patient's tablet strengths, as the core accepts them (:class:`TabletSet`)."""
    tablets = tablets_of({"tablets": value})
    plan.tablets = tablets.to_dict()["strengths_mg"]


def _ceiling(
    actor: User, plan: Plan, data: dict[str, Any], errors: _Errors, now: dt.datetime
) -> None:
    if "ceiling_mg" not in data:
        return
    ceiling = errors.run(_whole_mg, data["ceiling_mg"])
    if ceiling is None or (plan.pk is not None and ceiling == plan.ceiling_mg):
        return
    by_prescriber = actor.role == Role.PRESCRIBER
    set_by = plan.ceiling_set_by
    if not by_prescriber and set_by is not None and set_by.role == Role.PRESCRIBER:
        errors.errors.append(
            FieldError(
                "ceiling_mg",
                f"the ceiling of {plan.ceiling_mg} mg/day was set by your prescriber "
                f"({set_by.display_name}); only a prescriber can change it",
                code="set_by_prescriber",
            )
        )
        return
    if ceiling > DEFAULT_CEILING_MG:
        if not by_prescriber:
            errors.errors.append(
                FieldError(
                    "ceiling_mg",
                    f"{ceiling} mg/day is above {DEFAULT_CEILING_MG} mg/day: "
                    "only a prescriber may set it",
                    code="prescriber_only",
                )
            )
            return
        if not actor.is_verified_prescriber:
            errors.errors.append(
                FieldError(
                    "ceiling_mg",
                    f"{ceiling} mg/day is above {DEFAULT_CEILING_MG} mg/day: only a prescriber "
                    "verified by the association (RPPS number checked) may set it",
                    code="unverified_prescriber",
                )
            )
            return
        if data.get("ceiling_acknowledged") is not True:
            errors.errors.append(
                FieldError(
                    "ceiling_acknowledged",
                    f"a ceiling above {DEFAULT_CEILING_MG} mg/day needs the prescriber's explicit "
                    "acknowledgement (true)",
                    code="required",
                )
            )
            return
        plan.ceiling_ack_by, plan.ceiling_ack_at = actor, now
    else:
        plan.ceiling_ack_by, plan.ceiling_ack_at = None, None
    plan.ceiling_mg = ceiling
    plan.ceiling_set_by = actor


def spec_dict(plan: Plan) -> dict[str, Any]:
    """The stored plan in the shape of :meth:`baclo.protocols.course.CourseSpec.from_dict`."""
    return {
        "protocol": plan.protocol,
        "parameters": plan.params,
        "start": plan.start_date.isoformat(),
        "ceiling_mg": plan.ceiling_mg,
        "events": plan.events,
        "tapers": plan.tapers if isinstance(plan.tapers, list) else [],
        "tablets": plan.tablets,
    }


def course_of(plan: Plan) -> Course:
    """The treatment course of a stored plan, its titration computed.

    Raises :class:`~baclo.web.care.unreadable.UnreadablePlanError` when the row cannot be read under
    the current rules (saved before a rule changed): shown with the way to fix it, never a 500.
    """
    return course_at(plan, declared_clearance(plan.patient_id))


def course_at(plan: Plan, crcl_ml_min: float | None) -> Course:
    """:func:`course_of` for a caller that has already read the patient's declared clearance
    (the safety rules read the whole health profile): the same course, one query less."""
    return _readable_course(plan, crcl_ml_min)


def readable_courses(patients: Iterable[User]) -> dict[int, tuple[Plan, Course]]:
    """The plan and course of each of ``patients`` whose plan the course can read, by patient id,
    read in two queries whatever the number of patients (a list of patients must not cost a
    query per patient). A plan the current rules refuse is left out, as
    :func:`readable_plan` gives ``None`` for it."""
    ids = [patient.pk for patient in patients]
    clearances = declared_clearances(ids)
    found = {}
    for plan in Plan.objects.filter(patient_id__in=ids).select_related("ceiling_ack_by"):
        try:
            found[plan.patient_id] = (plan, _readable_course(plan, clearances.get(plan.patient_id)))
        except UnreadablePlanError:
            logger.warning("the stored plan of patient %s cannot be read", plan.patient_id)
    return found


#: Courses kept built in each server process (about 115 kB each: a titration spans up to 730
#: days); more than the patients of the busiest prescriber list.
COURSES_KEPT = 512


def _readable_course(plan: Plan, crcl: float | None) -> Course:
    try:
        return _built_course(json.dumps(_course_inputs(plan, crcl), sort_keys=True, default=str))
    except (InputError, TypeError, ValueError, KeyError, OverflowError) as error:
        raise UnreadablePlanError.of(plan.patient_id, error) from None


@functools.lru_cache(maxsize=COURSES_KEPT)
def _built_course(inputs: str) -> Course:
    """The course of these inputs (the JSON of :func:`_course_inputs`), its titration computed.

    A course is a pure function of its inputs and is never changed once built (its changes
    return a new course), so one built for a request is kept for the next ones: the pages of a
    patient build their course once, not once per page section.
    """
    course = _course_from(json.loads(inputs))
    course.titration()
    return course


def _course(plan: Plan) -> Course:
    """The course of ``plan`` as it is (being edited): the domain's errors as they are."""
    return _course_from(_course_inputs(plan, declared_clearance(plan.patient_id)))


def _course_inputs(plan: Plan, crcl: float | None) -> dict[str, Any]:
    """Everything the course of ``plan`` is built from, as JSON values."""
    return {
        **spec_dict(plan),
        "crcl_ml_min": crcl,
        "split": {
            "craving_onset": None if plan.craving_onset is None else plan.craving_onset.isoformat(),
            "wake": plan.wake_time.isoformat(),
            "sleep": plan.sleep_time.isoformat(),
            "mode": plan.split_mode,
        },
    }


def _course_from(inputs: dict[str, Any]) -> Course:
    split = inputs.pop("split")
    spec = CourseSpec.from_dict(inputs)
    settings = SplitSettings(
        craving_onset=None
        if split["craving_onset"] is None
        else dt.time.fromisoformat(split["craving_onset"]),
        wake=dt.time.fromisoformat(split["wake"]),
        sleep=dt.time.fromisoformat(split["sleep"]),
        mode=SplitMode(split["mode"]),
    )
    return Course(dataclasses.replace(spec, split=settings))


@contextlib.contextmanager
def _refusals() -> Iterator[None]:
    """The course's refusals as the services raise them: one ValidationError naming the field."""
    try:
        yield
    except (ValidationError, UnreadablePlanError):
        raise
    except FieldError as error:
        raise ValidationError([error]) from None
    except (InputError, TypeError, ValueError) as error:
        raise ValidationError([FieldError("plan", str(error), code="invalid")]) from None


def _store_tapers(plan: Plan, course: Course) -> None:
    plan.tapers = [taper.to_dict() for taper in course.tapers]


def set_plan(
    actor: User,
    patient: User,
    data: Any,
    *,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
) -> tuple[Plan, bool]:
    """Create or update ``patient``'s plan as ``actor`` (the patient or a linked prescriber).

    Access must have been checked by the caller (:func:`baclo.web.care.access.patient_for`).
    ``today`` (the local day of ``now`` by default) tells which tapers have begun: a change of
    the doses goes through :meth:`baclo.protocols.course.Course.change`, which never lets a
    taper raise the dose. Returns ``(plan, created)``; raises
    :class:`~baclo.errors.ValidationError` naming every bad field and saves nothing then.
    """
    if not isinstance(data, dict):
        raise FieldError("body", f"expected a JSON object, got {type(data).__name__}", code="type")
    now = now or timezone.now()
    errors = _Errors()
    for key in sorted(set(data) - PLAN_FIELDS):
        errors.errors.append(FieldError(key, "unknown field", code="unknown"))
    with transaction.atomic():
        plan = Plan.objects.select_for_update().filter(patient=patient).first()
        created = plan is None
        if plan is None:
            plan = Plan(patient=patient)
            for key in ("protocol", "start"):
                if key not in data:
                    errors.errors.append(FieldError(key, "this field is required", code="required"))
        if "protocol" in data:
            if isinstance(data["protocol"], str):
                plan.protocol = data["protocol"]
            else:
                errors.errors.append(FieldError("protocol", "must be text", code="type"))
        if "start" in data:
            plan.start_date = errors.run(date_field, data["start"], "start") or plan.start_date
        if "parameters" in data:
            plan.params = data["parameters"]
            errors.run(_check_parameters, plan.protocol, plan.params)
        if "events" in data:
            plan.events = data["events"]
        if "split" in data:
            _split(plan, data["split"], errors)
        if "tablets" in data:
            errors.run(_tablets, plan, data["tablets"])
        _ceiling(actor, plan, data, errors, now)
        errors.raise_any()
        with _refusals():
            course = _course(plan)
            course.titration()
            if DOSE_FIELDS & set(data):
                day = timezone.localdate(now) if today is None else today
                course = course.change(today=day, plan=course.spec.plan)
        # Stored as the domain writes them back: unknown keys in an event are not kept.
        plan.events = [event.to_dict() for event in course.spec.plan.events]
        _store_tapers(plan, course)
        plan.updated_by = actor
        plan.save()
    return plan, created


def _horizon(course: Course, today: dt.date) -> int:
    """Days shown: two weeks past today (or past the last taper's start), three weeks at least."""
    elapsed = (today - course.start).days + 1 + LOOKAHEAD_DAYS
    if course.tapers:
        elapsed = max(elapsed, (course.tapers[-1].start - course.start).days + 1 + LOOKAHEAD_DAYS)
    return min(max(MIN_HORIZON_DAYS, elapsed), MAX_HORIZON_DAYS)


def plan_payload(plan: Plan, today: dt.date) -> dict[str, Any]:
    """The API shape of a plan: what was chosen, who acknowledged the ceiling, and the days.

    ``days`` follow the taper from its start; ``taper`` is the latest taper (``None`` when
    there is none) with its steps and the domain's withdrawal warnings; ``capped`` says that
    the ceiling cuts the protocol within the days shown.
    """
    course = course_of(plan)
    days = course.days(_horizon(course, today))
    titration = course.titration()
    computed = titration.to_dict()
    capped_from = titration.capped_from
    ack = None
    if plan.ceiling_ack_by is not None and plan.ceiling_ack_at is not None:
        ack = {"by": plan.ceiling_ack_by.get_username(), "at": plan.ceiling_ack_at.isoformat()}
    return {
        "protocol": plan.protocol,
        "parameters": plan.params,
        "start": plan.start_date.isoformat(),
        "ceiling_mg": plan.ceiling_mg,
        "ceiling_set_by": None
        if plan.ceiling_set_by is None
        else plan.ceiling_set_by.get_username(),
        "ceiling_acknowledgement": ack,
        "events": plan.events,
        "split": {
            "craving_onset": None
            if plan.craving_onset is None
            else plan.craving_onset.strftime("%H:%M"),
            "wake": plan.wake_time.strftime("%H:%M"),
            "sleep": plan.sleep_time.strftime("%H:%M"),
            "mode": plan.split_mode,
        },
        "tablets": plan.tablets,
        "crcl_ml_min": computed["crcl_ml_min"],
        "days_per_step": computed["days_per_step"],
        "days": [{"date": day.isoformat(), "dose_mg": mg_json(dose)} for day, dose in days],
        "taper": course.tapers[-1].summary(today, tablets=course.tablets)
        if course.tapers
        else None,
        "capped": capped_from is not None and capped_from <= days[-1][0],
        "notices": computed["notices"],
        "source": computed["source"],
    }


def planned_days(course: Course, first: dt.date, last: dt.date) -> list[dict[str, Any]]:
    """The days of :func:`plan_payload` (``{"date", "dose_mg"}``) from ``first`` to ``last``
    only, without the rest of the payload: what a chart of a bounded period needs, at a cost
    that does not grow with the age of the plan."""
    last = min(last, course.start + dt.timedelta(days=MAX_HORIZON_DAYS - 1))
    return [
        {"date": day.isoformat(), "dose_mg": mg_json(dose)}
        for day, dose in course.doses(first, last).items()
    ]


#: What a declared clearance adds to a plan (:mod:`baclo.pk.renal`): shown where the dose is.
RENAL_NOTICES = frozenset(
    {NoticeCode.RENAL_LONGER_STEPS, NoticeCode.RENAL_CEILING_ADVICE, NoticeCode.RENAL_MILD}
)


def renal_notices(plan: Plan) -> list[dict[str, str]]:
    """The notices the patient's declared clearance adds to the plan (``code``, ``message``,
    ``message_fr``): longer steps and the ceiling advice below 60 mL/min, a note at 60-90."""
    notices = course_of(plan).titration().notices
    return [notice.to_dict() for notice in notices if notice.code in RENAL_NOTICES]


def intakes_payload(course: Course, intakes: PlannedIntakes) -> dict[str, Any]:
    """The JSON of a day's intakes: the split used, each intake with its tablets (English
    ``tablets`` and French ``tablets_fr``, ``None`` if the tablets cannot make it), and the
    split's warnings."""
    return {
        "split": intakes.split,
        "intakes": [_intake(course, intake.time, intake.dose_mg) for intake in intakes.intakes],
        "split_warnings": list(intakes.warnings),
    }


def _intake(course: Course, time: dt.time, dose_mg: float) -> dict[str, Any]:
    tablets = course.tablets_for(dose_mg)
    return {
        "time": time.strftime("%H:%M"),
        "dose_mg": dose_mg,
        "tablets": None if tablets is None else tablets.en,
        "tablets_fr": None if tablets is None else tablets.fr,
    }


def _day_payload(course: Course, day: CourseDay) -> dict[str, Any]:
    if not day.started:
        return {
            "date": day.date.isoformat(),
            "started": False,
            "dose_mg": 0,
            **intakes_payload(course, day.intakes),
        }
    return {
        "date": day.date.isoformat(),
        "started": True,
        "day": day.day_number,
        "phase": day.phase.value,
        "taper_status": None if day.taper_status is None else day.taper_status.value,
        "step": day.step,
        "dose_mg": day.dose_mg,
        **intakes_payload(course, day.intakes),
    }


def today_plan(plan: Plan, today: dt.date) -> dict[str, Any]:
    """Today's dose and intakes (:meth:`baclo.protocols.course.Course.today`); before the
    start date the dose is 0 and nothing is planned.

    ``phase`` is ``titration``, ``maintenance`` or ``taper``; in a taper ``step`` counts the
    taper's steps and ``taper_status`` is ``active`` or ``stopped`` (dose held).
    """
    return course_today(course_of(plan), today)


def course_today(course: Course, today: dt.date) -> dict[str, Any]:
    """:func:`today_plan` of a course already read (:func:`readable_courses`)."""
    return _day_payload(course, course.today(today))


def _plan_to_taper(patient: User) -> Plan:
    plan = Plan.objects.select_for_update().filter(patient=patient).first()
    if plan is None:
        raise ValidationError([FieldError("plan", "there is no plan to taper yet", code="no_plan")])
    return plan


def _save_tapers(actor: User, plan: Plan, course: Course) -> Plan:
    stored = [taper.to_dict() for taper in course.tapers]
    if stored != plan.tapers:
        plan.tapers = stored
        plan.updated_by = actor
        plan.save(update_fields=["tapers", "updated_by", "updated_at"])
    return plan


def start_taper(
    actor: User, patient: User, data: Any, *, today: dt.date, now: dt.datetime | None = None
) -> Plan:
    """Start a taper of ``patient``'s plan as ``actor`` (access checked by the caller), as
    :meth:`baclo.protocols.course.Course.start_taper` allows. Only a prescriber may give an
    ``override_reason`` to taper beyond the limits; it is stored with the taper. The same
    request sent twice changes nothing. Raises :class:`~baclo.errors.ValidationError`; nothing
    is saved then.
    """
    now = now or timezone.now()
    with transaction.atomic():
        plan = _plan_to_taper(patient)
        with _refusals():
            request = TaperRequest.from_dict(data)
            if request.override_reason is not None and actor.role != Role.PRESCRIBER:
                raise FieldError(
                    "taper.override_reason",
                    "only a prescriber may taper beyond the limits, with a reason",
                    code="prescriber_only",
                )
            course = course_of(plan).start_taper(
                request, today=today, set_by=actor.get_username(), set_at=now.isoformat()
            )
        return _save_tapers(actor, plan, course)


def cancel_taper(actor: User, patient: User, *, today: dt.date) -> Plan:
    """Cancel the latest taper: removed if it has not started, else stopped at today's dose
    (:meth:`baclo.protocols.course.Course.stop_taper`)."""
    with transaction.atomic():
        plan = _plan_to_taper(patient)
        with _refusals():
            course = course_of(plan).stop_taper(today=today)
        return _save_tapers(actor, plan, course)


def pause_taper(actor: User, patient: User, *, today: dt.date) -> Plan:
    """Stop the taper going on today, never one planned later
    (:meth:`baclo.protocols.course.Course.pause_taper`); raises its
    :class:`~baclo.protocols.course.NotApplicableError` as it is, for the caller to explain."""
    with transaction.atomic():
        plan = _plan_to_taper(patient)
        return _save_tapers(actor, plan, course_of(plan).pause_taper(today=today))
