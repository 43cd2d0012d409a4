"""``baclo individualise``: the patient's own CL/F and V/F from measured levels.

Parses ``--intake DATE/TIME=MG`` (or a CSV of intakes) and ``--sample DATE/TIME=LEVEL``, calls
:func:`baclo.pk.bayes.individualise` and prints a table or its json. The method, priors and
refusals are documented in docs/pk-model.md (section 8).
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from baclo.cli.output import FORMAT_OPTION, OutputFormat, console, print_json, warn
from baclo.errors import InputError
from baclo.pk import load_model
from baclo.pk.bayes import (
    ESTIMABLE,
    Individualisation,
    LevelUnit,
    MeasuredLevel,
    TimedIntake,
    individualise,
)

_TIMED = re.compile(r"^(\d{4}-\d{2}-\d{2})[T /_](\d{2}:\d{2})=(.*)$")
_CLOCK_DOSE = re.compile(r"^(\d{2}:\d{2})=(.*)$")
_UNITS = {unit.value.lower(): unit for unit in LevelUnit}
_LABELS = {"ka": "ka (1/h)", "cl": "CL/F (L/h)", "v": "V/F (L)"}


def _moment(date_text: str, clock_text: str, option: str, text: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(f"{date_text}T{clock_text}")
    except ValueError:
        raise InputError(
            f"invalid {option} {text!r}: {date_text} {clock_text} is not a date and time"
        ) from None


def _number(value: str, option: str, text: str, what: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise InputError(f"invalid {option} {text!r}: {what} {value!r} is not a number") from None
    if not math.isfinite(number):
        raise InputError(f"invalid {option} {text!r}: {what} {value!r} is not a number")
    return number


def parse_timed(text: str, option: str) -> tuple[dt.datetime, float]:
    """``YYYY-MM-DD/HH:MM=N`` (``T``, space or ``/`` between date and time) -> (when, N)."""
    match = _TIMED.match(text.strip())
    if match is None:
        raise InputError(
            f"invalid {option} {text!r}: expected YYYY-MM-DD/HH:MM=NUMBER, e.g. 2026-03-04/08:00=30"
        )
    what = "dose" if option == "--intake" else "level"
    return _moment(match[1], match[2], option, text), _number(match[3], option, text, what)


def read_intakes_csv(path: Path) -> list[TimedIntake]:
    """Intakes from a CSV: columns ``taken_at,dose_mg`` or a journal's ``date,intakes``.

    The journal form has one row per day, ``intakes`` as ``HH:MM=MG;HH:MM=MG`` (empty: none).
    """
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from error
    except (UnicodeDecodeError, csv.Error) as error:
        raise InputError(f"cannot read {path}: not a UTF-8 CSV file ({error})") from error
    intakes: list[TimedIntake] = []
    for line, row in enumerate(rows, start=2):
        where = f"{path}, line {line}"
        if "taken_at" in row and "dose_mg" in row:
            when, dose = parse_timed(f"{row['taken_at']}={row['dose_mg']}", where)
            intakes.append(TimedIntake(taken_at=when, dose_mg=dose))
        elif "date" in row and "intakes" in row:
            intakes.extend(_journal_row(row["date"] or "", row["intakes"] or "", where))
        else:
            raise InputError(f"{path}: expected columns taken_at,dose_mg or date,intakes")
    return intakes


def _journal_row(date_text: str, intakes_text: str, where: str) -> list[TimedIntake]:
    found = []
    for item in filter(None, (part.strip() for part in intakes_text.split(";"))):
        match = _CLOCK_DOSE.match(item)
        if match is None:
            raise InputError(f"{where}: invalid intake {item!r}, expected HH:MM=MG")
        when, dose = parse_timed(f"{date_text.strip()}/{match[1]}={match[2]}", where)
        found.append(TimedIntake(taken_at=when, dose_mg=dose))
    return found


def _unit(text: str) -> LevelUnit:
    unit = _UNITS.get(text.strip().lower())
    if unit is None:
        raise InputError(f"invalid --unit {text!r}: expected ng/mL or mg/L")
    return unit


def individualise_command(
    intake: Annotated[
        list[str] | None,
        typer.Option("--intake", help="Intake taken, YYYY-MM-DD/HH:MM=MG; repeat for each."),
    ] = None,
    intakes_csv: Annotated[
        Path | None,
        typer.Option(
            "--intakes-csv", help="CSV of intakes: taken_at,dose_mg or a journal's date,intakes."
        ),
    ] = None,
    sample: Annotated[
        list[str] | None,
        typer.Option("--sample", help="Measured level, YYYY-MM-DD/HH:MM=LEVEL; repeat."),
    ] = None,
    unit: Annotated[str, typer.Option("--unit", help="Unit of the levels: ng/mL or mg/L.")] = (
        "ng/mL"
    ),
    confirm_unit: Annotated[
        bool,
        typer.Option("--confirm-unit", help="The unit is right even if the level looks 1000x off."),
    ] = False,
    crcl: Annotated[
        float | None,
        typer.Option("--crcl", help="Creatinine clearance, mL/min (Cockcroft-Gault), 0-250."),
    ] = None,
    model: Annotated[
        str | None, typer.Option("--model", help="PK parameter set (baclo models).")
    ] = None,
    now: Annotated[
        str | None,
        typer.Option("--now", help="The present, YYYY-MM-DDTHH:MM (default: the clock)."),
    ] = None,
    output: OutputFormat = FORMAT_OPTION,
) -> None:
    """The patient's own CL/F and V/F from measured levels (Bayesian MAP, 90% intervals)."""
    level_unit = _unit(unit)
    intakes = [
        TimedIntake(taken_at=when, dose_mg=dose)
        for when, dose in (parse_timed(text, "--intake") for text in intake or [])
    ]
    if intakes_csv is not None:
        intakes += read_intakes_csv(intakes_csv)
    samples = [
        MeasuredLevel(taken_at=when, value=value, unit=level_unit)
        for when, value in (parse_timed(text, "--sample") for text in sample or [])
    ]
    present = dt.datetime.now() if now is None else _present(now)
    result = individualise(
        load_model(model),
        intakes,
        samples,
        now=present,
        crcl_ml_min=crcl,
        units_confirmed=confirm_unit,
    )
    if output is OutputFormat.json:
        print_json(result.to_dict())
        return
    _render(result, level_unit)
    for caution in result.warnings:
        warn(caution.message)


