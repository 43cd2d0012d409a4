"""GET /api/v1/auth/tokens: the caller's own tokens, newest first, the current one marked."""

from __future__ import annotations

import pytest

from baclo.web.accounts.models import ApiToken
from tests.web.conftest import CAST

URL = "/api/v1/auth/tokens"


@pytest.mark.parametrize("role", CAST)
def test_every_role_lists_its_own_tokens_only(request, anonymous_client, other_patient, role):
    user = request.getfixturevalue(role)
    older, _ = ApiToken.objects.issue(user)
    newer, key = ApiToken.objects.issue(user)
    ApiToken.objects.issue(
        other_patient if user != other_patient else request.getfixturevalue("patient")
    )
    response = anonymous_client.get(URL, headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    listed = response.json()
    assert [(t["id"], t["current"]) for t in listed] == [(newer.pk, True), (older.pk, False)]
    assert set(listed[0]) == {"id", "created_at", "last_used_at", "current"}
    assert listed[0]["last_used_at"] is not None  # this very request used it
    assert listed[1]["last_used_at"] is None


def test_a_browser_session_lists_the_tokens_with_none_current(patient_client, patient):
    ApiToken.objects.issue(patient)
    listed = patient_client.get(URL).json()
    assert [t["current"] for t in listed] == [False]


def test_without_credentials_it_answers_401(anonymous_client):
    assert anonymous_client.get(URL).status_code == 401
