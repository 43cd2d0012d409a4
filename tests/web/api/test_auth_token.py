"""POST /api/v1/auth/token: a username and password become a bearer token."""

from __future__ import annotations

import pytest
from django.test import Client

from baclo.web.accounts.models import ApiToken, hash_token
from tests.web.conftest import PASSWORD, send_json

URL = "/api/v1/auth/token"


@pytest.mark.parametrize("role", ["patient", "prescriber", "analyst", "staff"])
def test_every_role_gets_a_token_that_opens_the_api(request, anonymous_client, role):
    user = request.getfixturevalue(role)
    response = send_json(
        anonymous_client, "post", URL, {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 200
    token = response.json()["token"]
    me = anonymous_client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert me.json()["username"] == user.username


def test_it_stores_only_a_hash_of_the_token(anonymous_client, patient):
    token = send_json(
        anonymous_client, "post", URL, {"username": "alice", "password": PASSWORD}
    ).json()["token"]
    stored = ApiToken.objects.get(user=patient)
    assert stored.key_hash == hash_token(token)
    assert token not in stored.key_hash


@pytest.mark.parametrize(
    "credentials",
    [
        pytest.param({"username": "alice", "password": "wrong"}, id="wrong-password"),
        pytest.param({"username": "nobody", "password": PASSWORD}, id="unknown-user"),
    ],
)
def test_it_refuses_bad_credentials_with_401(anonymous_client, patient, credentials):
    response = send_json(anonymous_client, "post", URL, credentials)
    assert response.status_code == 401
    assert response.json() == {"detail": "invalid username or password"}


def test_it_refuses_an_inactive_user(anonymous_client, patient):
    patient.is_active = False
    patient.save()
    response = send_json(anonymous_client, "post", URL, {"username": "alice", "password": PASSWORD})
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        pytest.param({"username": "alice"}, {"password"}, id="missing-password"),
        pytest.param({"username": 3, "password": []}, {"username", "password"}, id="wrong-types"),
        pytest.param("{not json", {"body"}, id="garbage"),
        pytest.param("[1, 2]", {"username", "password"}, id="a-list"),
    ],
)
def test_it_names_the_bad_fields_with_422(anonymous_client, body, fields):
    response = send_json(anonymous_client, "post", URL, body)
    assert response.status_code == 422
    assert {item["field"] for item in response.json()["detail"]} == fields


def test_a_revoked_or_unknown_token_is_refused(anonymous_client):
    response = anonymous_client.get("/api/v1/me", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401


def test_it_slows_down_password_guessing(anonymous_client, patient):
    # One address guessing across accounts: the per-account limit never applies.
    codes = [
        send_json(anonymous_client, "post", URL, {"username": f"u{n}", "password": "x"}).status_code
        for n in range(21)
    ]
    assert codes[:20] == [401] * 20
    assert codes[20] == 429


def test_a_client_cannot_escape_the_limit_with_its_own_forwarded_for_header(
    anonymous_client, patient
):
    codes = [
        send_json(
            anonymous_client,
            "post",
            URL,
            {"username": f"u{attempt}", "password": "x"},
            X_Forwarded_For=f"10.0.0.{attempt}",
        ).status_code
        for attempt in range(21)
    ]
    assert codes[20] == 429


def test_guesses_at_one_account_from_many_addresses_are_limited(patient):
    codes = [
        send_json(
            Client(REMOTE_ADDR=f"10.0.1.{n}"), "post", URL, {"username": "alice", "password": "x"}
        ).status_code
        for n in range(11)
    ]
    assert codes[:10] == [401] * 10
    assert codes[10] == 429
