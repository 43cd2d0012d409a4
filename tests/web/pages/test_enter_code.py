"""The prescriber's code page (care.views.enter_code): a pending link, nothing visible yet."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from baclo.web.accounts.models import Role
from baclo.web.care.invitations import create_invitation
from baclo.web.care.models import CareLink, LinkStatus
from tests.web.conftest import make_user

from .conftest import NOT_PRESCRIBERS

URL = reverse("care:enter_code")


def test_a_code_creates_a_pending_link_only(
    unlinked_prescriber_client: Client, unlinked_prescriber, patient
) -> None:
    invitation = create_invitation(patient)
    typed = f" {invitation.code[:4].lower()}-{invitation.code[4:]} "
    response = unlinked_prescriber_client.post(URL, {"code": typed})
    assert response["Location"] == reverse("care:patients")
    link = CareLink.objects.get(patient=patient, prescriber=unlinked_prescriber)
    assert link.status == LinkStatus.PENDING
    detail = reverse("care:patient", args=[patient.pk])
    assert unlinked_prescriber_client.get(detail).status_code == 404


def test_a_code_works_once(unlinked_prescriber_client: Client, patient, db) -> None:
    invitation = create_invitation(patient)
    unlinked_prescriber_client.post(URL, {"code": invitation.code})

    other = Client()
    other.force_login(make_user("dr-eve", Role.PRESCRIBER))
    response = other.post(URL, {"code": invitation.code})
    assert "code" in response.context["form"].errors


def test_an_expired_code_is_refused(unlinked_prescriber_client: Client, patient) -> None:
    invitation = create_invitation(patient, now=timezone.now() - dt.timedelta(days=8))
    response = unlinked_prescriber_client.post(URL, {"code": invitation.code})
    assert "code" in response.context["form"].errors
    assert not CareLink.objects.filter(patient=patient, status=LinkStatus.PENDING).exists()


def test_an_already_linked_prescriber_is_told_so(prescriber_client: Client, patient) -> None:
    invitation = create_invitation(patient)
    response = prescriber_client.post(URL, {"code": invitation.code})
    assert "déjà" in " ".join(response.context["form"].errors["code"])


@pytest.mark.parametrize(
    "code",
    ["", "ABC", "ABCD-EFG1", "x" * 21, "ZZZZZZZZ"],
    ids=["empty", "too-short", "ambiguous-digit-1", "too-long", "unknown"],
)
def test_bad_codes_show_a_form_error(unlinked_prescriber_client: Client, db, code: str) -> None:
    response = unlinked_prescriber_client.post(URL, {"code": code})
    assert response.status_code == 200
    assert "code" in response.context["form"].errors


def test_it_rejects_other_methods(unlinked_prescriber_client: Client) -> None:
    assert unlinked_prescriber_client.put(URL).status_code == 405


@NOT_PRESCRIBERS
def test_it_is_only_for_prescribers(request: pytest.FixtureRequest, client_name: str) -> None:
    assert request.getfixturevalue(client_name).get(URL).status_code == 404
