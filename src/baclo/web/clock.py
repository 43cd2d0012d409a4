"""The site's calendar day: every app's "today" is the local date, not the server's UTC one."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

__all__ = ["local_today"]


def local_today() -> dt.date:
    """Today in the site's time zone (Europe/Paris): a journal day is a local calendar day."""
    return timezone.localdate()
