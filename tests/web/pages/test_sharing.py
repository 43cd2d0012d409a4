"""The patient's sharing page (care.views.sharing): a one-time code, accept, revoke, access log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from baclo.web.care.invitations import CODE_ALPHABET, CODE_LENGTH, redeem_code
from baclo.web.care.models import CareLink, Invitation, LinkStatus

from .conftest import NOT_PATIENTS

URL = reverse("care:sharing")


def test_it_creates_a_one_time_code_and_shows_it(patient_client: Client, patient) -> None:
    response = patient_client.post(URL, {"action": "create"})
    assert response.status_code == 302
    invitation = Invitation.objects.get(patient=patient)
    assert len(invitation.code) == CODE_LENGTH
    assert set(invitation.code) <= set(CODE_ALPHABET)
    page = patient_client.get(URL)
    assert page.context["code"] == f"{invitation.code[:4]}-{invitation.code[4:]}"
    assert invitation.expires_at - timezone.now() > dt.timedelta(days=6)


def test_a_new_code_retires_the_previous_one(patient_client: Client, patient) -> None:
    patient_client.post(URL, {"action": "create"})
    patient_client.post(URL, {"action": "create"})
    now = timezone.now()
    assert [i.is_usable(now) for i in Invitation.objects.order_by("created_at")] == [False, True]


def test_the_patient_accepts_then_revokes_a_prescriber(
    patient_client: Client, patient, unlinked_prescriber
) -> None:
    patient_client.post(URL, {"action": "create"})
    link = redeem_code(unlinked_prescriber, Invitation.objects.get().code)
    assert link.status == LinkStatus.PENDING
    assert patient_client.get(URL).context["pending"] == [link]

    patient_client.post(URL, {"action": "accept", "link": link.pk})
    link.refresh_from_db()
    assert (link.status, link.accepted_at is not None) == (LinkStatus.ACTIVE, True)

    patient_client.post(URL, {"action": "revoke", "link": link.pk})
    link.refresh_from_db()
    assert (link.status, link.revoked_at is not None) == (LinkStatus.REVOKED, True)


def test_it_shows_who_looked_at_the_data(
    patient_client: Client, prescriber_client: Client, patient
) -> None:
    prescriber_client.get(reverse("care:patient", args=[patient.pk]))
    html = patient_client.get(URL).content.decode()
    assert "dr-carol" in html


def test_a_patient_cannot_accept_a_link_of_another_patient(
    other_patient_client: Client, patient, unlinked_prescriber
) -> None:
    link = CareLink.objects.create(patient=patient, prescriber=unlinked_prescriber)
    response = other_patient_client.post(URL, {"action": "accept", "link": link.pk})
    assert response.status_code == 404
    link.refresh_from_db()
    assert link.status == LinkStatus.PENDING


@pytest.mark.parametrize(
    "data",
    [
        {"action": "accept", "link": "abc"},
        {"action": "accept", "link": "999999"},
        {"action": "fly"},
        {},
    ],
    ids=["link-not-a-number", "unknown-link", "unknown-action", "empty"],
)
def test_bad_posts_answer_404_not_500(patient_client: Client, data: dict[str, str]) -> None:
    assert patient_client.post(URL, data).status_code == 404


def test_an_active_link_cannot_be_accepted_twice(patient_client: Client, prescriber) -> None:
    link = CareLink.objects.get(prescriber=prescriber)
    assert patient_client.post(URL, {"action": "accept", "link": link.pk}).status_code == 404


def test_it_rejects_other_methods(patient_client: Client) -> None:
    assert patient_client.put(URL).status_code == 405


@NOT_PATIENTS
def test_it_is_only_for_patients(request: pytest.FixtureRequest, client_name: str) -> None:
    client = request.getfixturevalue(client_name)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"action": "create"}).status_code == 404
