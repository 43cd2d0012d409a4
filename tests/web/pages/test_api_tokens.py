"""The account page lists the user's API tokens; each can be revoked (another user's: 404)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from baclo.web.accounts.models import ApiToken
from tests.web.conftest import CAST

ACCOUNT = reverse("password_change")


def revoke_url(token: ApiToken) -> str:
    return reverse("revoke_token", args=[token.pk])


@pytest.mark.parametrize("role", CAST)
def test_every_role_sees_its_own_tokens_only(request, client_of, patient, role):
    user = request.getfixturevalue(role)
    mine, _ = ApiToken.objects.issue(user)
    others, _ = ApiToken.objects.issue(
        patient if user != patient else request.getfixturevalue("other_patient")
    )
    html = client_of(role).get(ACCOUNT).content.decode()
    assert revoke_url(mine) in html
    assert revoke_url(others) not in html


@pytest.mark.parametrize(
    ("language", "text"),
    [
        pytest.param("fr", "Vous n'avez aucun jeton d'API.", id="fr"),
        pytest.param("en", "You have no API token.", id="en"),
    ],
)
def test_without_tokens_it_says_so(patient_client: Client, language, text):
    patient_client.cookies["django_language"] = language
    html = patient_client.get(ACCOUNT).content.decode()
    assert 'id="no-tokens"' in html
    assert text in html


@pytest.mark.parametrize("role", CAST)
def test_every_role_revokes_its_token_which_the_api_refuses_at_once(
    request, client_of, anonymous_client, role
):
    token, key = ApiToken.objects.issue(request.getfixturevalue(role))
    client = client_of(role)
    response = client.post(revoke_url(token), follow=True)
    assert response.redirect_chain == [(ACCOUNT, 302)]
    assert "Le jeton est révoqué" in response.content.decode()
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    me = anonymous_client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"})
    assert me.status_code == 401


@pytest.mark.parametrize("role", ["other_patient", "prescriber", "analyst", "staff"])
def test_another_users_token_answers_404_and_stays(client_of, patient, role):
    token, _ = ApiToken.objects.issue(patient)
    assert client_of(role).post(revoke_url(token)).status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_revoking_needs_a_post(patient_client: Client, patient):
    token, _ = ApiToken.objects.issue(patient)
    assert patient_client.get(revoke_url(token)).status_code == 405
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_an_anonymous_visitor_is_sent_to_the_login_page(anonymous_client, patient):
    token, _ = ApiToken.objects.issue(patient)
    response = anonymous_client.post(revoke_url(token))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert ApiToken.objects.filter(pk=token.pk).exists()
