"""The busiest views run a number of queries that does not grow with the data.

Each view is requested twice, once over a small population (few patients, a short journal) and
once over a larger one; both must run the same number of queries. A view that reads one row per
patient or per day (an "N+1") fails here, whatever the speed of the machine that runs the test.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from baclo.journal import entry_to_dict, parse_entry
from baclo.web.accounts.models import Role, User
from baclo.web.care.models import CareLink, LinkStatus, Plan
from baclo.web.journal.models import JournalEntry
from baclo.web.safety.models import Alert, HealthProfile

from .conftest import logged_in, make_user, send_json

TODAY = dt.date(2026, 3, 18)
#: Small and large populations: (linked patients, journal days of each).
SMALL, LARGE = (2, 5), (12, 60)
#: Every patient is in maintenance at 80 mg/day (De Beaurepaire from 70 days ago).
PLAN_START = TODAY - dt.timedelta(days=70)

DAY: dict[str, Any] = {
    "intakes": [{"time": "08:00", "dose_mg": 40}, {"time": "16:00", "dose_mg": 40}],
    "craving": {"intensity": 4, "onset": "17:30"},
    "drinks": [{"kind": "beer"}],
    "mood": 6,
}


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("baclo.web.journal.services.local_today", lambda: TODAY)
    monkeypatch.setattr("baclo.web.clock.local_today", lambda: TODAY)
    monkeypatch.setattr("baclo.web.api.plan.local_today", lambda: TODAY)
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)


def _journal(patient: User, days: int) -> None:
    """``days`` logged days ending today, stored as the journal service stores them."""
    rows = []
    for back in range(days):
        date = TODAY - dt.timedelta(days=back)
        entry = parse_entry({**DAY, "mood": back % 11}, entry_date=date)
        rows.append(
            JournalEntry(
                patient=patient,
                date=date,
                data=entry_to_dict(entry),
                dose_mg=entry.dose_mg,
                craving_intensity=4,
                alcohol_g=entry.alcohol_g,
                mood=entry.mood,
            )
        )
    JournalEntry.objects.bulk_create(rows)


def _patient(username: str, prescriber: User, days: int) -> User:
    """A patient linked to ``prescriber``, with a plan, a health profile, an alert and a journal."""
    patient = make_user(username, Role.PATIENT)
    CareLink.objects.create(
        patient=patient, prescriber=prescriber, status=LinkStatus.ACTIVE, accepted_at=timezone.now()
    )
    Plan.objects.create(
        patient=patient,
        protocol="beaurepaire",
        start_date=PLAN_START,
        ceiling_mg=80,
    )
    HealthProfile.objects.create(patient=patient, crcl_ml_min=95)
    Alert.objects.create(
        patient=patient,
        rule="test_rule",
        key=f"test_rule:{username}",
        severity="warning",
        title={"en": "t", "fr": "t"},
        patient_message={"en": "p", "fr": "p"},
        prescriber_message={"en": "p", "fr": "p"},
        advice={"en": "", "fr": ""},
        source="test",
        raised_on=TODAY,
    )
    _journal(patient, days)
    return patient


def _population(size: tuple[int, int]) -> tuple[User, User]:
    """``size`` = (patients, days): a prescriber and the first of their linked patients."""
    patients, days = size
    prescriber = make_user("dr-quinn", Role.PRESCRIBER)
    linked = [_patient(f"patient-{n}", prescriber, days) for n in range(patients)]
    return prescriber, linked[0]


Request = Callable[[Client, Client], Any]


def _get(name: str) -> Request:
    return lambda patient, prescriber: patient.get(reverse(name))


def _triage(patient: Client, prescriber: Client) -> Any:
    return prescriber.get(reverse("care:patients"))


def _journal_put(patient: Client, prescriber: Client) -> Any:
    return send_json(patient, "put", f"/api/v1/journal/{TODAY.isoformat()}", DAY)


def _journal_page_save(patient: Client, prescriber: Client) -> Any:
    form = {
        "intake-0-time": "08:00",
        "intake-0-dose_mg": "20",
        "intake-0-taken": "on",
        "craving-intensity": "3",
        "mood": "5",
    }
    return patient.post(reverse("journal:day_today"), form)


def _plan_api(patient: Client, prescriber: Client) -> Any:
    return patient.get("/api/v1/plan")


def _pk_simulate(patient: Client, prescriber: Client) -> Any:
    body = {"intakes": [{"time": "08:00", "dose_mg": 20}], "days": 2}
    return patient.generic(
        "POST", "/api/v1/pk/simulate", json.dumps(body), content_type="application/json"
    )


VIEWS = pytest.mark.parametrize(
    "request_view",
    [
        _get("journal:today"),
        _journal_put,
        _journal_page_save,
        _get("journal:charts"),
        _triage,
        _plan_api,
        _pk_simulate,
    ],
    ids=[
        "today page",
        "journal PUT",
        "journal page save",
        "charts page",
        "prescriber patient list",
        "plan API",
        "PK simulate",
    ],
)


def _clients(size: tuple[int, int]) -> tuple[Client, Client]:
    prescriber, patient = _population(size)
    return logged_in(patient), logged_in(prescriber)


def _queries(size: tuple[int, int], request_view: Request) -> int:
    patient, prescriber = _clients(size)
    with CaptureQueriesContext(connection) as captured:
        response = request_view(patient, prescriber)
    assert response.status_code < 400, response.content[:300]
    return len(captured)


@VIEWS
def test_the_number_of_queries_does_not_grow_with_patients_or_journal_days(
    request_view: Request, django_assert_num_queries: Any, db: None
) -> None:
    small = _queries(SMALL, request_view)
    # The larger population replaces the small one in the same test database, cache emptied.
    User.objects.all().delete()
    cache.clear()
    patient, prescriber = _clients(LARGE)
    with django_assert_num_queries(small):
        response = request_view(patient, prescriber)
    assert response.status_code < 400, response.content[:300]


def test_a_page_of_the_patient_list_runs_as_many_queries_as_a_list_of_one_page(
    monkeypatch: pytest.MonkeyPatch, django_assert_num_queries: Any, db: None
) -> None:
    monkeypatch.setattr("baclo.web.patients.views.PAGE_SIZE", 5)
    one_page = _queries(SMALL, _triage)
    User.objects.all().delete()
    cache.clear()
    _, prescriber = _clients(LARGE)
    with django_assert_num_queries(one_page):
        response = prescriber.get(reverse("care:patients"), {"page": 2})
    # Every patient has one warning and logged today: the username orders them.
    usernames = sorted(f"patient-{n}" for n in range(LARGE[0]))
    assert [row["patient"].username for row in response.context["rows"]] == usernames[5:10]


#: The charts page's queries once its timing card is cached: session, user, declared
#: clearance, plan, the period's journal columns, today's entry, open alerts (banner), the
#: timing card's stamp and its cached data.
CHARTS_QUERIES = 9


def test_the_charts_page_runs_no_more_queries_than_it_needs(db: None) -> None:
    patient, _ = _clients(SMALL)
    patient.get(reverse("journal:charts"))  # computes and caches the timing card
    with CaptureQueriesContext(connection) as captured:
        response = patient.get(reverse("journal:charts"))
    assert response.status_code == 200
    assert len(captured) <= CHARTS_QUERIES, "\n".join(q["sql"][:150] for q in captured)


#: The queries of the pages whose reads were counted one by one: Today reads the plan, the declared
#: clearance and the open alerts once for the page, its banner and its cards; the journal PUT
#: saves the day and runs the safety rules in one transaction, reading each row they need once.
#: A new read on these paths fails here: pass what was read down instead of reading it again.
CEILINGS = pytest.mark.parametrize(
    ("request_view", "ceiling"),
    [(_get("journal:today"), 8), (_journal_put, 16)],
    ids=["today page", "journal PUT"],
)


@CEILINGS
def test_the_hot_views_read_each_row_once(request_view: Request, ceiling: int, db: None) -> None:
    assert _queries(SMALL, request_view) <= ceiling
