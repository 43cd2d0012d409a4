"""The cache every server process shares, and the fixed-window counters of the rate limits.

The rate limits (``POST /api/v1/auth/token``, anonymous survey answers) must hold whatever the
number of processes: with Django's local-memory cache each gunicorn worker counted for itself,
so ``baclo serve --prod`` with four workers let four times the limit through. The default cache
is therefore Django's database cache (table ``baclo_cache``, created by migration
``accounts.0002_cache_table``): the database is already shared by every process and by every
deployment, SQLite or PostgreSQL, so no other server is needed (docs/deployment.md, "Cache").

Django's database cache increments by reading the value then writing it back, so two processes
counting at once can lose a count. :class:`SharedDatabaseCache` makes ``incr`` atomic: the read
and the write happen in one transaction that holds the row (``SELECT ... FOR UPDATE`` on
PostgreSQL; on SQLite the transaction starts with ``BEGIN IMMEDIATE``, the write lock, see
settings).
"""

from __future__ import annotations

import base64
import contextlib
import pickle
import time
from typing import Any

from django.core.cache import cache
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.utils import timezone

__all__ = ["SharedDatabaseCache", "count", "give_back", "hit"]


class SharedDatabaseCache(DatabaseCache):
    """Django's database cache with an atomic :meth:`incr`."""

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table, value_column, key_column = (quote(self._table), quote("value"), quote("cache_key"))
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        now = connection.ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0))
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {value_column} FROM {table} "
                f"WHERE {key_column} = %s AND {quote('expires')} >= %s{lock}",
                [key, now],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            stored = connection.ops.process_clob(row[0])
            value = pickle.loads(base64.b64decode(stored.encode())) + delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {value_column} = %s WHERE {key_column} = %s", [encoded, key]
            )
        return value


def _bucket(key: str, window_s: int, now: float | None) -> str:
    moment = time.time() if now is None else now
    return f"{key}:{int(moment // window_s)}"


def hit(key: str, window_s: int, *, now: float | None = None) -> int:
    """Count one event under ``key`` in the current window of ``window_s`` seconds; return the
    window's count, this event included.

    Fixed windows (not sliding): a burst across a window boundary may reach twice the limit,
    which is harmless for limits meant to stop floods and guessing, and costs one row per key
    and window instead of one per event.
    """
    bucket = _bucket(key, window_s, now)
    cache.add(bucket, 0, timeout=2 * window_s)
    try:
        return int(cache.incr(bucket))
    except ValueError:
        # expired between add and incr (a window's last instant): a fresh count
        cache.set(bucket, 1, timeout=2 * window_s)
        return 1


def count(key: str, window_s: int, *, now: float | None = None) -> int:
    """Events counted under ``key`` in the current window (0 if none)."""
    return int(cache.get(_bucket(key, window_s, now), 0))


def give_back(key: str, window_s: int, *, now: float | None = None) -> None:
    """Take back one event counted in the current window (a login attempt that succeeded);
    nothing if the window has turned since."""
    with contextlib.suppress(ValueError):
        cache.decr(_bucket(key, window_s, now))
