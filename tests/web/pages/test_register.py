"""Registration (accounts.views.register): patient or prescriber, never another role."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from baclo.web.accounts.models import Role, User

URL = reverse("register")
GOOD = {
    "username": "new-patient",
    "email": "",
    "role": "patient",
    "language": "en",
    "password1": "correct-horse-battery-2026",
    "password2": "correct-horse-battery-2026",
    "rpps": "10005173140",  # asked of prescribers only (tests/web/accounts)
}


@pytest.mark.parametrize("role", [Role.PATIENT, Role.PRESCRIBER], ids=["patient", "prescriber"])
def test_it_creates_an_account_of_a_public_role_and_logs_in(
    anonymous_client: Client, db, role: Role
) -> None:
    response = anonymous_client.post(URL, {**GOOD, "role": role.value})
    assert response.status_code == 302
    user = User.objects.get(username="new-patient")
    assert user.role == role
    assert anonymous_client.cookies["django_language"].value == "en"


@pytest.mark.parametrize(
    "role", ["association", "staff", "root"], ids=["association", "staff", "unknown"]
)
def test_it_refuses_other_roles(anonymous_client: Client, db, role: str) -> None:
    response = anonymous_client.post(URL, {**GOOD, "role": role})
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not User.objects.filter(username="new-patient").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"password2": "something-else-2026"}, "password2"),
        ({"password1": "123", "password2": "123"}, "password2"),
        ({"username": ""}, "username"),
        ({"email": "not-an-email"}, "email"),
        ({"language": "de"}, "language"),
    ],
    ids=["passwords-differ", "weak-password", "no-username", "bad-email", "unknown-language"],
)
def test_it_shows_bad_input_next_to_the_field(
    anonymous_client: Client, db, changes: dict[str, str], field: str
) -> None:
    response = anonymous_client.post(URL, {**GOOD, **changes})
    assert response.status_code == 200
    assert field in response.context["form"].errors


def test_it_refuses_a_taken_username(anonymous_client: Client, patient) -> None:
    response = anonymous_client.post(URL, {**GOOD, "username": "alice"})
    assert "username" in response.context["form"].errors


def test_a_logged_in_user_is_sent_home(patient_client: Client) -> None:
    assert patient_client.get(URL).status_code == 302


def test_it_rejects_other_methods(anonymous_client: Client) -> None:
    assert anonymous_client.put(URL).status_code == 405


def test_it_refuses_the_public_demo_password(anonymous_client: Client, db) -> None:
    demo = "baclo-demo-2026"
    response = anonymous_client.post(URL, {**GOOD, "password1": demo, "password2": demo})
    assert response.status_code == 200
    assert "password2" in response.context["form"].errors
    assert not User.objects.filter(username="new-patient").exists()


def test_after_ten_accounts_an_hour_from_one_address_it_answers_429(db) -> None:
    codes = [
        Client().post(URL, {**GOOD, "username": f"someone-{n}"}).status_code for n in range(11)
    ]
    assert codes == [302] * 10 + [429]


def test_a_refused_form_is_not_counted(db) -> None:
    for _ in range(12):
        Client().post(URL, {**GOOD, "password2": "not-the-same"})
    assert Client().post(URL, GOOD).status_code == 302
