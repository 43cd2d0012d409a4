"""``baclo manage verify_prescriber``: list the prescribers waiting, verify one, or revoke.

::

    baclo manage verify_prescriber                      # unverified prescribers and their RPPS
    baclo manage verify_prescriber dr-martin            # verify the number they entered
    baclo manage verify_prescriber dr-martin --rpps 10005173140
    baclo manage verify_prescriber dr-martin --revoke
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from baclo.errors import FieldError
from baclo.web.accounts.models import Role, User
from baclo.web.accounts.verification import revoke_verification, verify_prescriber


class Command(BaseCommand):
    help = "Verify a prescriber's account against their RPPS number (association staff)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", nargs="?", help="the prescriber to verify")
        parser.add_argument("--rpps", help="the RPPS number checked in the public directory")
        parser.add_argument("--revoke", action="store_true", help="back to unverified")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["username"] is None:
            self._list()
            return
        prescriber = User.objects.filter(username=options["username"]).first()
        if prescriber is None:
            raise CommandError(f"no user {options['username']!r}")
        if options["revoke"]:
            revoke_verification(prescriber)
            self.stdout.write(f"{prescriber.get_username()}: unverified")
            return
        try:
            verify_prescriber(prescriber, by=None, rpps=options["rpps"])
        except FieldError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{prescriber.get_username()}: verified (RPPS {prescriber.rpps})")

    def _list(self) -> None:
        waiting = User.objects.filter(role=Role.PRESCRIBER, verified_at__isnull=True)
        for prescriber in waiting.order_by("date_joined"):
            number = prescriber.rpps or "no RPPS number"
            self.stdout.write(
                f"{prescriber.get_username()}\t{number}\t{prescriber.get_full_name()}"
            )
