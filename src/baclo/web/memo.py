"""Rows read once per request by the views that change nothing.

A page such as Today asks for the same rows from several places: the view, the safety banner's
two parts, the questionnaire reminders and the stock card each read the patient's plan, their
declared creatinine clearance (with each read of the course) or their open alerts. Inside a view
decorated with :func:`read_once`, :func:`once` keeps each answer until that view returns, so
each row is read once; anywhere else (a view that writes, the API, the CLI) it reads every time.

Nothing is kept across requests: the answers live in a context variable set for the duration of
the view and reset after it, so a page never shows safety data older than its own request.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar, cast

__all__ = ["once", "read_once"]

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

_answers: ContextVar[dict[Hashable, Any] | None] = ContextVar("baclo_read_once", default=None)


def once(key: Hashable, read: Callable[[], T]) -> T:
    """``read()``, or its answer of earlier in the same read-only view (same ``key``)."""
    answers = _answers.get()
    if answers is None:
        return read()
    if key not in answers:
        answers[key] = read()
    return cast(T, answers[key])


def read_once(view: Callable[P, R]) -> Callable[P, R]:
    """Decorate a view that writes nothing (its template tags included): within it, the reads
    made through :func:`once` happen once."""

    @functools.wraps(view)
    def reading_once(*args: P.args, **kwargs: P.kwargs) -> R:
        token = _answers.set({})
        try:
            return view(*args, **kwargs)
        finally:
            _answers.reset(token)

    return reading_once
