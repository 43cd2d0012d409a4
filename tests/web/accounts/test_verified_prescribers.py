"""Verified prescribers: anyone may register as one, only the association's staff vouch for
them (RPPS number checked); until then they may ask for links, shown "unverified" to the patient,
and may not raise a ceiling above 80 mg/day."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from baclo.web.accounts.models import Role, User
from baclo.web.care.invitations import create_invitation
from baclo.web.care.models import CareLink, LinkStatus
from tests.web.conftest import PASSWORD, make_user, rpps_of, send_json

PUBLISHED_RPPS = "10005173140"
REGISTRATION = {
    "username": "dr-new",
    "email": "",
    "role": "prescriber",
    "language": "fr",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "rpps": "1000 5173 140",
}
STAFF_PAGE = reverse("staff_prescribers")


def test_a_prescriber_registers_with_an_rpps_number_and_is_unverified(anonymous_client):
    assert anonymous_client.post(reverse("register"), REGISTRATION).status_code == 302
    doctor = User.objects.get(username="dr-new")
    assert (doctor.rpps, doctor.is_verified_prescriber) == (PUBLISHED_RPPS, False)


@pytest.mark.parametrize(
    "rpps", ["", "1000517314", "10005173141"], ids=["missing", "ten-digits", "wrong-check-digit"]
)
def test_a_prescriber_cannot_register_without_a_valid_rpps_number(anonymous_client, rpps):
    response = anonymous_client.post(reverse("register"), {**REGISTRATION, "rpps": rpps})
    assert response.status_code == 200
    assert "rpps" in response.context["form"].errors
    assert not User.objects.filter(username="dr-new").exists()


def test_a_patient_registers_without_an_rpps_number(anonymous_client):
    form = {**REGISTRATION, "role": "patient", "rpps": "anything"}
    assert anonymous_client.post(reverse("register"), form).status_code == 302
    assert User.objects.get(username="dr-new").rpps == ""


def _put_ceiling(client: Client, patient: User, ceiling: int):
    body = {"protocol": "ameisen", "start": "2026-01-05", "ceiling_mg": ceiling}
    return send_json(
        client, "put", f"/api/v1/patients/{patient.pk}/plan", {**body, "ceiling_acknowledged": True}
    )


def test_an_unverified_prescriber_cannot_raise_a_ceiling_above_80(
    unverified_prescriber_client, patient
):
    response = _put_ceiling(unverified_prescriber_client, patient, 150)
    assert response.status_code == 422
    assert response.json()["detail"][0]["code"] == "unverified_prescriber"


def test_an_unverified_prescriber_may_set_a_plan_up_to_80(unverified_prescriber_client, patient):
    assert _put_ceiling(unverified_prescriber_client, patient, 80).status_code == 201


def test_a_verified_prescriber_may_raise_the_ceiling(prescriber_client, patient):
    assert _put_ceiling(prescriber_client, patient, 150).status_code == 201


@pytest.mark.parametrize(
    ("verified", "badge"), [(False, "unverified-"), (True, "verified-")], ids=["no", "yes"]
)
def test_the_patient_sees_whether_the_asking_prescriber_is_verified(
    patient_client, patient, verified, badge
):
    doctor = make_user("dr-asking", Role.PRESCRIBER, **({} if verified else {"verified_at": None}))
    doctor_client = Client()
    doctor_client.force_login(doctor)
    code = create_invitation(patient).code
    doctor_client.post(reverse("care:enter_code"), {"code": code})
    link = CareLink.objects.get(patient=patient, prescriber=doctor, status=LinkStatus.PENDING)
    page = patient_client.get(reverse("care:sharing")).content.decode()
    assert f'id="{badge}{link.pk}"' in page


def test_staff_verify_a_prescriber_on_their_page(staff_client, staff):
    doctor = make_user("dr-new", Role.PRESCRIBER, verified_at=None, rpps=PUBLISHED_RPPS)
    assert f'id="prescriber-{doctor.pk}"' in staff_client.get(STAFF_PAGE).content.decode()
    staff_client.post(STAFF_PAGE, {"user": doctor.pk, "action": "verify", "rpps": PUBLISHED_RPPS})
    doctor.refresh_from_db()
    assert (doctor.is_verified_prescriber, doctor.verified_by) == (True, staff)


def test_staff_cannot_verify_a_wrong_number(staff_client):
    doctor = make_user("dr-new", Role.PRESCRIBER, verified_at=None, rpps="")
    staff_client.post(STAFF_PAGE, {"user": doctor.pk, "action": "verify", "rpps": "10005173141"})
    doctor.refresh_from_db()
    assert not doctor.is_verified_prescriber


def test_one_rpps_number_verifies_one_account(staff_client, prescriber):
    doctor = make_user("dr-copy", Role.PRESCRIBER, verified_at=None)
    staff_client.post(
        STAFF_PAGE, {"user": doctor.pk, "action": "verify", "rpps": rpps_of("dr-carol")}
    )
    doctor.refresh_from_db()
    assert not doctor.is_verified_prescriber


def test_staff_unverify_a_prescriber(staff_client, prescriber):
    staff_client.post(STAFF_PAGE, {"user": prescriber.pk, "action": "revoke"})
    prescriber.refresh_from_db()
    assert not prescriber.is_verified_prescriber


@pytest.mark.parametrize("role", ["patient", "prescriber", "analyst"])
def test_only_staff_see_the_page(client_of, role):
    assert client_of(role).get(STAFF_PAGE).status_code == 404


def test_the_command_lists_verifies_and_revokes(db, capsys):
    doctor = make_user("dr-new", Role.PRESCRIBER, verified_at=None, rpps=PUBLISHED_RPPS)
    call_command("verify_prescriber")
    assert f"dr-new\t{PUBLISHED_RPPS}" in capsys.readouterr().out
    call_command("verify_prescriber", "dr-new")
    doctor.refresh_from_db()
    assert doctor.is_verified_prescriber
    call_command("verify_prescriber", "dr-new", "--revoke")
    doctor.refresh_from_db()
    assert not doctor.is_verified_prescriber


def test_the_command_refuses_a_wrong_number(db):
    make_user("dr-new", Role.PRESCRIBER, verified_at=None)
    with pytest.raises(CommandError, match="check digit"):
        call_command("verify_prescriber", "dr-new", "--rpps", "10005173141")
