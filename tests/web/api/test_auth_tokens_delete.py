"""DELETE /api/v1/auth/tokens/{id}: the caller revokes one of their tokens; others' are 404."""

from __future__ import annotations

import pytest

from baclo.web.accounts.models import ApiToken
from tests.web.conftest import CAST, send_json


def url(token: ApiToken) -> str:
    return f"/api/v1/auth/tokens/{token.pk}"


@pytest.mark.parametrize("role", CAST)
def test_every_role_revokes_one_of_its_tokens_which_answers_401_at_once(
    request, client_of, anonymous_client, role
):
    user = request.getfixturevalue(role)
    token, key = ApiToken.objects.issue(user)
    assert send_json(client_of(role), "delete", url(token)).status_code == 204
    assert (
        anonymous_client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"}).status_code
        == 401
    )
    assert send_json(client_of(role), "delete", url(token)).status_code == 404


@pytest.mark.parametrize("role", ["other_patient", "prescriber", "analyst", "staff"])
def test_another_users_token_answers_404_and_stays_valid(
    client_of, anonymous_client, patient, role
):
    token, key = ApiToken.objects.issue(patient)
    response = send_json(client_of(role), "delete", url(token))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}  # like any id that does not exist
    assert (
        anonymous_client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"}).status_code
        == 200
    )


def test_a_token_revokes_itself_by_id_too(anonymous_client, patient):
    token, key = ApiToken.objects.issue(patient)
    headers = {"Authorization": f"Bearer {key}"}
    assert anonymous_client.delete(url(token), headers=headers).status_code == 204
    assert anonymous_client.get("/api/v1/me", headers=headers).status_code == 401


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/api/v1/auth/tokens/999999", id="unknown"),
        pytest.param("/api/v1/auth/tokens/99999999999999999999999", id="huge"),
        pytest.param("/api/v1/auth/tokens/-1", id="negative"),
    ],
)
def test_an_id_of_no_token_answers_404(patient_client, path):
    assert send_json(patient_client, "delete", path).status_code == 404


def test_an_id_that_is_not_a_number_answers_422(patient_client):
    assert send_json(patient_client, "delete", "/api/v1/auth/tokens/abc").status_code == 422


def test_without_credentials_it_answers_401(anonymous_client, patient):
    token, _ = ApiToken.objects.issue(patient)
    assert anonymous_client.delete(url(token)).status_code == 401
    assert ApiToken.objects.exists()
