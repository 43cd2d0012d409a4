"""/survey/<pk>/: questions of a draft, publication, removal; only the association."""

from __future__ import annotations

import pytest

from baclo.web.survey.models import Question, Survey, SurveyStatus


@pytest.fixture
def draft(db) -> Survey:
    return Survey.objects.create(title="Sommeil")


def url(survey: Survey) -> str:
    return f"/survey/{survey.pk}/"


def add(client, survey, **fields):
    data = {"kind": "number", "label": "Heures de sommeil", "required": "", "column": ""}
    data.update(fields)
    return client.post(url(survey), data)


@pytest.mark.parametrize("role", ["patient", "prescriber", "other_patient"])
def test_other_roles_get_a_404(client_of, role, draft):
    assert client_of(role).get(url(draft)).status_code == 404


def test_an_unknown_survey_is_not_found(analyst_client):
    assert analyst_client.get("/survey/999999/").status_code == 404


def test_it_adds_a_number_question(analyst_client, draft):
    response = add(analyst_client, draft, unit="h", min_value="0", max_value="24")
    assert response.status_code == 302
    question = draft.questions.get()
    assert (question.kind, question.unit, question.max_value) == ("number", "h", 24.0)


def test_it_adds_a_choice_question_from_lines(analyst_client, draft):
    response = add(
        analyst_client,
        draft,
        kind="single",
        label="Sexe",
        column="sex",
        choices_text="f | Femme | Woman\nm | Homme | Man",
    )
    assert response.status_code == 302
    assert draft.questions.get().choices == [
        {"value": "f", "label": "Femme", "label_en": "Woman"},
        {"value": "m", "label": "Homme", "label_en": "Man"},
    ]


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"kind": "text", "column": "effective_dose_mg"}, id="text-into-a-number"),
        pytest.param(
            {"kind": "single", "column": "sex", "choices_text": "x\ny"}, id="unknown-sex-codes"
        ),
        pytest.param({"kind": "single", "choices_text": "only-one"}, id="one-choice"),
        pytest.param(
            {"kind": "scale", "column": "side_effects_max", "min_value": "1", "max_value": "10"},
            id="severity-scale-not-0-3",
        ),
        pytest.param(
            {"kind": "single", "column": "protocol", "choices_text": "Bad Id\nok"},
            id="bad-protocol-id",
        ),
        pytest.param({"kind": "nonsense"}, id="unknown-kind"),
        pytest.param({"label": ""}, id="no-label"),
    ],
)
def test_it_refuses_a_bad_question_with_422(analyst_client, draft, fields):
    response = add(analyst_client, draft, **fields)
    assert response.status_code == 422
    assert not draft.questions.exists()


def test_two_questions_cannot_fill_one_column(analyst_client, draft):
    add(analyst_client, draft, column="effective_dose_mg")
    assert add(analyst_client, draft, column="effective_dose_mg").status_code == 422
    assert draft.questions.count() == 1


def test_publishing_opens_the_link(analyst_client, draft, anonymous_client):
    add(analyst_client, draft)
    response = analyst_client.post(f"{url(draft)}status/", {"status": "open"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == SurveyStatus.OPEN
    assert anonymous_client.get(f"/s/{draft.slug}/").status_code == 200
    assert f"/s/{draft.slug}/" in analyst_client.get(url(draft)).content.decode()


def test_an_empty_survey_cannot_be_published(analyst_client, draft):
    analyst_client.post(f"{url(draft)}status/", {"status": "open"})
    draft.refresh_from_db()
    assert draft.status == SurveyStatus.DRAFT


def test_an_unknown_status_is_refused(analyst_client, draft):
    assert analyst_client.post(f"{url(draft)}status/", {"status": "x"}).status_code == 404


def test_questions_of_a_published_survey_do_not_change(analyst_client, draft):
    add(analyst_client, draft)
    analyst_client.post(f"{url(draft)}status/", {"status": "open"})
    add(analyst_client, draft, label="another")
    question = draft.questions.get()
    assert question.label == "Heures de sommeil"
    delete = analyst_client.post(f"{url(draft)}questions/{question.pk}/delete/")
    assert delete.status_code == 404
    assert Question.objects.filter(pk=question.pk).exists()


def test_a_draft_question_can_be_removed(analyst_client, draft):
    add(analyst_client, draft)
    question = draft.questions.get()
    response = analyst_client.post(f"{url(draft)}questions/{question.pk}/delete/")
    assert response.status_code == 302
    assert not draft.questions.exists()


def test_a_question_of_another_survey_is_not_found(analyst_client, draft):
    other = Survey.objects.create(title="other")
    question = Question.objects.create(survey=other, kind="text", label="x")
    response = analyst_client.post(f"{url(draft)}questions/{question.pk}/delete/")
    assert response.status_code == 404
