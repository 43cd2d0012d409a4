"""Helpers of the safety tests: entries saved for real, on the page tests' fixed 'today' with
their plan in titration (de Beaurepaire from 2 March: 60 mg/day on 18 March).

Entries go through :func:`baclo.web.journal.services.save_entry`, the path every page and the
API take, so that the tests see the rules run exactly as in production.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from baclo.web.accounts.models import User
from baclo.web.journal.services import save_entry

from ..pages.conftest import PLAN_START, TODAY, fixed_today, plan

__all__ = ["PLAN_START", "TODAY", "entry", "fixed_today", "plan", "save"]


def entry(*, dose: float = 60, effects: dict[str, int] | None = None, **extra: Any) -> dict:
    """A journal entry in the API shape: the day's dose in one intake, and side effects."""
    return {
        "intakes": [{"time": "08:00", "dose_mg": dose}] if dose else [],
        "side_effects": [{"kind": k, "severity": s} for k, s in (effects or {}).items()],
        **extra,
    }


def save(patient: User, data: dict, day: dt.date = TODAY) -> None:
    save_entry(patient, day, data, today=TODAY)


@pytest.fixture
def named_prescriber(prescriber: User) -> User:
    """The linked prescriber with a display name the messages can be checked for."""
    prescriber.first_name, prescriber.last_name = "Carol", "D."
    prescriber.save()
    return prescriber
