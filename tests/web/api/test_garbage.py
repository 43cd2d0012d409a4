"""Every API operation, fed garbage by every role, answers 4xx, never a 500.

The operations are read from the OpenAPI document, so a new endpoint is covered without
touching this file.
"""

from __future__ import annotations

import pytest

from baclo.web.api.main import api
from tests.web.conftest import send_json

GARBAGE = {
    "truncated-json": "{",
    "null": "null",
    "list": "[1, {}]",
    "number": "42",
    "nested-junk": '{"intakes": [null, 3, "x"], "craving": [], "drinks": {}, "ceiling_mg": {}}',
    "wrong-types": '{"protocol": 1, "start": true, "split": "x", "username": null}',
    "nul-byte": '{"note": "\\u0000"}',
    "huge": '{"note": "' + "x" * 70_000 + '"}',
    "not-utf8": b'{"note": "\xff\xfe"}',
    "deep-nesting": "[" * 5_000 + "]" * 5_000,  # found by test_openapi_fuzz: was a 500
}

PATH_VALUES = ["2026-02-30", "-1", "%00", "99999999999999999999"]


def operations() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return [
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "put", "post", "delete", "patch"}
    ]


def fill(path: str, value: str) -> str:
    return path.replace("{date}", value).replace("{patient_id}", value)


@pytest.mark.parametrize(("method", "path"), operations())
@pytest.mark.parametrize("body", GARBAGE.values(), ids=GARBAGE.keys())
@pytest.mark.parametrize("role", ["patient", "prescriber"])
def test_garbage_bodies_never_give_a_500(client_of, patient, method, path, body, role):
    response = send_json(client_of(role), method, fill(path, str(patient.pk)), body)
    assert response.status_code < 500


@pytest.mark.parametrize(("method", "path"), operations())
@pytest.mark.parametrize("value", PATH_VALUES)
def test_garbage_in_the_path_never_gives_a_500(prescriber_client, method, path, value):
    response = send_json(prescriber_client, method, fill(path, value), {})
    assert response.status_code < 500


def test_the_openapi_document_is_served(anonymous_client):
    response = anonymous_client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/journal/{date}" in response.json()["paths"]
