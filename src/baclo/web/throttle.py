"""Rate limits per client address, counted in the cache every server process shares.

django-ninja's own throttles keep a list of request times under one cache key, read and written
back without a lock: with several processes two requests at once record one. This one counts
with an atomic increment in a fixed window (baclo.web.cache). It throttles the token exchange of
the API, and the login page (which gives back the count of a successful login).

:class:`AccountRateLimit` counts per account name instead, whatever the address: a guesser who
spreads their attempts over many addresses still gets a few per account and minute.
"""

from __future__ import annotations

import hashlib
import time

from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from baclo.web.cache import give_back, hit


class SharedRateThrottle(BaseThrottle):
    """At most ``limit`` events per ``window_s`` seconds from one client address.

    The address is ``REMOTE_ADDR``, or behind the TLS proxy the address it forwards
    (``NINJA_NUM_PROXIES`` in settings), so that a client cannot pick a new identity per request
    by sending its own ``X-Forwarded-For``. It is hashed into the key: a key of fixed length
    whatever the header holds, and no address in clear in the cache table.
    """

    def __init__(self, scope: str, limit: int, window_s: int) -> None:
        self.scope = scope
        self.limit = limit
        self.window_s = window_s

    def _key(self, request: HttpRequest) -> str:
        ident = hashlib.sha256((self.get_ident(request) or "").encode()).hexdigest()
        return f"throttle-{self.scope}-{ident}"

    def allow_request(self, request: HttpRequest) -> bool:
        """Count this request and allow it while the window holds at most ``limit``."""
        return hit(self._key(request), self.window_s) <= self.limit

    def give_back(self, request: HttpRequest) -> None:
        """Uncount this request's event (a login that succeeded)."""
        give_back(self._key(request), self.window_s)

    def wait(self) -> float:
        """Seconds until the current window ends (django-ninja asks, for its 429 error)."""
        return self.window_s - time.time() % self.window_s


class AccountRateLimit:
    """At most ``limit`` events per ``window_s`` seconds for one account name, from anywhere.

    The name is case-folded and hashed into the key (fixed length, no name in clear); a name
    that does not exist is counted too, so the limit tells nothing about which accounts exist.
    """

    def __init__(self, scope: str, limit: int, window_s: int) -> None:
        self.scope = scope
        self.limit = limit
        self.window_s = window_s

    def _key(self, username: str) -> str:
        name = username.casefold().encode("utf-8", "surrogatepass")
        return f"account-{self.scope}-{hashlib.sha256(name).hexdigest()}"

    def allow(self, username: str) -> bool:
        """Count one event for ``username`` and allow it while the window holds at most
        ``limit``."""
        return hit(self._key(username), self.window_s) <= self.limit

    def give_back(self, username: str) -> None:
        """Uncount one event of ``username`` (a login that succeeded)."""
        give_back(self._key(username), self.window_s)


# Failed logins per account, page and token exchange together: ten a minute leaves a person who
# mistypes room, and an owner locked out by someone else's guesses waits one minute at most.
ACCOUNT_LOGIN_FAILURES = AccountRateLimit("login-failures", limit=10, window_s=60)
