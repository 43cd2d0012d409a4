"""``baclo protocols``, ``plan``, ``split`` and ``taper``: parse, call the core, render.

Contracts: docs/architecture.md (Contracts). Domain logic lives in :mod:`baclo.protocols`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import sys
from typing import Annotated, Any

import typer
from rich.table import Table

from baclo.cli.output import FORMAT_OPTION, OutputFormat, console, note, print_json, warn
from baclo.errors import FieldError, InputError, ValidationError
from baclo.protocols.calendar import calendar_ics, schedule_for
from baclo.protocols.course import Course, CourseSpec, TaperRequest
from baclo.protocols.inputs import format_clock, mg_json, parse_clock, parse_date
from baclo.protocols.plan import (
    DEFAULT_HORIZON_DAYS,
    MAX_HORIZON_DAYS,
    Plan,
    PlanEvent,
    PlanSpec,
    build_plan,
)
from baclo.protocols.split import (
    DEFAULT_MAX_INTAKE_MG,
    DEFAULT_MAX_PEAK_MG_L,
    Split,
    SplitMode,
    SplitRequest,
    assumptions,
    split_daily_dose,
)
from baclo.protocols.tablets import TabletSet, parse_strengths
from baclo.protocols.taper import MIN_INTERVAL_DAYS, Taper, TaperSpeed, build_taper
from baclo.protocols.titration import LABEL_MAX_MG, PROTOCOLS, make_titration

# The taper's keys in ``baclo plan --format json``: its pace, steps and warnings (``baclo taper``).
_TAPER_JSON = frozenset(
    {"start", "speed", "from_mg", "to_mg", "step_mg", "interval_days", "steps", "warnings"}
)
# The course names a taper's fields as the API does; the command line names its options.
_TAPER_OPTIONS = {
    "taper.start": "--taper-start",
    "taper.speed": "--taper-speed",
    "taper.step_mg": "--taper-step",
    "taper.interval_days": "--taper-every",
    "taper.to_mg": "--taper-to",
    "taper.from_mg": "--taper-start",
}
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class PlanFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    ics = "ics"


class TaperFormat(enum.StrEnum):
    table = "table"
    json = "json"
    ics = "ics"


# Options shared by ``split`` and the calendar export of ``plan`` and ``taper``.
ModeOption = Annotated[
    SplitMode, typer.Option("--mode", help="targeted (before the craving) or fractionated.")
]
WakeOption = Annotated[str, typer.Option("--wake", help="Wake time, HH:MM.")]
SleepOption = Annotated[str, typer.Option("--sleep", help="Bedtime, HH:MM.")]
TabletOption = Annotated[
    str,
    typer.Option(
        "--tablets",
        "--tablet",
        help="Tablet strengths the patient has, mg, comma-separated (e.g. 10 or 10,20,30,40); "
        "every dose is made of whole or half tablets of these.",
    ),
]
UnscoredOption = Annotated[
    bool, typer.Option("--unscored", help="The tablets cannot be halved (whole tablets only).")
]
CrclOption = Annotated[
    float | None,
    typer.Option("--crcl", help="Creatinine clearance, mL/min (default: normal)."),
]
IcsCravingOption = Annotated[
    str | None,
    typer.Option("--craving", help="With --format ics: daily craving onset, HH:MM."),
]


def _clock(option: str, text: str) -> dt.time:
    minutes = parse_clock(option, text)
    return dt.time(minutes // 60, minutes % 60)


def _tablets(text: str, unscored: bool) -> TabletSet:
    return parse_strengths(text, field="--tablets", scored=not unscored)


def _split_request(
    daily: float, craving: str, mode: SplitMode, wake: str, sleep: str, tablets: TabletSet
) -> SplitRequest:
    return SplitRequest(
        daily_mg=daily,
        craving=_clock("--craving", craving),
        mode=mode,
        wake=_clock("--wake", wake),
        sleep=_clock("--sleep", sleep),
        tablets=tablets,
    )


def _write_ics(days: list[tuple[dt.date, float]], name: str, request: SplitRequest) -> None:
    ics = calendar_ics(
        schedule_for(days, request),
        name=name,
        tablets=request.tablets,
        stamp=dt.datetime.now(dt.UTC).replace(microsecond=0),
    )
    sys.stdout.write(ics.decode("utf-8"))


def _ics_request(
    craving: str | None,
    mode: SplitMode,
    wake: str,
    sleep: str,
    tablets: TabletSet,
    first_dose: float,
) -> SplitRequest:
    if craving is None:
        raise InputError("--format ics needs --craving HH:MM to time the intakes")
    return _split_request(first_dose, craving, mode, wake, sleep, tablets)


def protocols(output: OutputFormat = FORMAT_OPTION) -> None:
    """List the titration protocols with a one-line description and their source."""
    rows = [
        {"id": p.id.value, "name": p.name, "description": p.description, "source": p.source}
        for p in PROTOCOLS.values()
    ]
    if output is OutputFormat.json:
        print_json({"protocols": rows})
        return
    table = Table("id", "description", "source", title="Titration protocols")
    for row in rows:
        table.add_row(row["id"], f"{row['name']}: {row['description']}", row["source"])
    console.print(table)


def plan(
    protocol: Annotated[str, typer.Option("--protocol", help="Protocol id (baclo protocols).")],
    start: Annotated[str, typer.Option("--start", help="First day, YYYY-MM-DD.")],
    days: Annotated[int, typer.Option("--days", help="Number of days.")] = DEFAULT_HORIZON_DAYS,
    ceiling: Annotated[
        float, typer.Option("--ceiling", help="Daily ceiling, mg/day (above 80: prescriber only).")
    ] = LABEL_MAX_MG,
    start_dose: Annotated[
        float | None, typer.Option("--start-dose", help="label (15-20) or custom: first dose.")
    ] = None,
    increment: Annotated[
        float | None, typer.Option("--increment", help="custom: mg added at each step.")
    ] = None,
    step_days: Annotated[
        int | None, typer.Option("--step-days", help="label (3-4) or custom: days per step.")
    ] = None,
    second_increment: Annotated[
        float | None, typer.Option("--second-increment", help="custom: later increment, mg.")
    ] = None,
    second_from: Annotated[
        float | None,
        typer.Option("--second-from", help="custom: dose from which the second increment applies."),
    ] = None,
    event: Annotated[
        list[str] | None,
        typer.Option(
            "--event",
            help="KIND:YYYY-MM-DD[:DAYS], repeatable: hold:2026-01-10:2, step_back:..., "
            "effective_dose:...",
        ),
    ] = None,
    output: Annotated[
        PlanFormat, typer.Option("--format", help="table, json, csv or ics.")
    ] = PlanFormat.table,
    craving: IcsCravingOption = None,
    mode: ModeOption = SplitMode.TARGETED,
    wake: WakeOption = "07:00",
    sleep: SleepOption = "23:00",
    tablet: TabletOption = "10",
    unscored: UnscoredOption = False,
    crcl: CrclOption = None,
    taper_start: Annotated[
        str | None,
        typer.Option("--taper-start", help="Taper from this day, YYYY-MM-DD (after the start)."),
    ] = None,
    taper_speed: Annotated[
        str,
        typer.Option(
            "--taper-speed",
            help="slow (-10 mg every 4 weeks), fast (-10 mg every week), or custom "
            "(with --taper-step and --taper-every).",
        ),
    ] = TaperSpeed.SLOW.value,
    taper_step: Annotated[
        float | None, typer.Option("--taper-step", help="custom taper: mg taken off per step.")
    ] = None,
    taper_every: Annotated[
        int | None, typer.Option("--taper-every", help="custom taper: days between steps.")
    ] = None,
    taper_to: Annotated[
        float, typer.Option("--taper-to", help="Residual dose of the taper, mg/day.")
    ] = 0.0,
) -> None:
    """Day-by-day plan under a ceiling (default 80 mg/day, the label maximum), then a taper, in
    doses the tablets make; a creatinine clearance below 60 mL/min lengthens the steps.

    With --taper-start the plan follows the treatment course: the taper starts from the dose of
    the day before, never cuts more on its first day than a step may, and the days shown run
    until its last step (or --days, if longer).
    """
    tablets = _tablets(tablet, unscored)
    titration = make_titration(
        protocol,
        start_mg=start_dose,
        increment_mg=increment,
        days_per_step=step_days,
        second_increment_mg=second_increment,
        second_increment_from_mg=second_from,
    )
    spec = PlanSpec(
        titration=titration,
        start=parse_date("--start", start),
        ceiling_mg=ceiling,
        horizon_days=days,
        events=tuple(_event(text) for text in event or ()),
        tablets=tablets,
        crcl_ml_min=crcl,
    )
    course = Course(CourseSpec(plan=spec))
    if taper_start is not None:
        request = {
            "start": taper_start,
            "speed": taper_speed,
            "step_mg": taper_step,
            "interval_days": taper_every,
            "to_mg": taper_to,
        }
        course = _with_taper(course, request)
    plan_days = course.days(max(days, _days_through_taper(course)))
    # The ceiling's cut is reported over the days shown.
    result = build_plan(
        dataclasses.replace(spec, horizon_days=min(len(plan_days), MAX_HORIZON_DAYS))
    )
    if output is PlanFormat.json:
        print_json(_plan_json(result, course, plan_days))
        return
    if output is PlanFormat.ics:
        request = _ics_request(craving, mode, wake, sleep, tablets, plan_days[0][1])
        _write_ics(plan_days, f"baclo: {result.spec.titration.info.name}", request)
    elif output is PlanFormat.csv:
        sys.stdout.write("date,dose_mg\r\n")
        for day, dose in plan_days:
            sys.stdout.write(f"{day.isoformat()},{mg_json(dose)}\r\n")
    else:
        _plan_table(result, plan_days)
    _plan_warnings(result, course)


def _with_taper(course: Course, request: dict[str, Any]) -> Course:
    """The course with the taper asked on the command line; its refusals name the options."""
    try:
        taper = TaperRequest.from_dict(request)
        return course.start_taper(taper, today=taper.start)
    except ValidationError as error:
        raise InputError("; ".join(_option_message(e) for e in error.errors)) from None
    except FieldError as error:
        raise InputError(_option_message(error)) from None


def _option_message(error: FieldError) -> str:
    return f"{_TAPER_OPTIONS.get(error.field, error.field)}: {error.message}"


def _days_through_taper(course: Course) -> int:
    """Days from the start through the last step of the course's taper (0 without one)."""
    if not course.tapers:
        return 0
    return (course.tapers[-1].taper.steps[-1].date - course.start).days + 1


