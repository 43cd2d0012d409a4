"""Checks every request and response passes, whatever view serves it.

:class:`RequestGuardMiddleware` refuses, before any view runs, what no view could handle:

* a body larger than Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (2.5 MB; the API's own bodies are
  at most 64 KiB): 413 with a JSON body naming the field, where Django would raise
  ``RequestDataTooBig`` from inside a view (a 500, or a traceback page with DEBUG on);
* a JSON body that holds text no database can store (a lone surrogate such as ``"\\ud800"``,
  which JSON escapes can carry but UTF-8 cannot encode, or a control character such as NUL,
  which PostgreSQL refuses): 422 naming the field. Form posts and query strings cannot carry a
  lone surrogate (Django decodes them with replacement characters) and Django's form fields
  already refuse NUL.

:class:`ContentSecurityPolicyMiddleware` adds a Content-Security-Policy to every response:
scripts, styles, images and fonts from the site itself only, no inline script or style
attribute, no framing, forms posted to the site only. The pages vendor every asset (no CDN) and
keep their scripts in static files, so the policy costs them nothing and turns an injected
``<script>`` into dead text.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse

from baclo.errors import FieldError
from baclo.protocols.inputs import clean_text

__all__ = ["CONTENT_SECURITY_POLICY", "ContentSecurityPolicyMiddleware", "RequestGuardMiddleware"]

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)

Handler = Callable[[HttpRequest], HttpResponse]


def _problem(status: int, field: str, code: str, message: str) -> JsonResponse:
    return JsonResponse(
        {"detail": [{"field": field, "code": code, "message": message}]}, status=status
    )


def _strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every string in a parsed JSON document, keys included, with its dotted path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            yield from _strings(key, where)
            yield from _strings(item, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class RequestGuardMiddleware:
    """Oversized bodies answer 413 and unstorable JSON text 422, before any view runs."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self._refusal(request) or self.get_response(request)

    def _refusal(self, request: HttpRequest) -> HttpResponse | None:
        if request.content_type == "multipart/form-data":
            return None  # uploads stream to disk under Django's own per-file limits
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        too_large = _problem(413, "body", "too_large", f"a request body is at most {limit} bytes")
        if limit is not None and _declared_length(request) > limit:
            return too_large
        if request.content_type != "application/json":
            return None
        try:
            body = request.body
        except RequestDataTooBig:
            return too_large
        try:
            document = json.loads(body or b"null")
        except (ValueError, RecursionError):
            return None  # the API names a malformed body itself (422 "json")
        for path, text in _strings(document, ""):
            try:
                clean_text(path or "body", text)
            except FieldError as error:
                return _problem(422, error.field, error.code, error.message)
        return None


class ContentSecurityPolicyMiddleware:
    """Sets :data:`CONTENT_SECURITY_POLICY` on responses that do not set their own."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response
