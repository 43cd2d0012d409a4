"""The error answers of the API, written into its OpenAPI document once for every operation.

ninja documents only the statuses a view declares, but the error contract of
:mod:`baclo.web.api.main` (docs/architecture.md, Contracts) applies to every operation: 422 for bad
input (every bad field named); 429 for the operations open without credentials (throttled); and for
authenticated operations 401 (no or bad credentials), 403 (a
resource the caller's role does not have) and 404 (a resource the caller may not see, exactly
like one that does not exist). Documenting them lets clients, and the schemathesis run of
``tests/web/api/test_openapi_fuzz.py``, check every answer against the document.
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI

__all__ = ["DocumentedErrorsAPI", "document_errors"]

FIELD_ERRORS: dict[str, Any] = {
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "code", "message"],
                "properties": {
                    "field": {"type": "string"},
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                },
            },
        }
    },
}
PROBLEM: dict[str, Any] = {
    "type": "object",
    "required": ["detail"],
    "properties": {"detail": {"type": "string"}},
}
_ERRORS = {"422": ("Bad input: every bad field is named", FIELD_ERRORS)}
#: Operations open without credentials (the token exchange) are throttled against guessing.
_OPEN_ERRORS = {"429": ("Too many requests", PROBLEM)}
_AUTHENTICATED_ERRORS = {
    "401": ("No or bad credentials", PROBLEM),
    "403": ("The caller's role has no such resource", PROBLEM),
    "404": ("No such resource, or one the caller may not see", PROBLEM),
}
_METHODS = {"get", "put", "post", "patch", "delete"}


def _response(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error answers to every operation of ``schema``; declared statuses are kept."""
    for item in schema.get("paths", {}).values():
        for method, operation in item.items():
            if method not in _METHODS:
                continue
            errors = dict(_ERRORS)
            errors.update(_AUTHENTICATED_ERRORS if operation.get("security") else _OPEN_ERRORS)
            responses = operation.setdefault("responses", {})
            for status, (description, body) in errors.items():
                responses.setdefault(status, _response(description, body))
    return schema


class DocumentedErrorsAPI(NinjaAPI):
    """A :class:`~ninja.NinjaAPI` whose OpenAPI document lists the error answers."""

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        return document_errors(super().get_openapi_schema(**kwargs))
