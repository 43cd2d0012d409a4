"""One row per person and survey: the (survey, ref) constraint, its migration, racing imports."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor

from baclo.stats.csvfile import read_cohort
from baclo.stats.synthetic import generate
from baclo.web.survey.dataset import store_cohort
from baclo.web.survey.importing import import_cohort
from baclo.web.survey.models import Answer, Source, Survey

from .conftest import cohort_csv

BEFORE = [("survey", "0003_protocol_index")]  # before 0004 drops repeats and 0005 forbids them


@pytest.fixture
def survey(db) -> Survey:
    return Survey.objects.create(title="enquête")


def test_the_database_refuses_a_second_row_with_the_same_ref(survey):
    Answer.objects.create(survey=survey, source=Source.IMPORT, ref="p1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(survey=survey, source=Source.WEB, ref="p1")


def test_pooled_rows_have_no_survey_and_never_collide(db):
    Answer.objects.create(survey=None, source=Source.POOLED, ref="same")
    Answer.objects.create(survey=None, source=Source.POOLED, ref="same")
    assert Answer.objects.filter(survey=None).count() == 2


def test_a_synthetic_cohort_stores_as_it_is_its_ids_are_unique(survey):
    # the demo data and the 1,000,000-row benchmark store generate()'s cohort with store_cohort
    assert store_cohort(generate(3_000, seed=3), survey=survey, source=Source.IMPORT) == 3_000


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_the_first_copy_of_each_person():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    old_survey = old.get_model("survey", "Survey").objects.create(title="s", slug="s")
    old_answer = old.get_model("survey", "Answer")
    for ref, sex in [("a", 0), ("b", 0), ("a", 1), ("a", 1), ("b", 1)]:
        old_answer.objects.create(survey=old_survey, source="import", ref=ref, sex=sex)
    for _ in range(2):
        old_answer.objects.create(survey=None, source="pooled", ref="p")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    kept = Answer.objects.filter(survey_id=old_survey.pk).order_by("ref")
    assert list(kept.values_list("ref", "sex")) == [("a", 0), ("b", 0)]
    assert Answer.objects.filter(survey=None).count() == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's BEGIN IMMEDIATE serialises writers by itself; the race needs PostgreSQL",
)
def test_two_imports_of_one_file_at_once_store_each_person_once():
    survey = Survey.objects.create(title="course")
    read = read_cohort(cohort_csv(generate(500, seed=4)))
    start = threading.Barrier(2)
    results = []

    def run() -> None:
        try:
            start.wait()
            results.append(import_cohort(read, survey, submitted_on=dt.date(2026, 11, 25)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted((r.stored, r.already_imported) for r in results) == [(0, 500), (500, 0)]
    assert survey.answers.count() == 500
