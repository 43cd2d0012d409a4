"""``python -m baclo.web survey_ready_made [--demo-answers N]``: create the ready-made survey."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from baclo.web.survey.ready_made import ensure_ready_made_survey, load_demo_survey


class Command(BaseCommand):
    help = "Create the ready-made survey 'Baclofen and alcohol' (and synthetic demo answers)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--demo-answers",
            type=int,
            default=0,
            help="also store this many SYNTHETIC answers (demo data only)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        n = options["demo_answers"]
        if n < 0:
            raise CommandError(f"--demo-answers must be 0 or more, got {n}")
        survey = load_demo_survey(n=n) if n else ensure_ready_made_survey()
        self.stdout.write(
            f"survey {survey.title!r}: /s/{survey.slug}/ ({survey.answers.count()} answers)"
        )