def _present(text: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise InputError(f"invalid --now {text!r}: expected YYYY-MM-DDTHH:MM") from None


def _render(result: Individualisation, unit: LevelUnit) -> None:
    model = result.model
    console.print(f"[bold]Model[/]: {model.name}. {model.citation}")
    console.print(
        "Method: maximum a posteriori under the model's between-subject variability and residual "
        f"error ({model.residual.source}); 90% intervals by the Laplace approximation."
    )
    table = Table("parameter", "population", "this patient", "90% interval", title="Estimate")
    mode, typical = result.mode, result.typical
    for name in ESTIMABLE:
        if name in result.estimated:
            low, high = result.interval_90(name)
            interval = f"{low:.3g}-{high:.3g}"
        else:
            interval = "fixed (not informed by the levels)"
        table.add_row(_LABELS[name], f"{typical[name]:.3g}", f"{mode[name]:.3g}", interval)
    typical_half_life = math.log(2.0) * typical["v"] / typical["cl"]
    table.add_row("half-life (h)", f"{typical_half_life:.2g}", f"{result.half_life_h:.2g}", "")
    console.print(table)
    scale = 1.0 / unit.to_mg_l
    fits = Table("sampled", f"measured {unit}", "population", "this patient", title="Levels")
    for fit in result.samples:
        fits.add_row(
            f"{fit.taken_at:%Y-%m-%d %H:%M}",
            f"{fit.observed_mg_l * scale:.3g}",
            f"{fit.population_mg_l * scale:.3g}",
            f"{fit.individual_mg_l * scale:.3g}",
        )
    console.print(fits)