def _plan_json(result: Plan, course: Course, days: list[tuple[dt.date, float]]) -> dict[str, Any]:
    """The plan's JSON; with a taper, the days follow it and ``taper`` holds its steps."""
    data = result.to_dict()
    if not course.tapers:
        return data
    taper = course.tapers[-1]
    return {
        **data,
        "days": [{"date": day.isoformat(), "dose_mg": mg_json(dose)} for day, dose in days],
        "taper": {
            key: value
            for key, value in taper.summary(taper.start, tablets=course.tablets).items()
            if key in _TAPER_JSON
        },
    }


def _event(text: str) -> PlanEvent:
    kind, _, rest = text.partition(":")
    date, _, days = rest.partition(":")
    if days and not days.isdigit():
        raise InputError(f"--event {text!r}: the number of days must be a whole number")
    data = {"kind": kind, "date": date, **({"days": int(days)} if days else {})}
    return PlanEvent.from_dict(data, path="--event")


def _plan_table(result: Plan, days: list[tuple[dt.date, float]]) -> None:
    spec = result.spec
    info = spec.titration.info
    first, last = days[0][0], days[-1][0]
    steps = (
        ""
        if result.days_per_step == spec.titration.days_per_step
        else f", {result.days_per_step} days per step"
    )
    table = Table(
        "week of",
        *_WEEKDAYS,
        title=f"{info.name}: daily dose in mg/day, ceiling {spec.ceiling_mg:g} mg/day{steps}",
        caption=f"Source: {info.source}. baclo assists; it does not prescribe.",
    )
    doses = dict(days)
    monday = first - dt.timedelta(days=first.weekday())
    while monday <= last:
        week = [monday + dt.timedelta(days=i) for i in range(7)]
        cells = [f"{doses[d]:g}" if d in doses else "" for d in week]
        table.add_row(monday.isoformat(), *cells)
        monday += dt.timedelta(days=7)
    console.print(table)


