"""The authorisation matrix: every URL and API operation, asked by every role.

The routes are enumerated from Django's URL resolver and the API's OpenAPI document, so a new
page or endpoint fails :func:`test_every_route_is_in_the_matrix` until it is given an access
class in :data:`MATRIX`. Each (route, method, role) is then one test case:

* a role the class allows reaches the view (no 401 or 403, no redirect to log in; the view may
  still refuse the empty body the test sends, or find nothing, with a 4xx);
* any other role gets a refusal (a redirect to log in or a 4xx), never a 2xx;
* a prescriber not actively linked to the patient (unlinked, revoked, only asked), and the other
  patient asking for the first one's objects, get exactly 404: ids leak nothing;
* nobody ever gets a 5xx.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from baclo.web.accounts.models import ApiToken, Role, User
from baclo.web.api.main import api
from baclo.web.care.models import CareLink, LinkStatus
from baclo.web.care.services import set_plan
from baclo.web.journal.services import local_today
from baclo.web.phone.models import CalendarFeed
from baclo.web.safety.models import Alert
from baclo.web.survey.models import Question, Survey
from tests.web.conftest import make_user, send_json

ROLES = (
    "anonymous",
    "patient",  # patient A: owns every object below
    "other_patient",  # patient B
    "linked_prescriber",  # A accepted the link
    "unlinked_prescriber",
    "revoked_prescriber",  # A revoked the link
    "asking_prescriber",  # asked A for a link, not accepted yet
    "unverified_prescriber",  # linked to A, RPPS number not checked by the association yet
    "analyst",  # association
    "staff",
)
ALL = frozenset(ROLES)
USERS = ALL - {"anonymous"}
PATIENTS = frozenset({"patient", "other_patient"})
PRESCRIBERS = frozenset(
    {
        "linked_prescriber",
        "unlinked_prescriber",
        "revoked_prescriber",
        "asking_prescriber",
        "unverified_prescriber",
    }
)
# Verification gates raising a ceiling (tests/web/accounts), not what a linked prescriber sees.
LINKED = frozenset({"linked_prescriber", "unverified_prescriber"})
NOT_LINKED = PRESCRIBERS - LINKED


@dataclass(frozen=True)
class Access:
    """Who may use a route; ``hidden`` are refused with exactly 404 (another user's object)."""

    allowed: frozenset[str]
    hidden: frozenset[str] = frozenset()


PUBLIC = Access(ALL)
ANY_USER = Access(USERS)
PATIENT = Access(frozenset({"patient"}) | PATIENTS)
OWN_OBJECT = Access(frozenset({"patient"}), hidden=frozenset({"other_patient"}))
# A patient's pages seen by their prescriber; the API's /patients/{id}/... also serves the
# patient themself. Everyone else is answered 404, as if the patient did not exist.
CARE = Access(LINKED, hidden=USERS - LINKED)
CARE_API = Access(LINKED | {"patient"}, hidden=USERS - LINKED - {"patient"})
PRESCRIBER = Access(PRESCRIBERS)
ASSOCIATION = Access(frozenset({"analyst", "staff"}))
ADMIN = Access(frozenset({"staff"}))  # the association's staff: admin site, verifications

# route (as the resolver writes it) -> method -> access. API routes are "api/v1/..." with
# OpenAPI's {param}. Django's admin is one class for its whole prefix (ADMIN_PREFIX): two of its
# pages stand for the others, which the admin site guards with the same check.
ADMIN_PREFIX = "admin/"
PUBLIC_API_PAGES = frozenset({"api/v1/openapi.json", "api/v1/docs", "api/v1/"})
MATRIX: dict[str, dict[str, Access]] = {
    "": {"GET": PUBLIC},
    "accounts/login/": {"GET": PUBLIC, "POST": PUBLIC},
    "accounts/logout/": {"POST": PUBLIC},
    "accounts/register/": {"GET": PUBLIC, "POST": PUBLIC},
    "staff/prescribers/": {"GET": ADMIN, "POST": ADMIN},
    "i18n/setlang/": {"POST": PUBLIC},
    "accounts/password/change/": {"GET": ANY_USER, "POST": ANY_USER},
    "accounts/tokens/<int:pk>/revoke/": {"POST": OWN_OBJECT},
    "accounts/password/change/done/": {"GET": ANY_USER},
    "accounts/password/reset/": {"GET": PUBLIC, "POST": PUBLIC},
    "accounts/password/reset/sent/": {"GET": PUBLIC},
    "accounts/password/reset/<uidb64>/<token>/": {"GET": PUBLIC},
    "accounts/password/reset/complete/": {"GET": PUBLIC},
    "today/": {"GET": PATIENT},
    "today/intakes/": {"POST": PATIENT},
    "journal/": {"GET": PATIENT, "POST": PATIENT},
    "journal/<isodate:day>/": {"GET": PATIENT, "POST": PATIENT},
    "charts/": {"GET": PATIENT},
    "charts/planner/": {"GET": PATIENT},
    "progress/": {"GET": PATIENT},
    "plan/": {"GET": PATIENT, "POST": PATIENT},
    "sharing/": {"GET": PATIENT, "POST": PATIENT},
    "patients/": {"GET": PRESCRIBER},
    "patients/add/": {"GET": PRESCRIBER, "POST": PRESCRIBER},
    "patients/<int:patient_id>/": {"GET": CARE},
    "patients/<int:patient_id>/plan/": {"GET": CARE, "POST": CARE},
    "survey/": {"GET": ASSOCIATION, "POST": ASSOCIATION},
    "survey/ready-made/": {"POST": ASSOCIATION},
    "survey/<int:pk>/": {"GET": ASSOCIATION, "POST": ASSOCIATION},
    "survey/<int:pk>/status/": {"POST": ASSOCIATION},
    "survey/<int:pk>/questions/<int:question_pk>/delete/": {"POST": ASSOCIATION},
    "survey/<int:pk>/import/": {"GET": ASSOCIATION, "POST": ASSOCIATION},
    "survey/<int:pk>/export.csv": {"GET": ASSOCIATION},
    "survey/dashboard/": {"GET": ASSOCIATION},
    "survey/dashboard/report.csv": {"GET": ASSOCIATION},
    "survey/dashboard/report.pdf": {"GET": ASSOCIATION},
    "sharing/association/": {"GET": PATIENT, "POST": PATIENT},
    "s/<str:slug>/": {"GET": PUBLIC, "POST": PUBLIC},
    "s/<str:slug>/thanks/": {"GET": PUBLIC},
    "safety/": {"GET": PATIENT},
    "safety/alerts/<int:alert_id>/apply/<int:index>/": {"POST": OWN_OBJECT},
    "safety/alerts/<int:alert_id>/dismiss/": {"POST": OWN_OBJECT},
    "safety/health/": {"GET": PATIENT, "POST": PATIENT},
    "safety/access-log/": {"GET": PATIENT},
    "safety/kidney/": {"GET": PATIENT},
    "questionnaires/": {"GET": PATIENT},
    "questionnaires/<slug:instrument_id>/": {"GET": PATIENT, "POST": PATIENT},
    "patients/<int:patient_id>/alerts/": {"GET": CARE},
    "patients/<int:patient_id>/alerts/<int:alert_id>/acknowledge/": {"POST": CARE},
    "patients/<int:patient_id>/report.pdf": {"GET": CARE},
    "me/report.pdf": {"GET": PATIENT},
    "manifest.webmanifest": {"GET": PUBLIC},
    "sw.js": {"GET": PUBLIC},
    "favicon.ico": {"GET": PUBLIC},
    "offline/": {"GET": PUBLIC},
    "reminders/": {"GET": PATIENT, "POST": PATIENT},
    "reminders/calendar/new/": {"POST": PATIENT},
    "reminders/calendar/stop/": {"POST": PATIENT},
    "reminders/intakes.ics": {"GET": PATIENT},
    # The feed's secret token is its authentication: whoever holds it reads the calendar.
    r"^calendar/(?P<token>[A-Za-z0-9_-]{1,64})\.ics$": {"GET": PUBLIC},
    "stock/": {"GET": PATIENT, "POST": PATIENT},
    "accounts/export/<slug:kind>/": {"GET": ANY_USER},
    "accounts/delete/": {"GET": ANY_USER, "POST": ANY_USER},
    "patients/<int:patient_id>/levels/": {"GET": CARE, "POST": CARE},
    "charts/timing/apply/": {"POST": PATIENT},
    # Django's admin site: every admin page is behind the same check (admin_view).
    "admin/": {"GET": ADMIN},
    "admin/accounts/user/": {"GET": ADMIN},
    "api/v1/openapi.json": {"GET": PUBLIC},
    "api/v1/docs": {"GET": PUBLIC},
    "api/v1/": {"GET": PUBLIC},
    "api/v1/auth/token": {"POST": PUBLIC, "DELETE": ANY_USER},
    "api/v1/auth/tokens": {"GET": ANY_USER},
    "api/v1/auth/tokens/{token_id}": {"DELETE": OWN_OBJECT},
    "api/v1/me": {"GET": ANY_USER, "DELETE": ANY_USER},
    "api/v1/journal/{date}": {"PUT": PATIENT, "GET": PATIENT, "DELETE": PATIENT},
    "api/v1/journal": {"GET": PATIENT},
    "api/v1/plan": {"GET": PATIENT, "PUT": PATIENT},
    "api/v1/plan/today": {"GET": PATIENT},
    "api/v1/patients/{patient_id}/plan": {"GET": CARE_API, "PUT": CARE_API},
    "api/v1/plan/taper": {"PUT": PATIENT, "DELETE": PATIENT},
    "api/v1/patients/{patient_id}/plan/taper": {"PUT": CARE_API, "DELETE": CARE_API},
    "api/v1/patients": {"GET": PRESCRIBER},
    "api/v1/patients/{patient_id}/journal": {"GET": CARE_API},
    "api/v1/pk/simulate": {"POST": ANY_USER},
    "api/v1/patients/{patient_id}/pk/individualise": {"POST": CARE_API},
    "api/v1/patients/{patient_id}/pk/individual": {"GET": CARE_API},
    "api/v1/me/export": {"GET": ANY_USER},
    "api/v1/me/export/csv": {"GET": ANY_USER},
    "api/v1/patients/{patient_id}/coverage": {"GET": CARE_API},
    "api/v1/me/export/fhir": {"GET": PATIENT},
    "api/v1/patients/{patient_id}/fhir": {"GET": CARE_API},
    "api/v1/alerts": {"GET": PATIENT},
    "api/v1/alerts/{alert_id}/actions/{index}": {"POST": OWN_OBJECT},
    "api/v1/alerts/{alert_id}/dismiss": {"POST": OWN_OBJECT},
    "api/v1/patients/{patient_id}/alerts": {"GET": CARE_API},
    # A prescriber's act: other roles are refused for their role (403), other prescribers 404.
    "api/v1/patients/{patient_id}/alerts/{alert_id}/acknowledge": {
        "POST": Access(LINKED, hidden=NOT_LINKED)
    },
    "api/v1/questionnaires": {"GET": PATIENT},
    "api/v1/questionnaires/{instrument}": {"POST": PATIENT},
}


def _django_routes(patterns: list[Any], prefix: str = "") -> list[str]:
    routes: list[str] = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes += _django_routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            routes.append(route)
    return routes


def _api_routes() -> dict[str, set[str]]:
    paths = api.get_openapi_schema()["paths"]
    return {
        path.lstrip("/"): {method.upper() for method in operations}
        for path, operations in paths.items()
    }


def enumerated_routes() -> dict[str, set[str] | None]:
    """Every route the server answers: API routes with their methods, pages with ``None``
    (a page's methods are its view's business; the matrix states which are used)."""
    routes: dict[str, set[str] | None] = {
        route: None
        for route in _django_routes(get_resolver().url_patterns)
        if not route.startswith("api/v1/") or route in PUBLIC_API_PAGES
    }
    routes.update(_api_routes())
    return routes


def test_every_route_is_in_the_matrix():
    routes = enumerated_routes()
    missing = sorted(r for r in set(routes) - set(MATRIX) if not r.startswith(ADMIN_PREFIX))
    assert not missing, f"add these routes to MATRIX with their access: {missing}"
    stale = sorted(set(MATRIX) - set(routes))
    assert not stale, f"these MATRIX routes no longer exist: {stale}"
    for route, methods in routes.items():
        if methods is not None:
            assert methods == set(MATRIX[route]), route


@dataclass
class World:
    users: dict[str, User]
    values: dict[str, str]


def _alert(patient: User) -> Alert:
    text = {"en": "test", "fr": "test"}
    return Alert.objects.create(
        patient=patient,
        rule="test",
        key="test:1",
        severity="info",
        title=text,
        patient_message=text,
        prescriber_message=text,
        advice=text,
        source="test",
        raised_on=local_today(),
    )


def _link(patient: User, prescriber: User, status: LinkStatus) -> None:
    CareLink.objects.create(
        patient=patient, prescriber=prescriber, status=status, accepted_at=timezone.now()
    )


@pytest.fixture
def world(db) -> World:
    roles = {
        "patient": Role.PATIENT,
        "other_patient": Role.PATIENT,
        "linked_prescriber": Role.PRESCRIBER,
        "unlinked_prescriber": Role.PRESCRIBER,
        "revoked_prescriber": Role.PRESCRIBER,
        "asking_prescriber": Role.PRESCRIBER,
        "unverified_prescriber": Role.PRESCRIBER,
        "analyst": Role.ASSOCIATION,
        "staff": Role.STAFF,
    }
    users = {name: make_user(name.replace("_", "-"), role) for name, role in roles.items()}
    users["unverified_prescriber"].verified_at = None
    users["unverified_prescriber"].save()
    users["staff"].is_staff = users["staff"].is_superuser = True
    users["staff"].save()
    patient = users["patient"]
    _link(patient, users["linked_prescriber"], LinkStatus.ACTIVE)
    _link(patient, users["revoked_prescriber"], LinkStatus.REVOKED)
    _link(patient, users["asking_prescriber"], LinkStatus.PENDING)
    _link(patient, users["unverified_prescriber"], LinkStatus.ACTIVE)
    set_plan(patient, patient, {"protocol": "ameisen", "start": local_today().isoformat()})
    survey = Survey.objects.create(title="matrix")
    question = Question.objects.create(survey=survey, kind="text", label="?")
    token, _ = ApiToken.objects.issue(patient)
    feed = CalendarFeed.objects.create(patient=patient)
    return World(
        users=users,
        values={
            "patient_id": str(patient.pk),
            "alert_id": str(_alert(patient).pk),
            "index": "0",
            "token_id": str(token.pk),
            "survey_pk": str(survey.pk),
            "question_pk": str(question.pk),
            "slug": survey.slug,
            "token": feed.token,
            "instrument": "phq9",
            "kind": "json",
            "day": local_today().isoformat(),
            "uidb64": "MQ",
            "reset_token": "set-password",
        },
    )


# A path parameter's value: by its name, and for Django's bare <int:pk> by the route.
def _value(route: str, name: str, values: dict[str, str]) -> str:
    if name == "pk":
        return values["token_id" if route.startswith("accounts/tokens") else "survey_pk"]
    if name == "date":
        return values["day"]
    if name == "instrument_id":
        return values["instrument"]
    if name == "token" and route.startswith("accounts/password"):
        return values["reset_token"]
    return values[name]


# <int:name>, {name} and a regular expression's (?P<name>...) group.
_PARAM = re.compile(r"<(?:[a-z]+:)?([a-z_0-9]+)>|\{([a-z_0-9]+)\}|\(\?P<([a-z_0-9]+)>[^)]*\)")


def url_of(route: str, values: dict[str, str]) -> str:
    path = _PARAM.sub(lambda m: _value(route, m[1] or m[2] or m[3], values), route)
    return "/" + path.removeprefix("^").removesuffix("$").replace("\\.", ".")


def _client(world: World, role: str, route: str) -> Client:
    """A browser session for pages; a bearer token, as programs send, for the API."""
    if role == "anonymous":
        return Client()
    user = world.users[role]
    if route.startswith("api/v1/") and route not in PUBLIC_API_PAGES:
        return Client(headers={"Authorization": f"Bearer {ApiToken.objects.issue(user)[1]}"})
    client = Client()
    client.force_login(user)
    return client


CASES = [
    pytest.param(route, method, role, id=f"{method} /{route} as {role}")
    for route, methods in MATRIX.items()
    for method, _ in methods.items()
    for role in ROLES
]


def _sent_to_login(response: Any) -> bool:
    target = response.headers.get("Location", "")
    return response.status_code == 302 and ("/login/" in target or target == "/")


@pytest.mark.parametrize(("route", "method", "role"), CASES)
def test_each_role_gets_what_the_matrix_says(world, route, method, role):
    access = MATRIX[route][method]
    client = _client(world, role, route)
    response = send_json(client, method, url_of(route, world.values), {})
    status = response.status_code
    assert status < 500, status
    if access is PUBLIC:
        return  # a public page may send a logged-in user elsewhere (register -> home)
    if role in access.hidden:
        assert status == 404
    elif role in access.allowed:
        assert status not in {401, 403}
        assert not _sent_to_login(response)
    else:
        assert status >= 400 or _sent_to_login(response), status
