"""Settings parsers refuse bad values at start-up, and the security defaults hold."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from baclo.web import settings as web_settings
from baclo.web.settings import database_from_url, env_bool, env_list


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("yes", True), ("TRUE", True), ("0", False), ("off", False)]
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("BACLO_X", raw)
    assert env_bool("BACLO_X", not expected) is expected


def test_env_bool_refuses_anything_else(monkeypatch):
    monkeypatch.setenv("BACLO_X", "maybe")
    with pytest.raises(ImproperlyConfigured, match="BACLO_X='maybe'"):
        env_bool("BACLO_X", True)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("BACLO_X", " a.example , ,b.example")
    assert env_list("BACLO_X", []) == ["a.example", "b.example"]


def test_a_postgres_url_becomes_django_settings():
    config = database_from_url("postgres://me:p%40ss@db.example:6543/baclo")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"], config["HOST"], config["PORT"]) == (
        "me",
        "p@ss",
        "db.example",
        "6543",
    )
    assert config["NAME"] == "baclo"


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("mysql://x/y", id="unknown-scheme"),
        pytest.param("sqlite://", id="no-file"),
        pytest.param("postgres://host:5432/", id="no-database"),
        pytest.param("postgres://host:99999/db", id="bad-port"),
    ],
)
def test_bad_database_urls_are_refused(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url(url)


def test_argon2_hashes_new_passwords():
    # The test settings swap in a fast hasher; the module keeps the real list.
    assert web_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_production_needs_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "BACLO_SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "-c", "import baclo.web.settings"],
        env={**env, "BACLO_DEBUG": "0"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "BACLO_SECRET_KEY must be set" in result.stderr


def test_the_site_speaks_french_first():
    assert settings.LANGUAGE_CODE == "fr"
    assert [code for code, _ in settings.LANGUAGES] == ["fr", "en"]


@pytest.mark.parametrize(
    ("url", "name"),
    [
        pytest.param("sqlite:////srv/baclo/db.sqlite3", "/srv/baclo/db.sqlite3", id="absolute"),
        pytest.param("sqlite:///var/db.sqlite3", "var/db.sqlite3", id="relative"),
    ],
)
def test_sqlite_urls_follow_the_usual_slash_convention(url, name):
    assert database_from_url(url)["NAME"] == name


def test_production_behind_a_tls_proxy_passes_djangos_deploy_checks(tmp_path):
    env = {
        **os.environ,
        "BACLO_DEBUG": "0",
        "BACLO_SECRET_KEY": "9f3kQ2xLm8pZr7Tv1WcYb4Nd6HgJe5Ua0Oi-q8Ws2Ex4Rc6Ty1Uz3Ib5Op7",
        "BACLO_ALLOWED_HOSTS": "baclo.example.org",
        "BACLO_BEHIND_HTTPS_PROXY": "1",
        "BACLO_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "baclo.web.settings",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "baclo.web",
            "check",
            "--deploy",
            "--tag",
            "security",
            "--fail-level",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
