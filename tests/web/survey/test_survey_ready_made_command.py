"""``python -m baclo.web survey_ready_made [--demo-answers N]``."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from baclo.web.survey.models import Survey
from baclo.web.survey.ready_made import READY_MADE_KEY


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("survey_ready_made", *args, stdout=out)
    return out.getvalue()


def test_it_creates_the_survey_once(db):
    first, again = run(), run()
    survey = Survey.objects.get(key=READY_MADE_KEY)
    assert f"/s/{survey.slug}/ (0 answers)" in first
    assert first == again


def test_it_adds_synthetic_demo_answers_and_replaces_them(db):
    run("--demo-answers", "30")
    assert "(25 answers)" in run("--demo-answers", "25")
    survey = Survey.objects.get(key=READY_MADE_KEY)
    assert not survey.answers.exclude(ref__startswith="syn-").exists()


def test_it_refuses_a_negative_count(db):
    with pytest.raises(CommandError, match="got -3"):
        run("--demo-answers", "-3")
