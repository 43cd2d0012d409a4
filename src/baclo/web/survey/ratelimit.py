"""Rate limits of anonymous answering, without storing any IP address.

Limiting by IP would mean processing (and, for a window, keeping) a personal identifier of
people who answer a survey about their drinking. Instead:

1. **Per browser session**: the answer form is only accepted from a browser that loaded it
   (the session cookie carries when the form was shown), and one session may answer a survey
   once per :data:`SESSION_WINDOW`. Django's session table holds a random key, the expiry and
   these timestamps, nothing about the network.
2. **Per survey**: at most :data:`SURVEY_PER_MINUTE` answers a minute for one survey, counted in
   the cache under the survey's slug and the current minute. A script that throws its cookies
   away gets a fresh session each time, and this ceiling bounds what it can add. The cache is the
   database (:mod:`baclo.web.cache`), so the ceiling holds across every server process.

Neither key contains anything about the person; both expire by themselves.
"""

from __future__ import annotations

import time
from typing import Final

from django.contrib.sessions.backends.base import SessionBase

from baclo.web.cache import count, hit

__all__ = [
    "SESSION_WINDOW",
    "SURVEY_PER_MINUTE",
    "RefusedError",
    "check",
    "form_shown",
    "record",
]

SESSION_WINDOW: Final = 12 * 3600
"""Seconds before the same browser may answer the same survey again (a shared computer)."""
SURVEY_PER_MINUTE: Final = 60
"""Answers a minute for one survey: far above a real campaign, far below a flood."""


class RefusedError(Exception):
    """An answer that must not be stored; ``code`` says why (``no_session``, ``session``,
    ``survey``)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _shown_key(slug: str) -> str:
    return f"survey-shown-{slug}"


def _answered_key(slug: str) -> str:
    return f"survey-answered-{slug}"


def _rate_key(slug: str) -> str:
    return f"survey-rate-{slug}"


def form_shown(session: SessionBase, slug: str) -> None:
    session[_shown_key(slug)] = int(time.time())


def check(session: SessionBase, slug: str, now: float | None = None) -> None:
    """Raise :class:`RefusedError` unless this session may answer ``slug`` now."""
    now = time.time() if now is None else now
    if _shown_key(slug) not in session:
        raise RefusedError("no_session")
    answered = session.get(_answered_key(slug))
    if answered is not None and now - answered < SESSION_WINDOW:
        raise RefusedError("session")
    if count(_rate_key(slug), 60, now=now) >= SURVEY_PER_MINUTE:
        raise RefusedError("survey")


def record(session: SessionBase, slug: str, now: float | None = None) -> None:
    """Count a stored answer against both limits."""
    now = time.time() if now is None else now
    session[_answered_key(slug)] = int(now)
    hit(_rate_key(slug), 60, now=now)
