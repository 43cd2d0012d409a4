"""Helpers of the safety tests: a fixed 'today', a plan in titration, entries saved for real.

Entries go through :func:`baclo.web.journal.services.save_entry`, the path every page and the
API take, so that the tests see the rules run exactly as in production.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from baclo.web.accounts.models import User
from baclo.web.care.models import Plan
from baclo.web.journal.services import save_entry

#: A Wednesday; the plan started 16 days before, so the patient is titrating (60 mg/day).
TODAY = dt.date(2026, 3, 18)
PLAN_START = dt.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setattr("baclo.web.journal.services.local_today", lambda: TODAY)
    return TODAY


@pytest.fixture
def plan(patient: User) -> Plan:
    """De Beaurepaire from 2 March: +10 mg every 3 days, 60 mg/day on 18 March."""
    return Plan.objects.create(
        patient=patient, protocol="beaurepaire", start_date=PLAN_START, ceiling_mg=80
    )


def entry(*, dose: float = 60, effects: dict[str, int] | None = None, **extra: Any) -> dict:
    """A journal entry in the API shape: the day's dose in one intake, and side effects."""
    return {
        "intakes": [{"time": "08:00", "dose_mg": dose}] if dose else [],
        "side_effects": [{"kind": k, "severity": s} for k, s in (effects or {}).items()],
        **extra,
    }


def save(patient: User, data: dict, day: dt.date = TODAY) -> None:
    save_entry(patient, day, data, today=TODAY)
