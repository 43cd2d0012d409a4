"""Password change and reset pages (Django's views, our templates, console email in dev)."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.web.conftest import PASSWORD

NEW = "another-long-password-2026"


def test_it_changes_the_password(patient_client: Client, patient) -> None:
    response = patient_client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response["Location"] == reverse("password_change_done")
    patient.refresh_from_db()
    assert patient.check_password(NEW)


def test_it_refuses_a_wrong_old_password(patient_client: Client) -> None:
    response = patient_client.post(
        reverse("password_change"),
        {"old_password": "nope", "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors


def test_password_change_needs_a_login(anonymous_client: Client) -> None:
    assert anonymous_client.get(reverse("password_change")).status_code == 302


def test_a_reset_link_is_emailed_and_sets_a_new_password(anonymous_client: Client, patient) -> None:
    response = anonymous_client.post(reverse("password_reset"), {"email": patient.email})
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    link = re.search(r"/accounts/password/reset/\S+/\S+/", mail.outbox[0].body).group(0)
    form_page = anonymous_client.get(link, follow=True)
    assert form_page.context["validlink"]
    done = anonymous_client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}
    )
    assert done["Location"] == reverse("password_reset_complete")
    patient.refresh_from_db()
    assert patient.check_password(NEW)


def test_an_unknown_address_gets_the_same_answer_and_no_email(anonymous_client: Client, db) -> None:
    response = anonymous_client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_a_bad_reset_link_says_so(anonymous_client: Client, db) -> None:
    url = reverse("password_reset_confirm", args=["MQ", "bad-token"])
    response = anonymous_client.get(url)
    assert response.status_code == 200
    assert not response.context["validlink"]


def test_done_pages_render(anonymous_client: Client, patient_client: Client) -> None:
    assert anonymous_client.get(reverse("password_reset_done")).status_code == 200
    assert anonymous_client.get(reverse("password_reset_complete")).status_code == 200
    assert patient_client.get(reverse("password_change_done")).status_code == 200