def _plan_warnings(result: Plan, course: Course) -> None:
    for notice in result.notices:
        warn(notice.message)
    for taper in course.tapers:
        warn(
            f"taper from {taper.start.isoformat()}: {taper.taper.from_mg:g} mg/day, "
            f"-{taper.taper.step_mg:g} mg every {taper.taper.interval_days} days down to "
            f"{taper.taper.to_mg:g} mg/day ({taper.taper.source})"
        )
        for warning in taper.taper.warnings:
            warn(warning.message)
    if result.capped_from is not None:
        warn(
            f"the ceiling of {result.spec.ceiling_mg:g} mg/day cuts the "
            f"{result.spec.titration.protocol.value} protocol from "
            f"{result.capped_from.isoformat()}: the dose stays at the ceiling"
        )


def split(
    daily: Annotated[float, typer.Option("--daily", help="Daily dose, mg (half tablets).")],
    craving: Annotated[str, typer.Option("--craving", help="Daily craving onset, HH:MM.")],
    mode: ModeOption = SplitMode.TARGETED,
    wake: WakeOption = "07:00",
    sleep: SleepOption = "23:00",
    tablet: TabletOption = "10",
    unscored: UnscoredOption = False,
    max_intake: Annotated[
        float,
        typer.Option(
            "--max-intake",
            help="Largest single intake, mg (a prescriber's setting; default 50, see "
            "docs/planning.md).",
        ),
    ] = DEFAULT_MAX_INTAKE_MG,
    max_peak: Annotated[
        float,
        typer.Option(
            "--max-peak",
            help="Largest typical steady-state peak, mg/L (a prescriber's setting; default 0.7, "
            "the lowest level at which an intoxication was reported).",
        ),
    ] = DEFAULT_MAX_PEAK_MG_L,
    crcl: CrclOption = None,
    output: OutputFormat = FORMAT_OPTION,
) -> None:
    """Split a daily dose into intakes timed against the craving onset (steady-state PK), in
    the patient's tablets, under a maximum per intake and a maximum peak."""
    request = _split_request(daily, craving, mode, wake, sleep, _tablets(tablet, unscored))
    result = split_daily_dose(
        dataclasses.replace(
            request, crcl_ml_min=crcl, max_intake_mg=max_intake, max_peak_mg_l=max_peak
        )
    )
    if output is OutputFormat.json:
        print_json(result.to_dict())
        return
    _split_tables(result)
    for message in result.notes:
        note(message)
    for message in result.warnings:
        warn(message)


