"""The API against its own OpenAPI document, fed by schemathesis: no 5xx, answers as documented.

Schemathesis reads ``/api/v1/openapi.json`` from the Django WSGI application (no network, no
server) and generates, for every operation, requests that follow the schema and requests that
break it, sent as a patient with a bearer token. Every answer must be below 500, have a status
the document declares, a body matching the declared schema and the declared content type, and a
schema-breaking request must be refused with a 4xx.

One check is left out: "a request that follows the schema is accepted". The schema cannot say
everything the domain refuses on purpose (a journal day outside the 8-day edit window, a plan
that does not exist yet, a prescriber-only resource asked by a patient), so those 4xx are right.

The run is bounded and reproducible: 25 examples per operation, no per-example deadline (the
first PK simulation warms numpy up), derandomized so that a failure replays identically.

The second half posts garbage bodies to every write operation with the token and expects a 4xx
with the JSON error shape (``tests/web/api/test_garbage.py`` checks every role and method for
"no 5xx"; this one is stricter on the status and the body).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import schemathesis
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from baclo.web.accounts.models import ApiToken, User
from baclo.web.wsgi import application
from tests.web.conftest import send_json

MAX_EXAMPLES = 25
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def patient_token(patient: User) -> str:
    return ApiToken.objects.issue(patient)[1]


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_documented_and_never_with_a_5xx(case, patient_token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {patient_token}"},
        excluded_checks=[positive_data_acceptance],
    )


def operations() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in schema.raw_schema["paths"].items()
        for method, operation in item.items()
        if method in {"get", "put", "post", "patch", "delete"}
    ]


@pytest.mark.parametrize(("method", "path", "operation"), operations())
def test_the_document_lists_the_error_answers_of_every_operation(method, path, operation):
    expected = {"401", "403", "404", "422"} if operation.get("security") else {"422", "429"}
    assert expected <= set(operation["responses"])
    body = operation["responses"]["422"]["content"]["application/json"]["schema"]
    assert body["properties"]["detail"]["items"]["required"] == ["field", "code", "message"]


def write_operations() -> list[tuple[str, str]]:
    # Today is always editable, so a journal write reaches the body instead of stopping at the date.
    today = timezone.localdate().isoformat()
    return [
        (method, re.sub(r"\{\w+\}", "1", path.replace("{date}", today)))
        for method, path, operation in operations()
        if method in {"PUT", "POST", "PATCH"} and "requestBody" in operation
    ]


GARBAGE = {
    "not-json": "intakes=08:00",
    "truncated-json": '{"intakes": [',
    "array": "[]",
    "string": '"hello"',
    "wrong-types": '{"intakes": "08:00", "days": "7", "protocol": 3, "start": [], "password": 1}',
    "huge-string": '{"note": "' + "é" * 100_000 + '", "protocol": "' + "x" * 100_000 + '"}',
    "deep-nesting": "[" * 5_000 + "]" * 5_000,
    "not-utf8": b'{"username": "\xff\xfe\xfd"}',
}


@pytest.mark.parametrize(("method", "path"), write_operations())
@pytest.mark.parametrize("body", GARBAGE.values(), ids=GARBAGE.keys())
def test_garbage_to_a_write_operation_gets_a_4xx_with_a_json_detail(
    anonymous_client, patient_token, method, path, body
):
    response = send_json(
        anonymous_client, method, path, body, authorization=f"Bearer {patient_token}"
    )
    assert 400 <= response.status_code < 500
    assert "detail" in response.json()
