"""/survey/: the association's list of surveys, creating one, opening the ready-made one."""

from __future__ import annotations

import pytest

from baclo.web.survey.models import Survey
from baclo.web.survey.ready_made import QUESTIONS, READY_MADE_KEY

URL = "/survey/"


@pytest.mark.parametrize("role", ["analyst", "staff"])
def test_the_association_and_staff_see_the_list(client_of, role, ready_made):
    response = client_of(role).get(URL)
    assert response.status_code == 200
    assert ready_made.title in response.content.decode()


@pytest.mark.parametrize("role", ["patient", "prescriber"])
def test_other_roles_get_a_404(client_of, role):
    assert client_of(role).get(URL).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(anonymous_client):
    response = anonymous_client.get(URL)
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_it_creates_a_draft_survey(analyst_client, analyst):
    response = analyst_client.post(URL, {"title": "Sommeil", "description": ""})
    survey = Survey.objects.get(title="Sommeil")
    assert response.status_code == 302
    assert response["Location"] == f"/survey/{survey.pk}/"
    assert (survey.status, survey.created_by) == ("draft", analyst)
    assert len(survey.slug) >= 16


def test_it_refuses_a_survey_without_title(analyst_client):
    response = analyst_client.post(URL, {"title": ""})
    assert response.status_code == 422
    assert not Survey.objects.exists()


def test_the_ready_made_survey_is_created_once_with_every_theme(analyst_client):
    analyst_client.post("/survey/ready-made/")
    analyst_client.post("/survey/ready-made/")
    survey = Survey.objects.get(key=READY_MADE_KEY)
    assert survey.questions.count() == len(QUESTIONS)
    columns = set(survey.questions.exclude(column="").values_list("column", flat=True))
    assert columns == {
        "sex",
        "age_band",
        "audit_before",
        "grams_per_day_before",
        "protocol",
        "effective_dose_mg",
        "days_to_effective",
        "followup_days",
        "side_effects_max",
        "outcome_6m",
    }


def test_the_ready_made_survey_needs_a_post(analyst_client):
    assert analyst_client.get("/survey/ready-made/").status_code == 405
