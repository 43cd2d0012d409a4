"""The home page (accounts.views.home): a welcome for visitors, each role's first page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

URL = reverse("home")


def test_it_welcomes_visitors_with_login_and_registration(anonymous_client: Client) -> None:
    html = anonymous_client.get(URL).content.decode()
    assert reverse("login") in html
    assert reverse("register") in html


@pytest.mark.parametrize(
    ("client_name", "target"),
    [("patient_client", "journal:today"), ("prescriber_client", "care:patients")],
    ids=["patient-to-today", "prescriber-to-patients"],
)
def test_it_sends_each_role_to_its_first_page(
    request: pytest.FixtureRequest, client_name: str, target: str
) -> None:
    response = request.getfixturevalue(client_name).get(URL)
    assert response.status_code == 302
    assert response["Location"] == reverse(target)


@pytest.mark.parametrize(
    "client_name", ["analyst_client", "staff_client"], ids=["analyst", "staff"]
)
def test_other_roles_get_the_welcome_page(request: pytest.FixtureRequest, client_name: str) -> None:
    assert request.getfixturevalue(client_name).get(URL).status_code in {200, 302}
