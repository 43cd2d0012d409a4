"""Survey statistics on 1,000,000 answers in the database (issue 7: under 2 s on SQLite and on
PostgreSQL). Runs on SQLite by default, on PostgreSQL when DATABASE_URL is postgres://
(``scripts/with-postgres.sh .venv/bin/pytest bench/test_survey_db_bench.py --benchmark-only``).
The rows are the calibrated synthetic cohort (:mod:`baclo.stats.synthetic`), loaded once per run
with multi-row INSERTs (not timed); only reading and statistics are timed:

- ``load``: the database aggregates each column into one value (packed codes, numbers as
  binary or whole millionths) that numpy reads into a Cohort
  (:func:`baclo.web.survey.dataset.load_cohort`);
- ``published summary``: ``load`` plus the stats core's ``summarize`` and ``publishable``, what
  the association dashboard computes;
- reference: the plain way, ``values_list`` of the eleven columns through the ORM into numpy
  arrays (no statistics), to show what the packed, streamed read saves.

Each prints its wall and CPU time (the machine is shared: CPU time is what contention does not
inflate) and the database vendor; docs/benchmarks.md records them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from django.db import connection

from baclo.stats.publish import publishable
from baclo.stats.summary import summarize
from baclo.stats.synthetic import generate
from baclo.web.survey.dataset import load_cohort, store_cohort
from baclo.web.survey.models import Answer, Source, Survey

N = 1_000_000
COLUMNS = (
    "ref",
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
)
ROUNDS = 3

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def million(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        survey = Survey.objects.create(title="benchmark (synthetic)")
        store_cohort(generate(N, seed=2026), survey=survey, source=Source.IMPORT)
    # no clean-up: the test database is dropped at the end of the run
    return survey


def timed(benchmark, capsys, label: str, run: Callable[[], Any], rounds: int = ROUNDS) -> Any:
    cpu: list[float] = []

    def measured() -> Any:
        start = time.process_time()
        result = run()
        cpu.append(time.process_time() - start)
        return result

    result = benchmark.pedantic(measured, rounds=rounds, iterations=1)
    benchmark.extra_info.update(vendor=connection.vendor, cpu_min_s=min(cpu))
    with capsys.disabled():
        print(
            f"\n{label} on {connection.vendor}, {N:,} answers: wall min "
            f"{benchmark.stats.stats.min:.2f} s, CPU min {min(cpu):.2f} s, "
            f"load average {os.getloadavg()[0]:.1f}"
        )
    return result


def test_load_one_million_answers(benchmark, capsys, million):
    cohort = timed(benchmark, capsys, "load", lambda: load_cohort(million))
    assert cohort.n == N


def test_published_summary_of_one_million_answers(benchmark, capsys, million):
    summary = timed(
        benchmark,
        capsys,
        "published summary",
        lambda: publishable(summarize(load_cohort(million)), 5),
    )
    assert summary.overall is not None
    assert summary.overall.n == N


def test_reference_plain_values_list(benchmark, capsys, million):
    def plain() -> dict[str, Any]:
        rows = Answer.objects.filter(survey=million).values_list(*COLUMNS)
        columns = list(zip(*rows.iterator(chunk_size=10_000), strict=True))
        return {
            name: np.array(values, dtype=object if name in ("ref", "protocol") else np.float64)
            for name, values in zip(COLUMNS, columns, strict=True)
        }

    columns = timed(benchmark, capsys, "reference values_list", plain, rounds=1)
    assert len(columns["sex"]) == N
