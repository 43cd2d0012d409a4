"""The cache of the rate limits is shared by every server process and counts atomically.

Several gunicorn workers (``baclo serve --prod``) are several processes: a limit counted in each
process's memory would let each of them through up to the limit. The tests count from fresh
cache clients and from two real processes at once, on a SQLite file and, under
``make test-postgres``, on the PostgreSQL test database.
"""

from __future__ import annotations

import base64
import os
import pickle
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.cache import cache, caches
from django.db import connection

from baclo.web import cache as shared
from baclo.web.cache import SharedDatabaseCache, count, hit

WORKER = """
import pathlib, sys, time
import django
django.setup()
from baclo.web.cache import hit
ready = pathlib.Path(sys.argv[1])
(ready / sys.argv[2]).touch()
deadline = time.monotonic() + 60
while len(list(ready.iterdir())) < 2 and time.monotonic() < deadline:
    time.sleep(0.01)
for _ in range(int(sys.argv[3])):
    hit("two-processes", 3600, now=0.0)
"""
HITS_PER_PROCESS = 150


def test_the_default_cache_is_the_shared_database_cache(db):
    assert isinstance(caches["default"], SharedDatabaseCache)
    assert "baclo_cache" in connection.introspection.table_names()


def test_two_independent_cache_clients_see_the_same_count(db):
    first, second = (caches.create_connection("default") for _ in range(2))
    assert first is not second
    first.add("counted", 0)
    assert [first.incr("counted"), second.incr("counted"), first.incr("counted")] == [1, 2, 3]
    assert second.get("counted") == 3


def test_a_window_counts_its_own_events_only(db):
    assert [hit("k", 60, now=120.0) for _ in range(3)] == [1, 2, 3]
    assert count("k", 60, now=179.0) == 3
    assert count("k", 60, now=180.0) == 0
    assert hit("k", 60, now=180.0) == 1


def test_incr_of_a_missing_or_expired_key_is_refused(db):
    with pytest.raises(ValueError, match="not found"):
        cache.incr("never-set")
    cache.set("gone", 5, timeout=-1)
    with pytest.raises(ValueError, match="not found"):
        cache.incr("gone")


def test_a_count_whose_row_vanished_starts_again_at_one(db, monkeypatch):
    # the cache culls rows when it is full: the row added for a window may be gone at once
    monkeypatch.setattr(shared.cache, "add", lambda *args, **kwargs: False)
    assert hit("culled", 60, now=0.0) == 1
    assert count("culled", 60, now=0.0) == 1


def _race(env: dict[str, str], ready: Path) -> None:
    """Two processes wait for each other, then count at once."""
    ready.mkdir()
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(ready), name, str(HITS_PER_PROCESS)], env=env
        )
        for name in ("a", "b")
    ]
    for worker in workers:
        assert worker.wait(timeout=120) == 0


def _env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "baclo.web.settings",
        "DATABASE_URL": database_url,
    }


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite run checks it")
def test_two_processes_on_a_sqlite_file_count_every_event(tmp_path: Path):
    """``migrate`` creates the cache table (migration accounts.0002), then two processes race."""
    env = _env(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    migrate = "import django; django.setup(); from django.core.management import call_command; "
    migrate += "call_command('migrate', 'accounts', verbosity=0)"
    subprocess.run([sys.executable, "-c", migrate], env=env, check=True, timeout=120)
    _race(env, tmp_path / "ready")
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        stored = db.execute("SELECT value FROM baclo_cache").fetchall()
    assert "baclo_cache" in tables
    assert [pickle.loads(base64.b64decode(value)) for (value,) in stored] == [2 * HITS_PER_PROCESS]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL run checks it")
def test_two_processes_on_postgresql_count_every_event(tmp_path: Path):
    settings = connection.settings_dict
    url = (
        f"postgres://{quote(settings['USER'])}:{quote(settings['PASSWORD'])}@"
        f"{settings['HOST']}:{settings['PORT']}/{quote(settings['NAME'])}"
    )
    _race(_env(url), tmp_path / "ready")
    assert count("two-processes", 3600, now=0.0) == 2 * HITS_PER_PROCESS
