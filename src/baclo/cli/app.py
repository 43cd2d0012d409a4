"""The Typer application and the error contract of the CLI (docs/architecture.md, Contracts).

Exit codes: 0 success, 2 bad input (one readable line on stderr), 1 internal error.
Typer runs in non-standalone mode so that usage errors are printed by us in one line
instead of Rich's multi-line panel.
"""

from __future__ import annotations

import os
import sys

import click
import typer

from baclo import __version__
from baclo.cli import coverage, individualise, planning, score, simulate, stats, web
from baclo.errors import BacloError, InputError

app = typer.Typer(
    name="baclo",
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


app.command("protocols")(planning.protocols)
app.command("plan")(planning.plan)
app.command("split")(planning.split)
app.command("taper")(planning.taper)
app.command("score")(score.score)
app.command("simulate")(simulate.simulate_command)
app.command("models")(simulate.models)
app.command("individualise")(individualise.individualise_command)
app.command("migrate")(web.migrate)
app.command("demo")(web.demo)
app.command("serve")(web.serve)
app.command("send-reminders")(web.send_reminders)
app.command("stats")(stats.stats)
app.command("synth-cohort")(stats.synth_cohort)
app.command("coverage")(coverage.coverage)
app.command(
    "manage",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    add_help_option=False,
)(web.manage)


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
