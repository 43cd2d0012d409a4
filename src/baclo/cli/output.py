"""Output helpers shared by every command: ``--format``, JSON printing, error consoles."""

from __future__ import annotations

import enum
import json
import sys
from typing import Any

import typer
from rich.console import Console

from baclo.errors import InputError

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


class OutputFormat(enum.StrEnum):
    """The two formats every command takes; some commands add their own (csv, ics)."""

    table = "table"
    json = "json"


FORMAT_OPTION = typer.Option(
    OutputFormat.table, "--format", help="table for people, json for programs."
)


def print_json(data: Any) -> None:
    """Print ``data`` as JSON on stdout, UTF-8, stable key order as built."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def warn(message: str) -> None:
    """Print a one-line warning on stderr (table mode: warnings that matter are shown)."""
    err_console.print(f"[bold yellow]Warning:[/] {message}")


def note(message: str) -> None:
    """Print a one-line note on stderr: how a rule changed the result (not a caution)."""
    err_console.print(f"[bold]Note:[/] {message}")


def bad_input(message: str) -> InputError:
    """Build the error that makes the CLI exit 2 with ``message`` on stderr."""
    return InputError(message)
