"""Plan use cases shared by the API and the pages: who may set what, and today's doses.

Ceiling rules (docs/architecture.md, Product rules): the default ceiling is 80 mg/day; only a
prescriber may set it higher, and only with an explicit acknowledgement that is stored with who and
when; never above 300 mg/day. A ceiling set by a prescriber overrides the patient's: the patient
cannot change it afterwards. The day-by-day doses come from :func:`baclo.protocols.plan.build_plan`,
and from a taper's start on from :func:`baclo.protocols.taper.build_taper`
(:mod:`baclo.web.care.taper`): a taper is started and stopped by whoever may change the plan.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from baclo.errors import FieldError, InputError, ValidationError
from baclo.protocols.ceiling import check_ceiling
from baclo.protocols.inputs import mg_json
from baclo.protocols.plan import MAX_HORIZON_DAYS, PlanSpec, build_plan
from baclo.protocols.plan import Plan as DomainPlan
from baclo.protocols.split import SplitMode, SplitRequest, split_daily_dose
from baclo.protocols.titration import TITRATION_PARAMETERS, make_titration
from baclo.web.accounts.models import Role, User
from baclo.web.care.models import DEFAULT_CEILING_MG, Plan
from baclo.web.care.models import SplitMode as StoredSplitMode
from baclo.web.care.taper import (
    MG_TOLERANCE,
    StoredTaper,
    TaperStatus,
    covering,
    first_day_plunge,
    parse_request,
    stored_tapers,
)
from baclo.web.inputs import clock_field, date_field

__all__ = [
    "active_taper_start",
    "cancel_taper",
    "domain_plan",
    "doses_between",
    "get_plan",
    "plan_days",
    "plan_payload",
    "planned_intakes",
    "set_plan",
    "start_taper",
    "today_plan",
]

PLAN_FIELDS = frozenset(
    {"protocol", "start", "ceiling_mg", "ceiling_acknowledged", "parameters", "events", "split"}
)
# The fields that shape the day-by-day doses (the split only spreads a day's dose).
DOSE_FIELDS = PLAN_FIELDS - {"split", "ceiling_acknowledged"}
SPLIT_FIELDS = frozenset({"craving_onset", "wake", "sleep", "mode", "tablet_mg"})
TABLET_SIZES_MG = (5.0, 10.0, 20.0, 25.0, 30.0, 40.0)
# The chart shows the plan two weeks ahead of today, and at least the three-week table.
LOOKAHEAD_DAYS = 14
MIN_HORIZON_DAYS = 21


def get_plan(patient: User) -> Plan | None:
    return Plan.objects.filter(patient=patient).select_related("ceiling_ack_by").first()


def _whole_mg(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise FieldError("ceiling_mg", f"must be a whole number of mg, got {value!r}", code="type")
    check_ceiling(float(value))
    return int(value)


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
        raise FieldError("parameters", error.message, code=error.code) from None
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
    if "tablet_mg" in data:
        if data["tablet_mg"] in TABLET_SIZES_MG and not isinstance(data["tablet_mg"], bool):
            plan.tablet_mg = float(data["tablet_mg"])
        else:
            sizes = ", ".join(f"{s:g}" for s in TABLET_SIZES_MG)
            errors.errors.append(
                FieldError(
                    "split.tablet_mg", f"{data['tablet_mg']!r} is not one of {sizes}", code="choice"
                )
            )


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
                f"({set_by.get_username()}); only a prescriber can change it",
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


def spec_dict(plan: Plan, horizon_days: int = MIN_HORIZON_DAYS) -> dict[str, Any]:
    """The stored plan in the shape of :meth:`baclo.protocols.plan.PlanSpec.from_dict`."""
    return {
        "protocol": plan.protocol,
        "parameters": plan.params,
        "start": plan.start_date.isoformat(),
        "ceiling_mg": plan.ceiling_mg,
        "horizon_days": horizon_days,
        "events": plan.events,
    }


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
    ``today`` (the local day of ``now`` by default) tells which tapers have begun: a change
    never makes a taper raise the dose (:func:`_fit_tapers`).
    Returns ``(plan, created)``; raises :class:`~baclo.errors.ValidationError` naming every bad
    field and saves nothing in that case.
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
        _ceiling(actor, plan, data, errors, now)
        errors.raise_any()
        # Stored as the domain writes them back: unknown keys in an event are not kept.
        plan.events = [event.to_dict() for event in _check_buildable(plan).spec.events]
        _check_tapers_after_start(plan)
        if DOSE_FIELDS & set(data):
            _fit_tapers(plan, timezone.localdate(now) if today is None else today)
        plan.updated_by = actor
        plan.save()
    return plan, created


def _check_buildable(plan: Plan) -> DomainPlan:
    try:
        return domain_plan(plan, horizon_days=1)
    except ValidationError:
        raise
    except FieldError as error:
        raise ValidationError([error]) from None
    except InputError as error:
        raise ValidationError([FieldError("plan", str(error), code="invalid")]) from None
    except (TypeError, ValueError) as error:
        raise ValidationError([FieldError("plan", str(error), code="invalid")]) from None


def _check_tapers_after_start(plan: Plan) -> None:
    """A plan change must leave its tapers after its start (they keep their own doses)."""
    tapers = stored_tapers(plan.tapers)
    if tapers and tapers[0].start <= plan.start_date:
        raise ValidationError(
            [
                FieldError(
                    "start",
                    f"the plan must start before its taper ({tapers[0].start.isoformat()}), "
                    f"got {plan.start_date.isoformat()}",
                    code="after_taper",
                )
            ]
        )


def _fit_tapers(plan: Plan, today: dt.date) -> None:
    """A change of the doses never makes a taper raise the dose when it begins.

    Each taper starts from ``from_mg`` (capped at the ceiling); a change that puts the plan's
    dose of the day before below it would send the dose up when the taper begins. A taper not
    started yet (on ``today``) then starts from that lower dose, as one started now would; a
    taper already begun keeps its doses (the plan's past), so the change is refused. Only
    changes of the doses are checked: a split setting never refuses for a taper stored earlier.
    """
    tapers = stored_tapers(plan.tapers)
    fitted: list[StoredTaper] = []
    for taper in tapers:
        # The days before a taper follow the titration and the earlier tapers only.
        plan.tapers = [t.to_stored() for t in fitted]
        day = taper.start - dt.timedelta(days=1)
        before = doses_between(plan, day, day)[day]
        if min(taper.taper.from_mg, float(plan.ceiling_mg)) > before + MG_TOLERANCE:
            taper = _lowered(taper, before, day, today)
        elif taper.status(today) is TaperStatus.PLANNED:
            _check_no_abrupt_start(taper, before, day)
        fitted.append(taper)
    plan.tapers = [t.to_stored() for t in fitted]


def _check_no_abrupt_start(taper: StoredTaper, before: float, day: dt.date) -> None:
    """A change that raises the dose before a planned taper must not leave its first day
    cutting more than a step may (the rule a new taper follows)."""
    plunge = first_day_plunge(taper.taper, before, day)
    if plunge:
        raise ValidationError(
            [
                FieldError(
                    "plan",
                    f"with this change, {plunge}; change or stop the taper first",
                    code="abrupt_drop",
                )
            ]
        )


def _lowered(taper: StoredTaper, before: float, day: dt.date, today: dt.date) -> StoredTaper:
    refused = ValidationError(
        [
            FieldError(
                "plan",
                f"this change gives {before:g} mg/day on {day.isoformat()}, below the "
                f"{taper.taper.from_mg:g} mg/day the taper of {taper.start.isoformat()} starts "
                "from: the dose would go up when it begins",
                code="below_taper",
            )
        ]
    )
    if taper.status(today) is not TaperStatus.PLANNED:
        raise refused
    try:
        return StoredTaper.from_stored({**taper.to_stored(), "from_mg": before})
    except FieldError:
        # Its residual dose is not below the new starting dose any more.
        raise refused from None


def domain_plan(plan: Plan, *, horizon_days: int = MIN_HORIZON_DAYS) -> DomainPlan:
    """The titration alone; :func:`plan_days` gives the doses with the taper."""
    return build_plan(PlanSpec.from_dict(spec_dict(plan, horizon_days)))


def _dose(
    plan: Plan, tapers: list[StoredTaper], day: dt.date, titration: float
) -> tuple[float, StoredTaper | None]:
    taper = covering(tapers, day)
    if taper is None:
        return titration, None
    dose = taper.dose_on(day)
    # A taper never goes above the ceiling, even one lowered after the taper started.
    return min(titration if dose is None else dose, float(plan.ceiling_mg)), taper


def plan_days(plan: Plan, *, horizon_days: int = MIN_HORIZON_DAYS) -> list[tuple[dt.date, float]]:
    """Every day of the plan from its start with its dose (mg/day), following the taper."""
    return _follow_taper(plan, domain_plan(plan, horizon_days=horizon_days))


def _follow_taper(plan: Plan, titration: DomainPlan) -> list[tuple[dt.date, float]]:
    tapers = stored_tapers(plan.tapers)
    return [(day.date, _dose(plan, tapers, day.date, day.dose_mg)[0]) for day in titration.days]


def doses_between(plan: Plan, first: dt.date, last: dt.date) -> dict[dt.date, float]:
    """The plan's dose (mg/day) of every day from ``first`` to ``last`` on or after its start.

    The titration is computed for 730 days at most and holds its last dose after that, as
    :func:`today_plan` does; a taper follows its own dates, however late it comes.
    """
    first = max(first, plan.start_date)
    if last < first:
        return {}
    horizon = min((last - plan.start_date).days + 1, MAX_HORIZON_DAYS)
    titration = domain_plan(plan, horizon_days=horizon).days
    tapers = stored_tapers(plan.tapers)
    doses = {}
    for offset in range((first - plan.start_date).days, (last - plan.start_date).days + 1):
        day = plan.start_date + dt.timedelta(days=offset)
        doses[day] = _dose(plan, tapers, day, titration[min(offset, horizon - 1)].dose_mg)[0]
    return doses


def active_taper_start(plan: Plan | None, today: dt.date) -> dt.date | None:
    """The start of the taper going on today (started, not stopped), else ``None``."""
    if plan is None:
        return None
    taper = covering(stored_tapers(plan.tapers), today)
    if taper is None or taper.status(today) is not TaperStatus.ACTIVE:
        return None
    return taper.start


def _horizon(plan: Plan, today: dt.date) -> int:
    elapsed = (today - plan.start_date).days + 1 + LOOKAHEAD_DAYS
    tapers = stored_tapers(plan.tapers)
    if tapers:
        # Show the first two weeks of a taper planned beyond the usual view.
        elapsed = max(elapsed, (tapers[-1].start - plan.start_date).days + 1 + LOOKAHEAD_DAYS)
    return min(max(MIN_HORIZON_DAYS, elapsed), MAX_HORIZON_DAYS)


def plan_payload(plan: Plan, today: dt.date) -> dict[str, Any]:
    """The API shape of a plan: what was chosen, who acknowledged the ceiling, and the days.

    ``days`` follow the taper from its start; ``taper`` is the latest taper (``None`` when
    there is none) with its steps and the domain's withdrawal warnings.
    """
    titration = domain_plan(plan, horizon_days=_horizon(plan, today))
    computed = titration.to_dict()
    tapers = stored_tapers(plan.tapers)
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
            "tablet_mg": plan.tablet_mg,
        },
        "days": [
            {"date": day.isoformat(), "dose_mg": mg_json(dose)}
            for day, dose in _follow_taper(plan, titration)
        ],
        "taper": tapers[-1].payload(today) if tapers else None,
        "capped": computed["capped"],
        "notices": computed["notices"],
        "source": computed["source"],
    }


def planned_intakes(dose_mg: float, plan: Plan) -> dict[str, Any]:
    """How ``dose_mg`` is taken over the day, from :func:`baclo.protocols.split.split_daily_dose`.

    Without a known craving onset the targeted split has nothing to aim at, so the even split
    (waking, mid-way, bedtime) is shown until the patient records one. A setting the split
    refuses (a dose that is not a whole number of half tablets) leaves the intakes empty and
    says why, instead of hiding today's dose.
    """
    if dose_mg <= 0:
        return {"split": None, "intakes": [], "split_warnings": []}
    wake, sleep = plan.wake_time, plan.sleep_time
    onset = plan.craving_onset
    if onset is None:
        middle = (wake.hour * 60 + wake.minute + sleep.hour * 60 + sleep.minute) // 2
        onset = dt.time(middle // 60 % 24, middle % 60)
    request = SplitRequest(
        daily_mg=dose_mg,
        craving=onset,
        mode=SplitMode(plan.split_mode),
        wake=wake,
        sleep=sleep,
        tablet_mg=plan.tablet_mg,
    )
    try:
        result = split_daily_dose(request)
    except InputError as error:
        return {"split": None, "intakes": [], "split_warnings": [str(error)]}
    chosen = result.intakes if plan.craving_onset is not None else result.even_intakes
    return {
        "split": plan.split_mode if plan.craving_onset is not None else "even",
        "intakes": [
            {"time": intake.time.strftime("%H:%M"), "dose_mg": intake.dose_mg} for intake in chosen
        ],
        "split_warnings": list(result.warnings),
    }


def today_plan(plan: Plan, today: dt.date) -> dict[str, Any]:
    """Today's dose and intakes; before the start date the dose is 0 and nothing is planned.

    ``phase`` is ``titration`` or ``taper`` (which schedule sets the dose); in a taper ``step``
    counts the taper's steps and ``taper_status`` is ``active`` or ``stopped`` (dose held).
    """
    if today < plan.start_date:
        return {
            "date": today.isoformat(),
            "started": False,
            "dose_mg": 0,
            **planned_intakes(0, plan),
        }
    day = domain_plan(plan, horizon_days=min(_horizon(plan, today), MAX_HORIZON_DAYS)).days[
        min((today - plan.start_date).days, MAX_HORIZON_DAYS - 1)
    ]
    dose, taper = _dose(plan, stored_tapers(plan.tapers), today, day.dose_mg)
    return {
        "date": today.isoformat(),
        "started": True,
        "day": (today - plan.start_date).days + 1,
        "phase": "titration" if taper is None else "taper",
        "taper_status": None if taper is None else taper.status(today).value,
        "step": day.step if taper is None else taper.step_on(today),
        "dose_mg": dose,
        **planned_intakes(dose, plan),
    }


def _plan_to_taper(patient: User) -> Plan:
    plan = Plan.objects.select_for_update().filter(patient=patient).first()
    if plan is None:
        raise ValidationError([FieldError("plan", "there is no plan to taper yet", code="no_plan")])
    return plan


def start_taper(
    actor: User, patient: User, data: Any, *, today: dt.date, now: dt.datetime | None = None
) -> Plan:
    """Start a taper of ``patient``'s plan as ``actor`` (access checked by the caller).

    The taper starts from the plan's dose of the day before ``start`` unless ``from_mg`` is
    given (never above the ceiling). A taper not started yet is replaced; one going on must be
    stopped first (:func:`cancel_taper`), and a new one starts on or after that stop. The same
    request sent twice changes nothing. Raises :class:`~baclo.errors.ValidationError`.
    """
    now = now or timezone.now()
    with transaction.atomic():
        plan = _plan_to_taper(patient)
        tapers = stored_tapers(plan.tapers)
        if tapers and tapers[-1].status(today) is TaperStatus.PLANNED:
            tapers = tapers[:-1]
        plan.tapers = [t.to_stored() for t in tapers]
        new = parse_request(
            data,
            plan_start=plan.start_date,
            today=today,
            ceiling_mg=float(plan.ceiling_mg),
            dose_before=lambda day: doses_between(plan, day, day)[day],
            set_by=actor.get_username(),
            set_at=now.isoformat(),
        )
        previous = stored_tapers(plan.tapers)[-1] if plan.tapers else None
        if previous is not None and previous.same_request(new):
            return plan
        if previous is not None:
            _check_after(previous, new, today)
        plan.tapers = [*plan.tapers, new.to_stored()]
        plan.updated_by = actor
        plan.save(update_fields=["tapers", "updated_by", "updated_at"])
    return plan


def _check_after(previous: StoredTaper, new: StoredTaper, today: dt.date) -> None:
    if previous.status(today) is TaperStatus.ACTIVE:
        raise ValidationError(
            [
                FieldError(
                    "taper",
                    f"a taper is going on since {previous.start.isoformat()}: stop it first",
                    code="in_progress",
                )
            ]
        )
    stopped = previous.stopped_on
    if stopped is not None and new.start < stopped:
        raise ValidationError(
            [
                FieldError(
                    "taper.start",
                    f"the previous taper was stopped on {stopped.isoformat()}: a new one "
                    f"starts on or after it, got {new.start.isoformat()}",
                    code="before_stop",
                )
            ]
        )


def cancel_taper(actor: User, patient: User, *, today: dt.date) -> Plan:
    """Cancel the latest taper: removed if it has not started, else stopped at today's dose.

    A taper that has begun is never undone: going back to the titration dose at once, or
    stopping, would be an abrupt change; the dose of today is held until the plan changes.
    """
    with transaction.atomic():
        plan = _plan_to_taper(patient)
        tapers = stored_tapers(plan.tapers)
        if not tapers or tapers[-1].status(today) is TaperStatus.STOPPED:
            raise ValidationError(
                [FieldError("taper", "there is no taper to cancel", code="no_taper")]
            )
        last = tapers[-1]
        if last.status(today) is TaperStatus.PLANNED:
            tapers = tapers[:-1]
        else:
            tapers[-1] = dataclasses.replace(last, stopped_on=today)
        plan.tapers = [t.to_stored() for t in tapers]
        plan.updated_by = actor
        plan.save(update_fields=["tapers", "updated_by", "updated_at"])
    return plan
