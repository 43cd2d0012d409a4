"""Dates and entries shared by the API tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone

from baclo.web.accounts.models import User
from baclo.web.care.services import set_plan
from baclo.web.journal import services

# Every role of the cast but the patient: who must not reach a patient's own endpoints.
NOT_PATIENTS = ["prescriber", "unlinked_prescriber", "analyst", "staff"]
# Who must not see `patient`'s data through /patients/{id}/... (answered 404, like no patient).
OUTSIDERS = ["other_patient", "unlinked_prescriber", "analyst", "staff"]

USUAL_DAY: dict[str, Any] = {
    "intakes": [{"time": "08:00", "dose_mg": 30}, {"time": "16:00", "dose_mg": 40}],
    "craving": {"intensity": 4, "onset": "17:30"},
    "drinks": [{"kind": "beer"}, {"kind": "custom", "volume_ml": 330, "abv_percent": 8}],
    "side_effects": [{"kind": "somnolence", "severity": 2}],
    "mood": 6,
    "note": "long day",
}


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Keep the test's database connection across direct WSGI calls (schemathesis).

    Django's handler closes "old" connections when a request starts and ends; inside a test's
    transaction that closes the connection (PostgreSQL then fails with "the connection is
    closed"). Django's own test client disconnects the same two handlers for the same reason.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


def day(today: dt.date, days_back: int) -> str:
    return (today - dt.timedelta(days=days_back)).isoformat()


@pytest.fixture
def saved_entries(patient: User, today: dt.date) -> list[str]:
    """Three saved entries of ``patient``: today, 2 and 5 days back."""
    dates = [today - dt.timedelta(days=n) for n in (5, 2, 0)]
    for date in dates:
        services.save_entry(patient, date, {**USUAL_DAY, "mood": date.day % 11}, today=today)
    return [d.isoformat() for d in dates]


AMEISEN = {"protocol": "ameisen", "start": "2026-01-05"}


@pytest.fixture
def plan(patient: User, today: dt.date):
    """``patient`` on day 10 of an ``ameisen`` plan (90 mg/day by the table, capped at 80)."""
    start = today - dt.timedelta(days=9)
    return set_plan(patient, patient, {"protocol": "ameisen", "start": start.isoformat()})[0]
