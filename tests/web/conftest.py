"""The cast of the web tests: one user per role, each with what they may do.

- ``patient``: owns a journal and a plan; sees only their own data.
- ``other_patient``: a second patient; must never see ``patient``'s data, nor be seen.
- ``prescriber``: actively linked to ``patient`` (patient accepted); sees and edits their plan.
- ``unlinked_prescriber``: a prescriber with no link to ``patient``; sees nothing of theirs.
- ``unverified_prescriber``: linked to ``patient``, RPPS number not checked yet: may not raise a
  ceiling above 80 mg/day. Every other prescriber of the cast is verified.
- ``analyst``: association member; works on anonymous aggregates, never on one patient's data.
- ``staff``: site administrator; the admin site, but no clinical access through the app.

``*_client`` fixtures are Django test clients logged in as each of them (session auth);
``api`` is a small helper around the client that sends and reads JSON.
"""

from __future__ import annotations

import json
import zlib
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from baclo.identifiers import luhn_valid
from baclo.web import cache as rate_windows
from baclo.web.accounts.models import Role, User
from baclo.web.care.models import CareLink, LinkStatus

PASSWORD = "a-long-test-password-2026"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Argon2 is slow on purpose; tests use a fast hasher (test_settings checks the real one)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    """The rate limits count in the database cache (baclo.web.cache): a test's transaction takes
    its counts away when it is rolled back; a test that commits (a live server, a transactional
    test) empties the cache table after itself, since flushing the database leaves that table."""
    yield
    marker = request.node.get_closest_marker("django_db")
    commits = marker is not None and marker.kwargs.get("transaction", False)
    if commits or {"transactional_db", "live_server"} & set(request.fixturenames):
        cache.clear()


@pytest.fixture(autouse=True)
def _one_rate_window(monkeypatch):
    """The rate limits count in fixed one-minute windows: a test whose requests straddled a
    window boundary would see its count restart and fail now and then. Every web test runs
    inside one window; the tests of the windows themselves pass ``now``."""
    monkeypatch.setattr(rate_windows, "time", SimpleNamespace(time=lambda: 1_800_000_030.0))


def rpps_of(username: str) -> str:
    """A well-formed RPPS number of its own for each test prescriber (10 digits + Luhn key)."""
    body = f"{zlib.crc32(username.encode()):010d}"[-10:]
    return next(body + key for key in "0123456789" if luhn_valid(body + key))


def make_user(username: str, role: Role, **extra: Any) -> User:
    """A user of ``role``; a prescriber is verified by the association unless ``verified_at``
    is given (``None``: an unverified prescriber)."""
    if role == Role.PRESCRIBER:
        extra = {"rpps": rpps_of(username), "verified_at": timezone.now(), **extra}
    return User.objects.create_user(
        username=username, password=PASSWORD, role=role, email=f"{username}@example.org", **extra
    )


@pytest.fixture
def patient(db) -> User:
    return make_user("alice", Role.PATIENT)


@pytest.fixture
def other_patient(db) -> User:
    return make_user("bob", Role.PATIENT)


@pytest.fixture
def prescriber(db, patient: User) -> User:
    doctor = make_user("dr-carol", Role.PRESCRIBER)
    CareLink.objects.create(
        patient=patient, prescriber=doctor, status=LinkStatus.ACTIVE, accepted_at=timezone.now()
    )
    return doctor


@pytest.fixture
def unlinked_prescriber(db) -> User:
    return make_user("dr-dave", Role.PRESCRIBER)


@pytest.fixture
def unverified_prescriber(db, patient: User) -> User:
    """Registered as a prescriber, RPPS number not yet checked by the association; linked."""
    doctor = make_user("dr-ursula", Role.PRESCRIBER, verified_at=None)
    CareLink.objects.create(
        patient=patient, prescriber=doctor, status=LinkStatus.ACTIVE, accepted_at=timezone.now()
    )
    return doctor


@pytest.fixture
def analyst(db) -> User:
    return make_user("erin-association", Role.ASSOCIATION)


@pytest.fixture
def staff(db) -> User:
    return make_user("frank-staff", Role.STAFF, is_staff=True, is_superuser=True)


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


CAST = (
    "patient",
    "other_patient",
    "prescriber",
    "unlinked_prescriber",
    "unverified_prescriber",
    "analyst",
    "staff",
)


def _client_fixture(role: str):
    # ``db`` is asked for by name: a database fixture reached only via getfixturevalue is set up
    # too late when it is the first of the session (pytest-django then uses the real database).
    @pytest.fixture(name=f"{role}_client")
    def client(request: pytest.FixtureRequest, db: None) -> Client:
        return logged_in(request.getfixturevalue(role))

    client.__doc__ = f"A test client logged in as ``{role}``."
    return client


# patient_client, other_patient_client, prescriber_client, unlinked_prescriber_client,
# unverified_prescriber_client, analyst_client, staff_client
for _role in CAST:
    globals()[f"{_role}_client"] = _client_fixture(_role)


@pytest.fixture
def anonymous_client(db) -> Client:
    return Client()


@pytest.fixture
def client_of(request: pytest.FixtureRequest, db: None):
    """``client_of("prescriber")`` is the client of that member of the cast."""

    def get(role: str) -> Client:
        return request.getfixturevalue(f"{role}_client")

    return get


def send_json(client: Client, method: str, url: str, body: Any = None, **headers: Any) -> Any:
    """Send ``body`` as JSON (or raw when it is ``str``/``bytes``) with any method."""
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.generic(
        method.upper(), url, data=data, content_type="application/json", headers=headers
    )