def _split_tables(result: Split) -> None:
    request = result.request
    intakes = Table(
        "time",
        "dose (mg)",
        "tablets",
        title=f"{request.mode.value} split of {request.daily_mg:g} mg/day, "
        f"craving from {request.craving:%H:%M}",
    )
    for intake in result.intakes:
        intakes.add_row(
            format_clock(intake.minute),
            f"{intake.dose_mg:g}",
            request.tablets.describe(intake.dose_mg).en,
        )
    console.print(intakes)
    even = ", ".join(f"{format_clock(i.minute)} {i.dose_mg:g} mg" for i in result.even_intakes)
    comparison = Table(
        "steady state (mg/L)",
        "this split",
        "even split",
        title=f"Compared with an even split ({even})",
        caption=(
            f"Model: {result.model.name}. Assumes: {'; '.join(assumptions(request.crcl_ml_min))}."
        ),
    )
    mine, other = result.metrics, result.even_metrics
    rows: list[tuple[str, float, float]] = [
        ("at craving onset", mine.conc_at_craving_mg_l, other.conc_at_craving_mg_l),
        (
            "lowest, onset to bedtime",
            mine.min_onset_to_bedtime_mg_l,
            other.min_onset_to_bedtime_mg_l,
        ),
        ("peak", mine.peak_mg_l, other.peak_mg_l),
    ]
    for label, a, b in rows:
        comparison.add_row(label, f"{a:.3f}", f"{b:.3f}")
    comparison.add_row("peak time", format_clock(mine.peak_minute), format_clock(other.peak_minute))
    console.print(comparison)


