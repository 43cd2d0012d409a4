"""Django settings of baclo: one flat module, every value from the environment.

Each variable goes through a tiny typed parser that refuses a bad value at start-up with a message
naming it, so that a typo in production fails loudly instead of running with a silent default.

=========================  ==========================================================  ==========
variable                   meaning                                                     default
=========================  ==========================================================  ==========
``BACLO_DEBUG``            development mode (``1/0``, ``true/false``, ``yes/no``)       ``1``
``BACLO_SECRET_KEY``       Django's secret key; required when DEBUG is off              dev key
``BACLO_ALLOWED_HOSTS``    comma-separated host names                                  localhost
``BACLO_DATA_DIR``         where the SQLite file and collected static files live        ``var/``
``DATABASE_URL``           ``sqlite:////abs/path.sqlite3`` or ``postgres://u:p@h:port/db``  SQLite
``BACLO_EMAIL_BACKEND``    dotted path of Django's email backend                       console
``BACLO_CSRF_TRUSTED_ORIGINS``  comma-separated origins (``https://baclo.example``)    none
``BACLO_BEHIND_HTTPS_PROXY``  TLS proxy in front: redirect to HTTPS, HSTS one year       ``0``
=========================  ==========================================================  ==========

docs/deployment.md explains the SQLite pragmas and the production set-up.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
_REPO_DIR = BASE_DIR.parents[2]
# In a checkout (``make run``) the data lives in its var/; an installed package uses ./var.
_DEFAULT_DATA_DIR = (
    _REPO_DIR / "var" if (_REPO_DIR / "pyproject.toml").is_file() else Path.cwd() / "var"
)

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean; anything but the usual spellings is refused."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no)")


def env_list(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated list, ignoring blanks."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_url(url: str) -> dict[str, object]:
    """Turn ``DATABASE_URL`` into Django's ``DATABASES["default"]``.

    SQLite gets the pragmas of docs/deployment.md on every new connection (WAL, a busy timeout,
    ``synchronous=FULL``, foreign keys) and ``BEGIN IMMEDIATE`` transactions, so that two writers
    queue on the busy timeout instead of failing when a read transaction tries to become a write.
    Both databases keep a server thread's connection between requests (``CONN_MAX_AGE``): a new
    SQLite connection runs the pragmas, parses the schema again and starts with an empty page
    cache, which doubled the CPU time of a logged-in page under gunicorn.
    """
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # sqlite:////abs/file (four slashes) is absolute, sqlite:///rel/file relative to the cwd.
        path = unquote(parts.path)[1:]
        if not path or path == "/":
            raise ImproperlyConfigured(f"DATABASE_URL={url!r} names no SQLite file")
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path,
            "OPTIONS": {
                "init_command": SQLITE_PRAGMAS,
                "transaction_mode": "IMMEDIATE",
                "timeout": SQLITE_BUSY_TIMEOUT_S,
            },
            "CONN_MAX_AGE": CONN_MAX_AGE_S,
        }
    if parts.scheme in {"postgres", "postgresql"}:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured(f"DATABASE_URL={url!r} names no database")
        try:
            port = parts.port
        except ValueError as error:
            raise ImproperlyConfigured(f"DATABASE_URL={url!r}: {error}") from error
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            "CONN_MAX_AGE": CONN_MAX_AGE_S,
            "CONN_HEALTH_CHECKS": True,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL={url!r}: unsupported scheme {parts.scheme!r} (use sqlite or postgres)"
    )


#: Seconds a server thread keeps its database connection across requests (docs/deployment.md).
CONN_MAX_AGE_S = 60
# Why each pragma: docs/deployment.md, "SQLite". busy_timeout is also set by Django's "timeout".
SQLITE_BUSY_TIMEOUT_S = 20
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=FULL;"
    "PRAGMA foreign_keys=ON;"
    f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000};"
    "PRAGMA cache_size=-20000;"
    "PRAGMA temp_store=MEMORY"
)

DEBUG = env_bool("BACLO_DEBUG", True)
DATA_DIR = Path(os.environ.get("BACLO_DATA_DIR") or _DEFAULT_DATA_DIR)

_DEV_SECRET_KEY = "baclo-development-only-never-in-production"
SECRET_KEY = os.environ.get("BACLO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("BACLO_SECRET_KEY must be set when BACLO_DEBUG is off")
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = env_list("BACLO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("BACLO_CSRF_TRUSTED_ORIGINS", [])

DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'baclo.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    Path(str(DATABASES["default"]["NAME"])).parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "baclo.web.accounts",
    "baclo.web.care",
    "baclo.web.journal",
    "baclo.web.api",
    "baclo.web.survey",
    "baclo.web.safety",
    "baclo.web.reports",
    "baclo.web.phone",
    "baclo.web.levels",
    "baclo.web.coverage",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "baclo.web.guards.ContentSecurityPolicyMiddleware",
    "baclo.web.guards.RequestGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "baclo.web.accounts.middleware.IgnoreBrowserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "baclo.web.care.unreadable.UnreadablePlanMiddleware",
]

ROOT_URLCONF = "baclo.web.urls"
WSGI_APPLICATION = "baclo.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "baclo.web.accounts.validators.NotTheDemoPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Paris"

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").is_dir() else []
# In development whitenoise serves straight from the apps' static folders; in production from
# STATIC_ROOT, filled by collectstatic, with hashed names and compressed copies.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The rate limits count in the database, which every server process shares (a local-memory
# cache would count per gunicorn worker): docs/deployment.md, "Cache". The table is created by
# migration accounts.0002_cache_table.
CACHES = {
    "default": {
        "BACKEND": "baclo.web.cache.SharedDatabaseCache",
        "LOCATION": "baclo_cache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
    # Computed curves of POST /api/v1/pk/simulate (up to ~0.4 MB each): kept in each process's
    # memory, a bounded number of them, so that a flood of different schedules can neither
    # grow the database nor the memory beyond ~25 MB per process.
    "simulations": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "baclo-simulations",
        "TIMEOUT": 24 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 64},
    },
}

EMAIL_BACKEND = os.environ.get(
    "BACLO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("BACLO_FROM_EMAIL", "baclo <noreply@localhost>")

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (docs/deployment.md): redirect
# plain HTTP to HTTPS and tell browsers to use HTTPS only for a year.
BEHIND_HTTPS_PROXY = env_bool("BACLO_BEHIND_HTTPS_PROXY", False)
if BEHIND_HTTPS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
# The client address of the API throttle: the proxy's X-Forwarded-For entry behind it, else the
# connection's address (a client must not choose its own by sending the header).
NINJA_NUM_PROXIES = 1 if BEHIND_HTTPS_PROXY else 0
# Subdomains and the browser preload list are the domain owner's choice, not baclo's.
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
# Sessions with a foreign key to their user: deleted with the account (accounts/sessions.py).
SESSION_ENGINE = "baclo.web.accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
