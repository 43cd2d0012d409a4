"""The API fed by schemathesis with the values an attacker tries, not only what the schema allows.

The schema's own strategies rarely produce the values that broke the server once: NaN and
infinities (Python's JSON parser accepts ``NaN`` and ``Infinity``), numbers too large for a
float, lone surrogates (``"\\ud800"``, which JSON escapes can carry and UTF-8 cannot encode),
NUL characters (refused by PostgreSQL), and far dates (9999-12-31 overflowed a plan). Every
generated body, path and query has its leaves replaced, at random, by such values; every answer
must still be below 500. Sent as a patient with a bearer token (the role with the most write
operations), on every operation, :data:`MAX_EXAMPLES` cases each (over 1,000 in all,
docs/security.md).
"""

from __future__ import annotations

import json
import math
from typing import Any
from urllib.parse import quote

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.core import NOT_SET

from baclo.web.accounts.models import ApiToken, User
from baclo.web.wsgi import application
from tests.web.conftest import send_json

MAX_EXAMPLES = 30
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

EDGES: st.SearchStrategy[Any] = st.sampled_from(
    [
        math.nan,
        math.inf,
        -math.inf,
        1e308,
        -1e308,
        5e-324,
        10**40,
        -(10**40),
        "\ud800",
        "\udfff\ud800",
        "a\x00b",
        "\x1b[31m",
        "9999-12-31",
        "0001-01-01",
        "1899-12-31",
        "2201-01-01",
        "24:00",
        "é" * 6_000,
    ]
)


def _edged(value: Any) -> st.SearchStrategy[Any]:
    """``value`` with some of its leaves (or itself) replaced by an edge value."""
    if isinstance(value, dict):
        return st.fixed_dictionaries({key: _edged(item) for key, item in value.items()})
    if isinstance(value, list):
        return st.tuples(*(_edged(item) for item in value)).map(list)
    return st.one_of(st.just(value), EDGES)


def _edge_strings(values: dict[str, Any] | None) -> st.SearchStrategy[Any]:
    # Paths and queries are text in a URL: the edge values as text, for every parameter, but
    # surrogates (schemathesis percent-encodes parameters as UTF-8, which has none of them).
    texts = EDGES.map(lambda v: v if isinstance(v, str) else repr(v)).filter(
        lambda v: not any("\ud800" <= c <= "\udfff" for c in v)
    )
    if not values:
        return st.just(values)
    return st.fixed_dictionaries(
        {key: st.one_of(st.just(item), texts) for key, item in values.items()}
    )


@schema.hook
def flatmap_body(context: Any, body: Any) -> st.SearchStrategy[Any]:
    return _edged(body)


@schema.hook
def flatmap_query(context: Any, query: Any) -> st.SearchStrategy[Any]:
    return _edge_strings(query)


@schema.hook
def flatmap_path_parameters(context: Any, path_parameters: Any) -> st.SearchStrategy[Any]:
    return _edge_strings(path_parameters)


@pytest.fixture
def patient_token(patient: User) -> str:
    return ApiToken.objects.issue(patient)[1]


def _quoted(value: Any) -> str:
    return quote(str(value), safe="")


def _request(case: Any) -> tuple[str, str | None]:
    """The URL and the JSON text of ``case``, serialised as an attacker's client would: NaN and
    Infinity as the bare tokens Python's parser accepts, surrogates as \\u escapes."""
    path = case.path
    for name, value in (case.path_parameters or {}).items():
        path = path.replace("{" + name + "}", _quoted(value))
    query = "&".join(f"{_quoted(k)}={_quoted(v)}" for k, v in (case.query or {}).items())
    url = path + (f"?{query}" if query else "")
    if case.body is NOT_SET:
        return url, None
    if isinstance(case.body, bytes):
        return url, case.body.decode("latin-1")
    # Schemathesis may put raw bytes among the values of a schema-breaking body.
    return url, json.dumps(case.body, allow_nan=True, default=lambda v: v.decode("latin-1"))


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_edge_value_makes_the_api_answer_a_5xx(case, patient_token, anonymous_client):
    url, body = _request(case)
    response = send_json(
        anonymous_client, case.method, url, body or "", authorization=f"Bearer {patient_token}"
    )
    assert response.status_code < 500, (case.method, url, body and body[:300])
