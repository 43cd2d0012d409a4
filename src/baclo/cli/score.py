"""``baclo score``: score a questionnaire from a comma-separated list of answers.

Contract: docs/architecture.md (Contracts) (json ``{"instrument", "score", "band", "advice",
...}``). The scoring and its validation live in :mod:`baclo.questionnaires`; bad answers exit 2 with
one line naming each bad item.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from baclo import questionnaires
from baclo.cli.output import FORMAT_OPTION, OutputFormat, console, print_json
from baclo.questionnaires import INSTRUMENTS, Result
from baclo.safety.crisis import CRISIS_RESOURCES, crisis_resources_to_dicts

_INSTRUMENT_HELP = "Questionnaire: " + ", ".join(INSTRUMENTS) + "."


def score(
    instrument: Annotated[str, typer.Argument(help=_INSTRUMENT_HELP, show_default=False)],
    answers: Annotated[
        str,
        typer.Option("--answers", help="Item values in order, comma-separated: 1,0,2,..."),
    ],
    sex: Annotated[
        str | None, typer.Option("--sex", help="f or m (AUDIT-C thresholds depend on it).")
    ] = None,
    output: OutputFormat = FORMAT_OPTION,
) -> None:
    """Score AUDIT, AUDIT-C, PHQ-9 or the Epworth scale; print the band and the advice."""
    values = [part.strip() for part in answers.split(",")]
    result = questionnaires.score(instrument, values, sex=sex)
    if output is OutputFormat.json:
        body = result.to_dict()
        if result.crisis:
            body["crisis_resources"] = crisis_resources_to_dicts()
        print_json(body)
        return
    _print_table(result)


def _print_table(result: Result) -> None:
    table = Table(show_header=False, title=result.instrument.name)
    table.add_row("score", f"{result.score} / {result.instrument.max_score}")
    table.add_row("band", result.band.label.en)
    if result.sex is not None:
        table.add_row("thresholds", f"sex {result.sex.value}")
    table.add_row("advice", result.advice.en)
    table.add_row("source", result.instrument.source)
    console.print(table)
    if result.crisis:
        console.print(
            "[bold red]You said you have had thoughts of death or of hurting yourself. "
            "You are not alone: call now[/]"
        )
        for resource in CRISIS_RESOURCES:
            console.print(
                f"  [bold]{resource.number:>4}[/]  {resource.label.en} ({resource.hours.en})"
            )
