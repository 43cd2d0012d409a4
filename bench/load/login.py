"""Logging in through the login page, as a browser does: GET the form, POST it with its CSRF
token. Shared by the runner (which logs the measured clients in before any measurement) and the
locust ``Login`` user (which measures exactly this)."""

from __future__ import annotations

import re
from typing import Any

import requests

PASSWORD = "baclo-demo-2026"  # the demo and synthetic accounts' password (demo data only)
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def log_in(client: requests.Session, host: str, username: str, **extra: Any) -> dict[str, str]:
    """Log ``username`` in on ``client``; returns its cookies (session and CSRF). ``extra`` goes
    to each request (locust's ``name``)."""
    page = client.get(f"{host}/accounts/login/", **extra)
    token = CSRF_FIELD.search(page.text)
    if token is None:
        raise RuntimeError(f"no CSRF token on the login page (HTTP {page.status_code})")
    answer = client.post(
        f"{host}/accounts/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token[1]},
        headers={"Referer": f"{host}/accounts/login/"},
        allow_redirects=False,
        **extra,
    )
    if answer.status_code != 302:
        raise RuntimeError(f"login of {username} answered {answer.status_code}")
    return dict(client.cookies.items())
