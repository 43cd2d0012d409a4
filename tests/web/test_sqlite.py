"""SQLite as configured: WAL and the pragmas of docs/deployment.md, and durable writes.

Both tests use a throw-away file database, whatever the test database is (they also run under
``make test-postgres``, where they still check the SQLite configuration).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db.backends.sqlite3.base import DatabaseWrapper

from baclo.web.settings import SQLITE_BUSY_TIMEOUT_S, database_from_url


def test_every_connection_gets_wal_and_the_pragmas(tmp_path: Path, django_db_blocker) -> None:
    config = database_from_url(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    wrapper = DatabaseWrapper({**settings.DATABASES["default"], **config}, alias="wal-check")
    try:
        with django_db_blocker.unblock(), wrapper.cursor() as cursor:
            pragmas = {
                name: cursor.execute(f"PRAGMA {name}").fetchone()[0]
                for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
            }
    finally:
        wrapper.close()
    assert pragmas == {
        "journal_mode": "wal",
        "synchronous": 2,  # FULL
        "foreign_keys": 1,
        "busy_timeout": SQLITE_BUSY_TIMEOUT_S * 1000,
    }


def test_a_server_thread_keeps_its_sqlite_connection_between_requests(
    tmp_path: Path, django_db_blocker
) -> None:
    """Django closes "obsolete" connections at the start and end of every request: a connection
    reopened per request re-runs the pragmas and re-parses the schema (about half of a page's
    CPU time under gunicorn)."""
    config = database_from_url(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    wrapper = DatabaseWrapper({**settings.DATABASES["default"], **config}, alias="kept")
    try:
        with django_db_blocker.unblock():
            wrapper.ensure_connection()
            wrapper.close_if_unusable_or_obsolete()  # what request_finished runs
            kept = wrapper.connection is not None
    finally:
        wrapper.close()
    assert kept


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


PREPARE = """
import django
django.setup()
from django.core.management import call_command
from baclo.web.accounts.models import ApiToken, Role, User
call_command("migrate", verbosity=0)
user = User.objects.create_user("durable", password="x" * 12, role=Role.PATIENT)
print(ApiToken.objects.issue(user)[1])
"""


def _wait_for(port: int, server: subprocess.Popen[bytes], timeout_s: float = 20) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"server exited with {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("server did not start")


def _put(port: int, token: str, date: str, body: dict[str, object]) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/journal/{date}",
        data=json.dumps(body).encode(),
        method="PUT",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_concurrent_retries_and_a_kill_keep_exactly_what_was_acknowledged(tmp_path: Path) -> None:
    """Eight simultaneous PUTs of one day give one 201, seven 200 and one row; then an entry
    acknowledged just before a SIGKILL is in the file when it is reopened."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "baclo.web.settings",
        "BACLO_DEBUG": "1",
    }
    token = subprocess.run(
        [sys.executable, "-c", PREPARE], env=env, check=True, capture_output=True, text=True
    ).stdout.strip()
    port = _free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "baclo"), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    today = dt.datetime.now(ZoneInfo(settings.TIME_ZONE)).date()
    yesterday = (today - dt.timedelta(days=1)).isoformat()
    try:
        _wait_for(port, server)
        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = sorted(
                pool.map(lambda _: _put(port, token, yesterday, {"mood": 5}), range(8))
            )
        assert statuses == [200] * 7 + [201]
        body = {"mood": 7, "note": "saved before the crash"}
        assert _put(port, token, today.isoformat(), body) == 201
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=10)
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        rows = db.execute(
            "SELECT date, mood, data FROM journal_journalentry ORDER BY date"
        ).fetchall()
    assert [(row[0], row[1]) for row in rows] == [(yesterday, 5), (today.isoformat(), 7)]
    assert json.loads(rows[1][2])["note"] == "saved before the crash"
