"""DELETE /api/v1/auth/token: the caller revokes the bearer token of the request itself."""

from __future__ import annotations

import pytest

from baclo.web.accounts.models import ApiToken
from tests.web.conftest import CAST

URL = "/api/v1/auth/token"


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.mark.parametrize("role", CAST)
def test_every_role_revokes_its_token_which_answers_401_at_once(request, anonymous_client, role):
    user = request.getfixturevalue(role)
    _, key = ApiToken.objects.issue(user)
    _, kept = ApiToken.objects.issue(user)
    assert anonymous_client.delete(URL, headers=bearer(key)).status_code == 204
    assert anonymous_client.get("/api/v1/me", headers=bearer(key)).status_code == 401
    assert anonymous_client.delete(URL, headers=bearer(key)).status_code == 401
    # the user's other tokens are not touched
    assert anonymous_client.get("/api/v1/me", headers=bearer(kept)).status_code == 200


def test_it_needs_a_bearer_token_a_browser_session_has_none_to_revoke(patient_client, patient):
    ApiToken.objects.issue(patient)
    assert patient_client.delete(URL).status_code == 401
    assert ApiToken.objects.filter(user=patient).count() == 1


@pytest.mark.parametrize(
    "header",
    [
        pytest.param({}, id="none"),
        pytest.param(bearer("not-a-token"), id="unknown"),
        pytest.param({"Authorization": "Basic YWxpY2U6eA=="}, id="basic"),
    ],
)
def test_without_a_valid_token_it_answers_401_and_revokes_nothing(
    anonymous_client, patient, header
):
    ApiToken.objects.issue(patient)
    assert anonymous_client.delete(URL, headers=header).status_code == 401
    assert ApiToken.objects.count() == 1


def test_another_users_token_in_the_request_revokes_that_token_only(
    anonymous_client, patient, other_patient
):
    # whoever holds a token may revoke it; the holder's own tokens are another matter
    _, mine = ApiToken.objects.issue(patient)
    _, theirs = ApiToken.objects.issue(other_patient)
    assert anonymous_client.delete(URL, headers=bearer(theirs)).status_code == 204
    assert list(ApiToken.objects.values_list("user__username", flat=True)) == ["alice"]
    assert anonymous_client.get("/api/v1/me", headers=bearer(mine)).status_code == 200
