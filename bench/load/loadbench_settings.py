"""Settings of the load benchmark's server: production settings, plus a constant view (the
floor) and session cookies usable over plain HTTP on the loopback interface (the production
settings mark them Secure, which a client never sends over http://127.0.0.1)."""

from baclo.web.settings import *  # noqa: F403

ROOT_URLCONF = "loadbench_urls"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
