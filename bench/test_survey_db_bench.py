"""Survey statistics on 1,000,000 answers in the database (issue 7: under 2 s on SQLite and on
PostgreSQL). Runs on SQLite by default, on PostgreSQL when DATABASE_URL is postgres://
(``scripts/with-postgres.sh make bench``). The rows are the calibrated synthetic cohort
(:mod:`baclo.stats.synthetic`), loaded once per run with multi-row INSERTs; only the reading and
the statistics are timed.

- ``load``: the database packs and streams the columns, numpy unpacks them into a Cohort;
- ``summary``: ``load`` plus ``summarize`` and ``publishable`` of the stats core, what the
  association dashboard computes.
"""

from __future__ import annotations

import pytest

from baclo.stats.publish import publishable
from baclo.stats.summary import summarize
from baclo.stats.synthetic import generate
from baclo.web.survey.dataset import load_cohort, store_cohort
from baclo.web.survey.models import Source, Survey

N = 1_000_000

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def million(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        survey = Survey.objects.create(title="benchmark (synthetic)")
        store_cohort(generate(N, seed=2026), survey=survey, source=Source.IMPORT)
        yield survey
        survey.delete()


def test_load_one_million_answers(benchmark, million):
    cohort = benchmark.pedantic(load_cohort, args=(million,), rounds=3, iterations=1)
    assert cohort.n == N


def test_published_summary_of_one_million_answers(benchmark, million):
    def run():
        return publishable(summarize(load_cohort(million)), 5)

    summary = benchmark.pedantic(run, rounds=3, iterations=1)
    assert summary.overall is not None
    assert summary.overall.n == N
