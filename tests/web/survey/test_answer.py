"""Anonymous answering at /s/<slug>/: stored as one row, no IP, rate limited, bad input 422."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from baclo.web.survey import ratelimit
from baclo.web.survey.models import Answer, Column, SurveyStatus

from .conftest import question_of, valid_answer

IP = "203.0.113.77"


def url(survey) -> str:
    return f"/s/{survey.slug}/"


def answer(client: Client, survey, data) -> object:
    client.get(url(survey), REMOTE_ADDR=IP)
    return client.post(url(survey), data, REMOTE_ADDR=IP)


def test_it_shows_the_form_to_anyone(ready_made, anonymous_client):
    response = anonymous_client.get(url(ready_made))
    assert response.status_code == 200
    assert "Baclofène et alcool" in response.content.decode()


def test_it_stores_one_row_in_the_cohort_columns(ready_made, anonymous_client):
    response = answer(anonymous_client, ready_made, valid_answer(ready_made))
    assert response.status_code == 302
    row = Answer.objects.get()
    today = timezone.localdate()
    assert (row.sex, row.age_band, row.audit_before, row.protocol) == (0, 1, 20, "ameisen")
    assert (row.grams_per_day_before, row.effective_dose_mg, row.days_to_effective) == (
        120.0,
        180.0,
        75,
    )
    assert row.followup_days == min((today - dt.date(2025, 1, 1)).days, 3650)
    assert (row.side_effects_max, row.outcome_6m) == (1, 1)
    assert row.submitted_on == today
    assert row.source == "web"


def test_it_stores_no_ip_address_anywhere_in_the_row(ready_made, anonymous_client):
    answer(anonymous_client, ready_made, valid_answer(ready_made))
    row = Answer.objects.values().get()
    assert IP not in repr(row)
    assert not any("ip" in name.split("_") for name in row)
    assert set(row) == {f.attname for f in Answer._meta.concrete_fields}


def test_it_keeps_free_text_and_audit_items_in_extra(ready_made, anonymous_client):
    answer(anonymous_client, ready_made, valid_answer(ready_made))
    extra = Answer.objects.get().extra
    text = ready_made.questions.get(kind="text")
    audit = question_of(ready_made, Column.AUDIT_BEFORE)
    assert extra[str(text.pk)] == "Merci à l'association"
    assert extra[str(audit.pk)] == {"items": [2] * 10, "score": 20}


def test_a_blank_optional_answer_stays_unknown(ready_made, anonymous_client):
    dose = question_of(ready_made, Column.EFFECTIVE_DOSE_MG)
    days = question_of(ready_made, Column.DAYS_TO_EFFECTIVE)
    data = valid_answer(ready_made, **{f"q{dose.pk}": "", f"q{days.pk}": ""})
    assert answer(anonymous_client, ready_made, data).status_code == 302
    row = Answer.objects.get()
    assert (row.effective_dose_mg, row.days_to_effective) == (None, None)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        pytest.param(Column.SEX, "x", id="unknown-choice"),
        pytest.param(Column.EFFECTIVE_DOSE_MG, "-5", id="negative-dose"),
        pytest.param(Column.EFFECTIVE_DOSE_MG, "abc", id="dose-not-a-number"),
        pytest.param(Column.DAYS_TO_EFFECTIVE, "4000", id="days-above-ten-years"),
        pytest.param(Column.SIDE_EFFECTS_MAX, "7", id="severity-off-scale"),
        pytest.param(Column.FOLLOWUP_DAYS, "2999-01-01", id="start-in-the-future"),
        pytest.param(Column.FOLLOWUP_DAYS, "", id="required-start-missing"),
    ],
)
def test_it_refuses_bad_input_with_422_and_stores_nothing(
    ready_made, anonymous_client, column, value
):
    question = question_of(ready_made, column)
    data = valid_answer(ready_made, **{f"q{question.pk}": value})
    response = answer(anonymous_client, ready_made, data)
    assert response.status_code == 422
    assert 'class="errorlist' in response.content.decode()
    assert not Answer.objects.exists()


def test_it_refuses_more_days_to_the_dose_than_days_of_treatment(ready_made, anonymous_client):
    start = question_of(ready_made, Column.FOLLOWUP_DAYS)
    days = question_of(ready_made, Column.DAYS_TO_EFFECTIVE)
    yesterday = (timezone.localdate() - dt.timedelta(days=10)).isoformat()
    data = valid_answer(ready_made, **{f"q{start.pk}": yesterday, f"q{days.pk}": "30"})
    response = answer(anonymous_client, ready_made, data)
    assert response.status_code == 422
    assert "(30)" in response.content.decode()
    assert not Answer.objects.exists()


def test_it_refuses_half_an_audit(ready_made, anonymous_client):
    audit = question_of(ready_made, Column.AUDIT_BEFORE)
    data = valid_answer(ready_made, **{f"q{audit.pk}_q3": ""})
    assert answer(anonymous_client, ready_made, data).status_code == 422
    assert not Answer.objects.exists()


def test_the_same_browser_cannot_answer_twice_in_the_window(ready_made, anonymous_client):
    assert answer(anonymous_client, ready_made, valid_answer(ready_made)).status_code == 302
    again = answer(anonymous_client, ready_made, valid_answer(ready_made))
    assert again.status_code == 429
    assert Answer.objects.count() == 1


def test_a_post_without_the_form_cookie_is_refused(ready_made, anonymous_client):
    response = anonymous_client.post(url(ready_made), valid_answer(ready_made))
    assert response.status_code == 400
    assert not Answer.objects.exists()


def test_a_survey_accepts_a_bounded_number_of_answers_a_minute(ready_made, monkeypatch):
    monkeypatch.setattr(ratelimit, "SURVEY_PER_MINUTE", 2)
    codes = [answer(Client(), ready_made, valid_answer(ready_made)).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert Answer.objects.count() == 2


def test_a_draft_survey_is_not_found(ready_made, anonymous_client):
    ready_made.status = SurveyStatus.DRAFT
    ready_made.save()
    assert anonymous_client.get(url(ready_made)).status_code == 404


def test_a_closed_survey_takes_no_answer(ready_made, anonymous_client):
    anonymous_client.get(url(ready_made))
    ready_made.status = SurveyStatus.CLOSED
    ready_made.save()
    response = anonymous_client.post(url(ready_made), valid_answer(ready_made))
    assert response.status_code == 410
    assert not Answer.objects.exists()


def test_an_unknown_link_is_not_found(db, anonymous_client):
    assert anonymous_client.get("/s/not-a-survey/").status_code == 404


def test_it_rejects_other_methods(ready_made, anonymous_client):
    assert anonymous_client.delete(url(ready_made)).status_code == 405


def test_the_thanks_page_shows(ready_made, anonymous_client):
    assert anonymous_client.get(f"{url(ready_made)}thanks/").status_code == 200
