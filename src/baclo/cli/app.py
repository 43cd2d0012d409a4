"""The Typer application and the error contract of the CLI (docs/architecture.md, Contracts).

Exit codes: 0 success, 2 bad input (one readable line on stderr), 1 internal error.
Typer runs in non-standalone mode so that usage errors are printed by us in one line
instead of Rich's multi-line panel.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any, NamedTuple

import click
import typer
from typer.core import TyperGroup

from baclo import __version__
from baclo.errors import BacloError, InputError


class LazyCommand(NamedTuple):
    """A command whose module is imported only when the command runs or shows its help."""

    module: str
    function: str
    short_help: str
    settings: dict[str, Any] = {}


#: Every command but ``version``, in the order ``baclo --help`` lists them.
COMMANDS: dict[str, LazyCommand] = {
    "protocols": LazyCommand(
        "baclo.cli.planning", "protocols", "List the titration protocols and their sources."
    ),
    "plan": LazyCommand(
        "baclo.cli.planning", "plan", "Day-by-day plan under a ceiling, then a taper."
    ),
    "split": LazyCommand(
        "baclo.cli.planning", "split", "Split a daily dose into intakes timed against craving."
    ),
    "taper": LazyCommand(
        "baclo.cli.planning", "taper", "Taper down from a daily dose in steps the tablets make."
    ),
    "score": LazyCommand(
        "baclo.cli.score", "score", "Score AUDIT, AUDIT-C, PHQ-9 or the Epworth scale."
    ),
    "simulate": LazyCommand(
        "baclo.cli.simulate",
        "simulate_command",
        "Plasma concentration of a daily schedule repeated N days.",
    ),
    "models": LazyCommand(
        "baclo.cli.simulate", "models", "List the pharmacokinetic parameter sets and sources."
    ),
    "individualise": LazyCommand(
        "baclo.cli.individualise",
        "individualise_command",
        "The patient's own CL/F and V/F from measured levels.",
    ),
    "migrate": LazyCommand("baclo.cli.web", "migrate", "Create or update the database tables."),
    "demo": LazyCommand(
        "baclo.cli.web", "demo", "Load the demo accounts and six weeks of a patient's treatment."
    ),
    "serve": LazyCommand(
        "baclo.cli.web", "serve", "Serve the web app (development server or gunicorn)."
    ),
    "send-reminders": LazyCommand(
        "baclo.cli.web", "send_reminders", "Send the e-mail reminders due now."
    ),
    "stats": LazyCommand(
        "baclo.cli.stats", "stats", "Summarise a cohort: effective dose, correlations, time."
    ),
    "synth-cohort": LazyCommand(
        "baclo.cli.stats",
        "synth_cohort",
        "Write a SYNTHETIC cohort calibrated to the survey figures.",
    ),
    "coverage": LazyCommand(
        "baclo.cli.coverage",
        "coverage",
        "Which concentration at craving onset ends your craving.",
    ),
    "manage": LazyCommand(
        "baclo.cli.web",
        "manage",
        "Run any Django management command.",
        {
            "context_settings": {"allow_extra_args": True, "ignore_unknown_options": True},
            "add_help_option": False,
        },
    ),
}


def _command(name: str) -> click.Command:
    """The click command of ``name``, its module imported now."""
    lazy = COMMANDS[name]
    function = getattr(importlib.import_module(lazy.module), lazy.function)
    single = typer.Typer(
        add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None
    )
    single.command(name, short_help=lazy.short_help, **lazy.settings)(function)
    return typer.main.get_command(single)


class LazyGroup(TyperGroup):
    """The ``baclo`` group: a command's module (and what it imports: numpy, scipy, icalendar,
    Django, the safety rules) is imported only when that command runs or shows its help, so that
    ``baclo --help`` and ``baclo version`` start in a fraction of the time."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*super().list_commands(ctx), *(n for n in COMMANDS if n not in self.commands)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            self.add_command(_command(cmd_name), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The list of commands from their short help, without importing their modules."""
        rows = [
            (name, self.commands[name].get_short_help_str())
            if name in self.commands
            else (name, COMMANDS[name].short_help)
            for name in self.list_commands(ctx)
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


app = typer.Typer(
    name="baclo",
    cls=LazyGroup,
    help="Plan, simulate and track a baclofen treatment. baclo assists; it does not prescribe.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def root() -> None:
    """baclo assists patients and prescribers; it does not prescribe."""


@app.command("version")
def version() -> None:
    """Print the version of baclo."""
    typer.echo(__version__)


def _one_line(message: str) -> str:
    return " ".join(message.split())


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``baclo`` console script; returns the process exit code."""
    try:
        app(args=argv, prog_name="baclo", standalone_mode=False)
    except click.exceptions.Exit as stop:
        return stop.exit_code
    except click.exceptions.Abort:
        sys.stderr.write("Aborted.\n")
        return 1
    except click.ClickException as error:
        sys.stderr.write(f"Error: {_one_line(error.format_message())}\n")
        return 2
    except InputError as error:
        sys.stderr.write(f"Error: {_one_line(str(error))}\n")
        return 2
    except BacloError as error:
        sys.stderr.write(f"Internal error: {_one_line(str(error))}\n")
        return 1
    except Exception as error:  # the last line of defence: never a traceback for users
        if os.environ.get("BACLO_DEBUG"):
            raise
        sys.stderr.write(f"Internal error: {type(error).__name__}: {_one_line(str(error))}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
