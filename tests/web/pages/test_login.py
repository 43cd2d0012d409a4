"""Login and logout pages (Django's views with our templates)."""

from __future__ import annotations

from django.contrib.auth import forms
from django.test import Client
from django.urls import reverse

from baclo.web.accounts.views import LOGIN_FAILURES
from baclo.web.cache import count
from tests.web.conftest import PASSWORD

URL = reverse("login")


def test_it_logs_a_patient_in_and_opens_today(anonymous_client: Client, patient) -> None:
    response = anonymous_client.post(URL, {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert anonymous_client.get(response["Location"], follow=True).redirect_chain[-1][0] == reverse(
        "journal:today"
    )


def test_it_shows_an_error_for_a_wrong_password(anonymous_client: Client, patient) -> None:
    response = anonymous_client.post(URL, {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "form-errors" in response.content.decode()


def test_it_shows_errors_for_missing_fields(anonymous_client: Client) -> None:
    response = anonymous_client.post(URL, {})
    assert set(response.context["form"].errors) == {"username", "password"}


def test_a_logged_in_user_is_sent_home(patient_client: Client) -> None:
    assert patient_client.get(URL).status_code == 302


def test_logout_needs_a_post(patient_client: Client) -> None:
    assert patient_client.get(reverse("logout")).status_code == 405
    response = patient_client.post(reverse("logout"))
    assert response.status_code == 302
    assert patient_client.get(reverse("journal:today")).status_code == 302  # to login again


def test_after_20_failed_attempts_a_minute_it_answers_429_without_checking(
    anonymous_client: Client, patient
) -> None:
    codes = [
        anonymous_client.post(URL, {"username": f"user-{n}", "password": "wrong"}).status_code
        for n in range(20)
    ]
    assert codes == [200] * 20
    response = anonymous_client.post(URL, {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    assert "_auth_user_id" not in anonymous_client.session


def test_successful_logins_are_not_counted(patient) -> None:
    codes = [
        Client().post(URL, {"username": "alice", "password": PASSWORD}).status_code
        for _ in range(25)
    ]
    assert codes == [302] * 25


def test_an_attempt_is_counted_before_the_password_is_checked(
    anonymous_client, patient, monkeypatch
):
    # counting after the check let guesses sent in parallel all read a count under the limit
    seen = []
    real = forms.authenticate

    def spy(request, **credentials):
        seen.append(count(LOGIN_FAILURES._key(request), LOGIN_FAILURES.window_s))
        return real(request, **credentials)

    monkeypatch.setattr(forms, "authenticate", spy)
    anonymous_client.post(URL, {"username": "alice", "password": "wrong"})
    anonymous_client.post(URL, {"username": "alice", "password": PASSWORD})
    assert seen == [1, 2]
