"""``baclo migrate``, ``baclo demo``, ``baclo serve``, ``baclo send-reminders`` and
``baclo manage``: run the web app.

Django is imported inside the commands, after the environment is set, so that the rest of the
CLI starts fast and ``--prod`` can switch DEBUG off before the settings are read.
"""

from __future__ import annotations

import os
from typing import Annotated, Any

import typer

from baclo.errors import InputError

SETTINGS = "baclo.web.settings"
DEMO_PASSWORD_NOTE = "password for all three: {password} (demo data only)"


def _setup(*, prod: bool = False) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    if prod:
        os.environ["BACLO_DEBUG"] = "0"
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:
        raise InputError(str(error)) from None


def _require_migrated() -> None:
    """Refuse to go on with a database whose tables are missing or behind the code: every page
    would answer 500 ("no such table") instead of saying what to do."""
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        raise InputError(f"cannot read the database ({error})") from None
    if pending:
        raise InputError(f"the database lacks {len(pending)} migration(s): run baclo migrate")


def migrate() -> None:
    """Create or update the database tables (SQLite by default, DATABASE_URL otherwise)."""
    _setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)


def demo(
    population: Annotated[
        int, typer.Option(min=0, max=100_000, help="also N synthetic patients (load tests)")
    ] = 0,
    days: Annotated[int, typer.Option(min=1, max=3650, help="journal days per patient")] = 180,
    prescribers: Annotated[
        int, typer.Option(min=1, max=10_000, help="prescribers sharing the population")
    ] = 50,
    linked: Annotated[
        int, typer.Option(min=0, max=100_000, help="patients followed by the first one")
    ] = 300,
) -> None:
    """Load the demo accounts and six weeks of a patient's treatment (idempotent); with
    --population, also a synthetic population of that size (load-patient-N, load-prescriber-N)."""
    _setup()
    _require_migrated()
    from baclo.web.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo

    load_demo()
    if population:
        from baclo.web.population import load_population

        made = load_population(
            patients=population, days=days, prescribers=prescribers, linked=min(linked, population)
        )
        typer.echo(
            f"Population: {made.patients} patients ({made.journal_days} journal days), "
            f"{made.prescribers} prescribers, {made.linked_to_first} followed by "
            f"{made.first_prescriber}"
        )
    typer.echo("Demo accounts:")
    for account in DEMO_ACCOUNTS:
        typer.echo(f"  {account.username:<18} {account.role.value}")
    typer.echo("  " + DEMO_PASSWORD_NOTE.format(password=DEMO_PASSWORD))


def send_reminders() -> None:
    """Send the e-mail reminders due now; safe to run every minute from cron (one e-mail per
    intake at most, even when two runs overlap)."""
    _setup()
    from baclo.web.phone.reminders import send_reminders as send

    typer.echo(f"{send()} reminder(s) sent")


def _gunicorn(host: str, port: int, workers: int) -> None:
    from gunicorn.app.base import BaseApplication

    from baclo.web.wsgi import application

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("accesslog", "-")

        def load(self) -> Any:
            return application

    Server().run()


def serve(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port")] = 8000,
    prod: Annotated[
        bool, typer.Option("--prod", help="DEBUG off, collected static files, gunicorn")
    ] = False,
    workers: Annotated[int, typer.Option(min=1, max=64, help="gunicorn workers (--prod)")] = 2,
) -> None:
    """Serve the web app (development server, or gunicorn with --prod)."""
    _setup(prod=prod)
    _require_migrated()
    from django.core.management import call_command

    typer.echo(f"baclo is serving on http://{host}:{port}/  (Ctrl+C to stop)", err=True)
    if prod:
        call_command("collectstatic", interactive=False, verbosity=0)
        _gunicorn(host, port, workers)
    else:
        call_command("runserver", f"{host}:{port}", use_reloader=False)


def manage(ctx: typer.Context) -> None:
    """Run any Django management command: baclo manage createsuperuser, baclo manage shell..."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["baclo manage", *ctx.args])
    except SystemExit as stop:
        # Django exits 1 for an unknown command or a CommandError: bad input in our contract.
        if stop.code not in (0, None):
            raise InputError(f"baclo manage {' '.join(ctx.args)} failed") from None
