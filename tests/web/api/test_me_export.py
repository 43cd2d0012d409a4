"""GET /api/v1/me/export: everything baclo stores about the caller, in one JSON document."""

from __future__ import annotations

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.utils import timezone

from baclo.web.care.access import patient_for
from baclo.web.care.models import Invitation
from baclo.web.privacy.services import EXPORTED_MODELS
from baclo.web.safety.models import QuestionnaireResponse

URL = "/api/v1/me/export"


def test_a_patient_gets_account_plan_journal_links_and_access_log(
    patient_client, patient, prescriber, plan, saved_entries
):
    patient_for(prescriber, patient.pk)  # one logged access by the prescriber
    body = patient_client.get(URL).json()
    assert body["format"] == "baclo-export/1"
    assert body["account"]["username"] == "alice"
    assert body["plan"]["protocol"] == "ameisen"
    assert [e["date"] for e in body["journal"]] == saved_entries
    [link] = body["care_links"]
    assert (link["patient"], link["prescriber"], link["status"]) == ("alice", "dr-carol", "active")
    assert [(a["who"], a["action"]) for a in body["access_log"]] == [("dr-carol", "view")]


def test_it_includes_invitations(patient_client, patient):
    Invitation.objects.create(patient=patient, code="ABCD-1234", expires_at=timezone.now())
    assert patient_client.get(URL).json()["invitations"][0]["code"] == "ABCD-1234"


def test_it_never_contains_secrets(patient_client, patient):
    text = patient_client.get(URL).content.decode()
    assert patient.password not in text
    assert "key_hash" not in text


@pytest.mark.parametrize("role", ["prescriber", "analyst", "staff"])
def test_every_role_exports_their_own_account(request, client_of, role):
    body = client_of(role).get(URL).json()
    assert body["account"]["username"] == request.getfixturevalue(role).username
    assert body["journal"] == []


def test_the_prescriber_export_lists_their_links_not_the_patients_journal(
    prescriber_client, saved_entries
):
    body = prescriber_client.get(URL).json()
    assert [link["patient"] for link in body["care_links"]] == ["alice"]
    assert body["journal"] == []


def test_it_needs_credentials(anonymous_client):
    assert anonymous_client.get(URL).status_code == 401


def test_every_model_that_points_at_users_is_accounted_for_in_the_export():
    """A new model holding a user's data must be added to the export (or say why not)."""
    user_model = django_apps.get_model(settings.AUTH_USER_MODEL)
    pointing = {
        model._meta.label
        for model in django_apps.get_models()
        for field in model._meta.get_fields()
        if field.is_relation
        and (field.many_to_one or field.one_to_one)
        and field.concrete
        and field.related_model is user_model
    }
    assert pointing - set(EXPORTED_MODELS) == set()


def test_it_includes_alerts_and_questionnaires(patient_client, patient):
    QuestionnaireResponse.objects.create(
        patient=patient,
        instrument="audit-c",
        answers=[1, 2, 0],
        score=3,
        band="low",
        date="2026-11-20",
    )
    body = patient_client.get(URL).json()
    assert body["questionnaires"][0]["instrument"] == "audit-c"
    assert body["alerts"] == []
    assert body["health_profile"] is None
