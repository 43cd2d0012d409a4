"""Cohort statistics on 1,000,000 synthetic answers: baclo vs a plain-Python reference.

Issue 7 asks for statistics on a million answers in under 2 seconds. baclo's path is the one
``baclo stats`` takes: read and validate the CSV file (Arrow), then the whole summary with its
subgroups (numpy/scipy). The reference is what one would write without them: ``csv.DictReader``
and the ``statistics`` module, no validation, run on the first 100,000 rows and scaled by 10
(it is linear in n except its sorts, so the scaling flatters it slightly). Both compute the same
figures, checked on the subset.
"""

from __future__ import annotations

import csv
import itertools
import statistics
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from baclo.stats.csvfile import read_cohort, write_cohort
from baclo.stats.summary import CohortSummary, summarize
from baclo.stats.synthetic import generate

N = 1_000_000
REFERENCE_ROWS = 100_000
TARGET_SECONDS = 2.0
T = TypeVar("T")


@pytest.fixture(scope="module")
def cohort_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stats") / "synthetic-1m.csv"
    write_cohort(generate(N, seed=2026), str(path))
    return path


def _baclo(path: Path) -> CohortSummary:
    return summarize(read_cohort(path).cohort)


def _ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in range(start, end + 1):
            ranks[order[position]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def _reference(path: Path, rows: int) -> dict[str, float]:
    """The summary's figures in plain Python, overall and by protocol and by sex like baclo."""
    with path.open(newline="") as handle:
        records = list(itertools.islice(csv.DictReader(handle), rows))
    groups: dict[str, list[dict[str, str]]] = {"all": records}
    for record in records:
        for column in ("protocol", "sex"):
            groups.setdefault(f"{column}={record[column]}", []).append(record)
    figures: dict[str, float] = {}
    for name, group in groups.items():
        figures |= {f"{name}.{key}": value for key, value in _reference_group(group).items()}
    return figures


def _reference_group(records: list[dict[str, str]]) -> dict[str, float]:
    dose = [float(r["effective_dose_mg"]) for r in records if r["effective_dose_mg"]]
    q1, median, q3 = statistics.quantiles(dose, n=4, method="inclusive")
    figures = {"mean": statistics.fmean(dose), "sd": statistics.stdev(dose), "median": median}
    figures |= {"q1": q1, "q3": q3}
    for column in ("audit_before", "grams_per_day_before"):
        pairs = [
            (float(r["effective_dose_mg"]), float(r[column]))
            for r in records
            if r["effective_dose_mg"] and r[column]
        ]
        x, y = [p[0] for p in pairs], [p[1] for p in pairs]
        figures[f"r_{column}"] = statistics.correlation(x, y)
        figures[f"rho_{column}"] = statistics.correlation(_ranks(x), _ranks(y))
    at_time: Counter[tuple[float, bool]] = Counter(
        (float(r["days_to_effective"] or r["followup_days"]), bool(r["days_to_effective"]))
        for r in records
    )
    survival, at_risk = 1.0, len(records)
    for day in sorted({day for day, _ in at_time}):
        if day > 120:
            break
        events = at_time[(day, True)]
        survival *= 1 - events / at_risk
        at_risk -= events + at_time[(day, False)]
    figures["reached_by_120"] = 1 - survival
    for column in ("outcome_6m", "side_effects_max"):
        counts = Counter(r[column] for r in records if r[column])
        total = sum(counts.values())
        figures |= {f"{column}={k}": v / total for k, v in counts.items()}
    return figures


def test_reference_and_baclo_agree_on_the_subset(
    benchmark,  # a benchmark too, so that `make bench` (--benchmark-only) runs this check
    cohort_csv: Path,
    tmp_path: Path,
) -> None:
    subset = tmp_path / "subset.csv"
    with cohort_csv.open() as source:
        subset.write_text("".join(itertools.islice(source, 20_001)))
    reference = benchmark.pedantic(_reference, args=(subset, 20_000), rounds=1, iterations=1)
    ours = _baclo(subset).overall
    assert ours is not None
    assert ours.effective_dose_mg is not None
    assert ours.effective_dose_mg.mean == pytest.approx(reference["all.mean"], rel=1e-12)
    assert ours.effective_dose_mg.q1 == pytest.approx(reference["all.q1"], rel=1e-12)
    audit = ours.correlations["dose_vs_audit"]
    assert audit is not None
    assert audit.pearson_r == pytest.approx(reference["all.r_audit_before"], rel=1e-9)
    assert audit.spearman_rho == pytest.approx(reference["all.rho_audit_before"], rel=1e-9)
    assert ours.time_to_effective is not None
    km_120 = ours.time_to_effective.reached_by_120_days
    assert km_120 == pytest.approx(reference["all.reached_by_120"], rel=1e-9)


def _timed(function: Callable[..., T], *args: object) -> tuple[T, float, float]:
    """(result, wall seconds, CPU seconds): CPU time is what to compare on a shared machine."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    return result, time.perf_counter() - wall, time.process_time() - cpu


def test_a_million_answers_load_and_summarise(benchmark, cohort_csv: Path) -> None:
    loaded, load_wall, load_cpu = _timed(read_cohort, cohort_csv)
    _, summary_wall, summary_cpu = _timed(summarize, loaded.cohort)
    _, reference_wall, reference_cpu = _timed(_reference, cohort_csv, REFERENCE_ROWS)
    scale = N / REFERENCE_ROWS

    summary = benchmark.pedantic(_baclo, args=(cohort_csv,), rounds=3, iterations=1)
    assert summary.overall is not None
    assert summary.overall.n == N
    baclo_cpu = load_cpu + summary_cpu
    benchmark.extra_info.update(
        rows=N,
        target_s=TARGET_SECONDS,
        load_wall_s=round(load_wall, 3),
        load_cpu_s=round(load_cpu, 3),
        summary_wall_s=round(summary_wall, 3),
        summary_cpu_s=round(summary_cpu, 3),
        reference_scaled_wall_s=round(reference_wall * scale, 1),
        reference_scaled_cpu_s=round(reference_cpu * scale, 1),
        speedup_cpu=round(reference_cpu * scale / baclo_cpu, 1),
    )
    print(
        f"\ncohort statistics, {N:,} rows (target {TARGET_SECONDS} s):"
        f"\n  baclo      load {load_wall:.2f} s wall / {load_cpu:.2f} s CPU,"
        f" summary {summary_wall:.2f} s wall / {summary_cpu:.2f} s CPU,"
        f" whole run median {benchmark.stats.stats.median:.2f} s wall"
        f"\n  reference  {reference_wall * scale:.1f} s wall / {reference_cpu * scale:.1f} s CPU"
        f" (x{scale:.0f} from {REFERENCE_ROWS:,} rows)"
        f"\n  speed-up   x{reference_cpu * scale / baclo_cpu:.0f} (CPU)"
    )