def taper(
    from_mg: Annotated[float, typer.Option("--from", help="Current daily dose, mg.")],
    start: Annotated[str, typer.Option("--start", help="Day of the first reduction.")],
    speed: Annotated[
        TaperSpeed, typer.Option("--speed", help="slow (-10 mg / 4 weeks) or fast (-10 mg / week).")
    ] = TaperSpeed.SLOW,
    to_mg: Annotated[float, typer.Option("--to", help="Residual dose, mg/day.")] = 0.0,
    step: Annotated[
        float | None,
        typer.Option(
            "--step",
            help="Custom reduction per step, mg: at most 15 mg when steps are less than a week "
            "apart, 20 mg otherwise, and 25 % of the dose (10 mg always allowed); later steps "
            "shrink to stay within these limits.",
        ),
    ] = None,
    every: Annotated[
        int | None,
        typer.Option(
            "--every", help=f"Custom days between reductions ({MIN_INTERVAL_DAYS} or more)."
        ),
    ] = None,
    output: Annotated[
        TaperFormat, typer.Option("--format", help="table, json or ics.")
    ] = TaperFormat.table,
    craving: IcsCravingOption = None,
    mode: ModeOption = SplitMode.TARGETED,
    wake: WakeOption = "07:00",
    sleep: SleepOption = "23:00",
    tablet: TabletOption = "10",
    unscored: UnscoredOption = False,
) -> None:
    """Taper down from a daily dose in steps the tablets make. A pace beyond the published
    limits (ANSM 2017: 10-15 mg at most every 2 days) is refused: baclofen is never stopped
    abruptly; the last step to zero is taken from 10 mg at most."""
    tablets = _tablets(tablet, unscored)
    result = build_taper(
        from_mg=from_mg,
        start=parse_date("--start", start),
        to_mg=to_mg,
        speed=speed,
        step_mg=step,
        interval_days=every,
        tablets=tablets,
    )
    if output is TaperFormat.json:
        print_json(result.to_dict())
        return
    if output is TaperFormat.ics:
        request = _ics_request(craving, mode, wake, sleep, tablets, result.steps[0].dose_mg)
        _write_ics(result.daily_doses(), "baclo: taper", request)
    else:
        _taper_table(result)
    for warning in result.warnings:
        warn(warning.message)


def _taper_table(result: Taper) -> None:
    table = Table(
        "from",
        "dose (mg/day)",
        "change",
        "tablets a day",
        title=f"Taper from {result.from_mg:g} mg/day: -{result.step_mg:g} mg every "
        f"{result.interval_days} days at most",
        caption=f"Pace: {result.source}. Never stop abruptly.",
    )
    previous = result.from_mg
    for step in result.steps:
        table.add_row(
            step.date.isoformat(),
            f"{step.dose_mg:g}",
            f"-{previous - step.dose_mg:g}",
            result.tablets.describe(step.dose_mg).en,
        )
        previous = step.dose_mg
    console.print(table)
