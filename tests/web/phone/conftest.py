"""A fixed day for the reminder tests and a patient on a plan."""

from __future__ import annotations

import datetime as dt

import pytest

from baclo.web.accounts.models import User
from baclo.web.care.models import Plan

#: A Wednesday; the plan started on 2 March (De Beaurepaire: 60 mg/day on day 17).
TODAY = dt.date(2026, 3, 18)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setattr("baclo.web.phone.views.local_today", lambda: TODAY)
    monkeypatch.setattr("baclo.web.journal.services.local_today", lambda: TODAY)
    return TODAY


@pytest.fixture
def plan(patient: User) -> Plan:
    return Plan.objects.create(
        patient=patient,
        protocol="beaurepaire",
        start_date=dt.date(2026, 3, 2),
        craving_onset=dt.time(18, 0),
    )
