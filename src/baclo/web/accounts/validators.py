"""Password rules of our own, beside Django's (``AUTH_PASSWORD_VALIDATORS`` in settings)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The demo accounts' password (``baclo demo``), here so that the rule refusing it sits below the
# demo loader; demo data only (docs/architecture.md, Contracts).
DEMO_PASSWORD = "baclo-demo-2026"


class NotTheDemoPasswordValidator:
    """The demo accounts' password is printed in the README and by ``baclo demo``: anyone knows
    it. ``baclo demo`` sets it without validation; any form that sets a password refuses it."""

    def validate(self, password: str, user: Any = None) -> None:
        if password.strip().casefold() == DEMO_PASSWORD.casefold():
            raise ValidationError(
                _("This is the public password of the demo accounts: choose another one."),
                code="password_is_demo",
            )

    def get_help_text(self) -> str:
        return _("It cannot be the demo accounts' password.")
