"""``baclo coverage JOURNAL.csv``: the craving-coverage analysis of an exported journal.

The model lives in :mod:`baclo.coverage` (docs/coverage-model.md); this module reads the file
and the options, calls :func:`baclo.coverage.analysis.analyse` and renders it. Bad input (an
unreadable file, a bad row, a bad option) exits 2 with one line on stderr.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from baclo.cli.output import FORMAT_OPTION, OutputFormat, console, print_json
from baclo.errors import InputError

if TYPE_CHECKING:
    from baclo.coverage.analysis import Coverage


def _read(file: Path) -> str:
    try:
        return file.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read {file}: {error}") from None


def coverage(
    file: Annotated[
        Path, typer.Argument(help="Journal CSV (date, intakes, craving_intensity, craving_onset).")
    ],
    ceiling: Annotated[
        float, typer.Option("--ceiling", help="The prescriber's ceiling, mg/day.")
    ] = 80.0,
    tablets: Annotated[
        str, typer.Option("--tablets", help="Tablet strengths in mg, e.g. 10 or 10,20,40.")
    ] = "10",
    crcl: Annotated[
        float | None, typer.Option("--crcl", help="Creatinine clearance, mL/min.")
    ] = None,
    bedtime: Annotated[
        str, typer.Option("--bedtime", help="End of the craving window, HH:MM.")
    ] = "23:00",
    output: OutputFormat = FORMAT_OPTION,
) -> None:
    """Which concentration at craving onset ends your craving; timings and doses to discuss."""
    from baclo.coverage import Kinetics, Limits
    from baclo.coverage.analysis import analyse
    from baclo.coverage.journal_csv import read_journal_csv
    from baclo.protocols.inputs import parse_clock
    from baclo.protocols.tablets import parse_strengths

    minute = parse_clock("bedtime", bedtime)
    limits = Limits(
        ceiling_mg=ceiling,
        tablets=parse_strengths(tablets, field="tablets"),
    )
    entries = read_journal_csv(_read(file))
    if not entries:
        raise InputError(f"{file}: no journal day in the file")
    result = analyse(
        entries,
        Kinetics.population(crcl_ml_min=crcl),
        limits,
        bedtime=dt.time(minute // 60, minute % 60),
    )
    if output is OutputFormat.json:
        print_json(result.to_dict())
        return
    _print(result)


def _print(result: Coverage) -> None:
    data = result.to_dict()
    console.print(f"Kinetics: {data['kinetics']}")
    craving = data["craving"]
    if craving["status"] == "fitted":
        needed = craving["needed_mg_l"]
        console.print(
            f"Craving falls to 2/10 around {needed['median'] * 1000:.0f} ng/mL at onset "
            f"(90 % interval {needed['low'] * 1000:.0f}-{needed['high'] * 1000:.0f}), "
            f"from {craving['days_used']} days."
        )
    else:
        console.print("Not enough data yet for your craving curve:")
        for reason in craving["reasons"]:
            console.print(f"  - {reason['message']}")
    if data["observed_level_mg_l"] is not None:
        console.print(
            f"On your days so far, craving stayed at 2/10 or less above "
            f"{data['observed_level_mg_l'] * 1000:.0f} ng/mL at onset."
        )
    if data["onset"] is not None:
        console.print(f"Craving onset now: {data['onset']}.")
    for suggestion in data["suggestions"]:
        table = Table(title=f"Suggestion: {suggestion['message']}")
        table.add_column("")
        table.add_column("intakes")
        table.add_column("mg/day", justify="right")
        table.add_column("at onset, ng/mL", justify="right")
        table.add_column("peak, ng/mL", justify="right")
        for name in ("before", "after"):
            schedule = suggestion[name]
            intakes = ", ".join(f"{i['time']} {i['dose_mg']:g} mg" for i in schedule["intakes"])
            table.add_row(
                name,
                intakes,
                f"{schedule['daily_mg']:g}",
                f"{schedule['onset_mg_l'] * 1000:.0f}",
                f"{schedule['peak_mg_l'] * 1000:.0f}",
            )
        console.print(table)
        console.print(f"  rests on {len(suggestion['days'])} journal day(s)")
    for note in data["notes"]:
        console.print(f"Note: {note['message']}")
    console.print("Suggestions, never orders: discuss them with your prescriber.")
