"""``baclo protocols``, ``plan``, ``split`` and ``taper``: parse, call the core, render.

Contracts: DESIGN.md section 3. Domain logic lives in :mod:`baclo.protocols`.
"""

from __future__ import annotations

import datetime as dt
import enum
import sys
from typing import Annotated

import typer
from rich.table import Table

from baclo.cli.output import FORMAT_OPTION, OutputFormat, console, print_json, warn
from baclo.protocols.inputs import mg_json, parse_date
from baclo.protocols.plan import DEFAULT_HORIZON_DAYS, Plan, PlanSpec, build_plan
from baclo.protocols.titration import LABEL_MAX_MG, PROTOCOLS, make_titration

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class PlanFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    ics = "ics"


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
    output: Annotated[
        PlanFormat, typer.Option("--format", help="table, json, csv or ics.")
    ] = PlanFormat.table,
) -> None:
    """Day-by-day titration plan under a ceiling (default 80 mg/day, the label maximum)."""
    titration = make_titration(
        protocol,
        start_mg=start_dose,
        increment_mg=increment,
        days_per_step=step_days,
        second_increment_mg=second_increment,
        second_increment_from_mg=second_from,
    )
    result = build_plan(
        PlanSpec(
            titration=titration,
            start=parse_date("--start", start),
            ceiling_mg=ceiling,
            horizon_days=days,
        )
    )
    if output is PlanFormat.json:
        print_json(result.to_dict())
        return
    if output is PlanFormat.csv:
        sys.stdout.write("date,dose_mg\r\n")
        for day in result.days:
            sys.stdout.write(f"{day.date.isoformat()},{mg_json(day.dose_mg)}\r\n")
    else:
        _plan_table(result)
    _plan_warnings(result)


def _plan_table(result: Plan) -> None:
    spec = result.spec
    info = spec.titration.info
    first, last = result.days[0].date, result.days[-1].date
    table = Table(
        "week of",
        *_WEEKDAYS,
        title=f"{info.name}: daily dose in mg/day, ceiling {spec.ceiling_mg:g} mg/day",
        caption=f"Source: {info.source}. baclo assists; it does not prescribe.",
    )
    doses = {day.date: day.dose_mg for day in result.days}
    monday = first - dt.timedelta(days=first.weekday())
    while monday <= last:
        week = [monday + dt.timedelta(days=i) for i in range(7)]
        cells = [f"{doses[d]:g}" if d in doses else "" for d in week]
        table.add_row(monday.isoformat(), *cells)
        monday += dt.timedelta(days=7)
    console.print(table)


def _plan_warnings(result: Plan) -> None:
    for notice in result.notices:
        warn(notice.message)
    if result.capped_from is not None:
        warn(
            f"the ceiling of {result.spec.ceiling_mg:g} mg/day cuts the "
            f"{result.spec.titration.protocol.value} protocol from "
            f"{result.capped_from.isoformat()}: the dose stays at the ceiling"
        )
