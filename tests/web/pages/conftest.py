"""Helpers of the page tests: a plan for the patient, a fixed 'today', HTML checks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from baclo.web.accounts.models import User
from baclo.web.care.models import Plan

#: Every page test runs on this local day (a Wednesday), so that plan days are known.
TODAY = dt.date(2026, 3, 18)
PLAN_START = dt.date(2026, 3, 2)


#: The roles a patient-only page answers 404 to, and those of a prescriber-only page.
NOT_PATIENTS = pytest.mark.parametrize(
    "client_name",
    ["prescriber_client", "analyst_client", "staff_client"],
    ids=["prescriber", "analyst", "staff"],
)
NOT_PRESCRIBERS = pytest.mark.parametrize(
    "client_name",
    ["patient_client", "analyst_client", "staff_client"],
    ids=["patient", "analyst", "staff"],
)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setattr("baclo.web.journal.services.local_today", lambda: TODAY)
    # The plan pages read the site's day from the clock module (below the journal).
    monkeypatch.setattr("baclo.web.clock.local_today", lambda: TODAY)
    return TODAY


@pytest.fixture
def plan(patient: User) -> Plan:
    """De Beaurepaire from 2 March: on 18 March (day 17, step 5) the dose is 60 mg/day."""
    return Plan.objects.create(
        patient=patient, protocol="beaurepaire", start_date=PLAN_START, ceiling_mg=80
    )


def assert_no_server_error(client: Client, method: str, url: str, **data: object) -> None:
    response = getattr(client, method)(url, data=data)
    assert response.status_code < 500, (method, url, response.status_code)


def main_content(response: object) -> str:
    """The page's ``<main>`` element, without the menu and footer."""
    html = response.content.decode()  # type: ignore[attr-defined]
    return html[html.index("<main") : html.index("</main>")]
