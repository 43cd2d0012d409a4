"""Validation study of the coverage model on synthetic patients: ``python -m baclo.coverage.study``.

Re-creates the figures ``docs/img/coverage-*.png`` and the tables between the ``study`` markers
of ``docs/coverage-model.md``. Deterministic (seeded); about two minutes for 100 patients.

Each synthetic patient (:mod:`baclo.coverage.synthetic`) has true kinetics drawn around the
population values, a true craving curve, an onset that drifts earlier, days not logged and days
logged without an onset. Two ways of titrating are compared over :data:`HORIZON_DAYS` days:

``staircase``
    The plain protocol: 10 mg/day, +10 mg every 3 days (de Beaurepaire's scheme), held while
    the last 3 logged days all had craving at most 2/10; the even split (waking, mid-way,
    bedtime).
``model from day K``
    The same staircase until day K (14, 21 or 28), then every 7 days the coverage model runs on
    the journal so far, with the *population* kinetics (it does not know the patient's true
    ones), and its suggestions are applied: intakes re-timed before the estimated onset, the
    climb capped at the dose that reaches the level, or one taper step down towards it.
    Craving that persists still moves the staircase up: evidence wins over the model.

A suggestion is **wrong** when, with the patient's true kinetics and onset, a re-timing lowers
the concentration at onset, or a level suggestion names a dose whose split misses the true
needed level by more than 10 %, or exceeds the lowest dose that truly reaches it by more than
one titration step (10 mg).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from baclo.coverage.exposure import day_exposures
from baclo.coverage.kinetics import Kinetics
from baclo.coverage.limits import Limits, guarded_split, schedule_of
from baclo.coverage.response import CravingFit, fit_craving
from baclo.coverage.suggest import Suggestion, SuggestionKind, suggest
from baclo.coverage.synthetic import (
    START,
    TruePatient,
    draw_patient,
    even_intakes,
    rising_staircase,
    write_journal,
)
from baclo.journal import Intake, JournalEntry
from baclo.journal.threshold import CRAVING_GONE_MAX, find_effective_dose
from baclo.pk import DailyIntake, concentration
from baclo.pk.schedule import HOURS_PER_DAY

__all__ = ["ArmResult", "main", "run_arm"]

HORIZON_DAYS = 56
CHECKPOINTS = (14, 21, 28)
EVERY_DAYS = 7
STEP_DAYS = 3
START_MG = 10.0
STEP_MG = 10.0
CEILING_MG = 180.0
EVEN_CLOCKS = (dt.time(7), dt.time(15), dt.time(23))
LIMITS = Limits(ceiling_mg=CEILING_MG)
POPULATION = Kinetics.population()
DOCS = Path("docs")


@dataclass
class _Titration:
    """The state of one arm for one patient, called once a day as a journal policy."""

    start_model: int | None
    dose_mg: float = START_MG
    onset: dt.time | None = None
    target_mg: float | None = None
    suggestions: list[tuple[int, Suggestion]] = field(default_factory=list)

    def __call__(self, day: int, journal: Sequence[JournalEntry]) -> tuple[Intake, ...]:
        if day and day % STEP_DAYS == 0:
            self._step(day, journal)
        consulting = self.start_model is not None and day >= self.start_model
        if consulting and (day - (self.start_model or 0)) % EVERY_DAYS == 0:
            self._consult(day, journal)
        return self._intakes()

    def _step(self, day: int, journal: Sequence[JournalEntry]) -> None:
        """Climb while craving persists; when quiet, hold, or step down towards the target."""
        since = START + dt.timedelta(days=day - STEP_DAYS)
        recent = [e.craving for e in journal if e.date >= since and e.craving is not None]
        quiet = bool(recent) and all(c.intensity <= CRAVING_GONE_MAX for c in recent)
        if not quiet:
            self.dose_mg = min(self.dose_mg + STEP_MG, CEILING_MG)
            if self.target_mg is not None and self.dose_mg > self.target_mg:
                self.target_mg = None  # craving persists above the model's dose: evidence wins
        elif self.target_mg is not None and self.dose_mg > self.target_mg:
            fall = LIMITS.tablets.round_up(self.dose_mg - LIMITS.largest_fall_mg(self.dose_mg))
            self.dose_mg = max(self.target_mg, fall)

    def _consult(self, day: int, journal: Sequence[JournalEntry]) -> None:
        days = day_exposures(journal, POPULATION)
        fit = fit_craving(days)
        found, _ = suggest(
            days, POPULATION, LIMITS, fit=fit if isinstance(fit, CravingFit) else None
        )
        for suggestion in found:
            self.suggestions.append((day, suggestion))
            self.onset = suggestion.onset
            if suggestion.kind is SuggestionKind.REACH_LEVEL:
                self.target_mg = suggestion.target_daily_mg
                self.dose_mg = suggestion.after.daily_mg

    def _intakes(self) -> tuple[Intake, ...]:
        if self.onset is not None:
            schedule = guarded_split(self.dose_mg, self.onset, LIMITS, POPULATION)
            if schedule is not None:
                return tuple(Intake(time=i.time, dose_mg=i.dose_mg) for i in schedule.intakes)
        return even_intakes(self.dose_mg, EVEN_CLOCKS)


@dataclass(frozen=True, kw_only=True)
class ArmResult:
    """What one arm gave for one patient."""

    days_to_effective: int | None
    end_dose_mg: float
    end_peak_mg_l: float
    timing: int
    wrong_timing: int
    level: int
    wrong_level: int


def _true_onset(patient: TruePatient, day: int) -> dt.time:
    minute = round(patient.onset_minute(day)) % (24 * 60)
    return dt.time(minute // 60, minute % 60)


def _true_lowest(patient: TruePatient, onset: dt.time) -> float | None:
    """The lowest dose whose guarded split truly reaches the true needed level."""
    step = LIMITS.tablets.step_mg
    for index in range(1, int(CEILING_MG // step) + 1):
        schedule = guarded_split(index * step, onset, LIMITS, patient.kinetics)
        if schedule is None:
            return None
        if schedule.onset_mg_l >= patient.needed_mg_l:
            return schedule.daily_mg
    return None


def _is_wrong(patient: TruePatient, day: int, suggestion: Suggestion) -> bool:
    onset = _true_onset(patient, day)
    truth = patient.kinetics
    if suggestion.kind is not SuggestionKind.REACH_LEVEL:
        before = schedule_of(truth, suggestion.before.intakes, onset).onset_mg_l
        return schedule_of(truth, suggestion.after.intakes, onset).onset_mg_l < before
    target = suggestion.target_daily_mg or suggestion.after.daily_mg
    split = guarded_split(target, suggestion.onset, LIMITS, POPULATION)
    intakes: tuple[DailyIntake, ...] = split.intakes if split else suggestion.after.intakes
    reached = schedule_of(truth, intakes, onset).onset_mg_l
    lowest = _true_lowest(patient, onset)
    under = reached < 0.9 * patient.needed_mg_l
    over = lowest is not None and target > lowest + STEP_MG
    return under or over or lowest is None


def run_arm(patient: TruePatient, seed: int, start_model: int | None) -> ArmResult:
    """Titrate ``patient`` for :data:`HORIZON_DAYS` days with one arm; measure the outcome."""
    arm = _Titration(start_model=start_model)
    journal, taken = write_journal(patient, arm, HORIZON_DAYS, seed=seed)
    effective = find_effective_dose(journal)
    last = (HORIZON_DAYS - 1) * HOURS_PER_DAY + np.arange(0.0, HOURS_PER_DAY, 0.1)
    peak = float(concentration(patient.kinetics.as_model(), taken, last).max())
    level = [(day, s) for day, s in arm.suggestions if s.kind is SuggestionKind.REACH_LEVEL]
    timing = [(day, s) for day, s in arm.suggestions if s.kind is not SuggestionKind.REACH_LEVEL]
    return ArmResult(
        days_to_effective=None if effective is None else (effective.end - START).days + 1,
        end_dose_mg=arm.dose_mg,
        end_peak_mg_l=peak,
        timing=len(timing),
        wrong_timing=sum(_is_wrong(patient, day, s) for day, s in timing),
        level=len(level),
        wrong_level=sum(_is_wrong(patient, day, s) for day, s in level),
    )


def _patients(count: int) -> list[tuple[int, TruePatient]]:
    return [(seed, draw_patient(np.random.default_rng(seed))) for seed in range(count)]


def _median_days(results: Sequence[ArmResult]) -> str:
    days = sorted(math.inf if r.days_to_effective is None else r.days_to_effective for r in results)
    middle = days[(len(days) - 1) // 2]
    return f"> {HORIZON_DAYS}" if math.isinf(middle) else f"{middle:g}"


def _quartiles(values: Sequence[float], digits: int) -> str:
    q1, q2, q3 = np.quantile(values, [0.25, 0.5, 0.75])
    return f"{q2:.{digits}f} ({q1:.{digits}f}-{q3:.{digits}f})"


def _share(wrong: int, made: int) -> str:
    return f"{wrong / made:.0%} ({wrong}/{made})" if made else "-"


def arms_table(arms: dict[str, list[ArmResult]]) -> str:
    """Markdown table of the arms' outcomes."""
    rows = [
        "| arm | effective dose reached by day 56 | median days to it | daily dose at day 56, "
        "mg (IQR) | true peak at day 56, mg/L (IQR) | peak > 0.7 mg/L | wrong timing "
        "suggestions | wrong level suggestions |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, results in arms.items():
        reached = sum(r.days_to_effective is not None for r in results) / len(results)
        timing = _share(sum(r.wrong_timing for r in results), sum(r.timing for r in results))
        level = _share(sum(r.wrong_level for r in results), sum(r.level for r in results))
        high = sum(r.end_peak_mg_l > LIMITS.max_peak_mg_l for r in results) / len(results)
        rows.append(
            f"| {name} | {reached:.0%} | {_median_days(results)} | "
            f"{_quartiles([r.end_dose_mg for r in results], 0)} | "
            f"{_quartiles([r.end_peak_mg_l for r in results], 2)} | {high:.0%} | "
            f"{timing} | {level} |"
        )
    return "\n".join(rows)


@dataclass(kw_only=True)
class Recovery:
    """Needed levels, true and fitted, after ``days`` days of journal."""

    days: int
    true: list[float]
    fitted: list[float]
    low: list[float]
    high: list[float]
    not_enough: int


def recovery(patients: Sequence[tuple[int, TruePatient]], days: int) -> Recovery:
    """Fit each patient's journal of ``days`` days (true kinetics), as the tests do."""
    result = Recovery(days=days, true=[], fitted=[], low=[], high=[], not_enough=0)
    for seed, patient in patients:
        journal, _ = write_journal(patient, rising_staircase, days, seed=seed)
        fit = fit_craving(day_exposures(journal, patient.kinetics))
        if not isinstance(fit, CravingFit):
            result.not_enough += 1
            continue
        result.true.append(patient.needed_mg_l)
        result.fitted.append(fit.needed_mg_l.median)
        result.low.append(fit.needed_mg_l.low)
        result.high.append(fit.needed_mg_l.high)
    return result


def recovery_table(recoveries: Sequence[Recovery]) -> str:
    rows = [
        "| journal days | fits (not enough data) | median abs. error of the needed level | "
        "median error (bias) | 90th percentile abs. error | 90 % interval covers the truth |",
        "|---|---|---|---|---|---|",
    ]
    for r in recoveries:
        error = np.array(r.fitted) / np.array(r.true) - 1
        covered = np.mean((np.array(r.low) <= r.true) & (np.array(r.true) <= r.high))
        rows.append(
            f"| {r.days} | {len(r.true)} ({r.not_enough}) | {np.median(np.abs(error)):.0%} | "
            f"{np.median(error):+.0%} | {np.quantile(np.abs(error), 0.9):.0%} | {covered:.0%} |"
        )
    return "\n".join(rows)


def _write_section(doc: Path, name: str, text: str) -> None:
    begin, end = f"<!-- study:{name}:begin -->", f"<!-- study:{name}:end -->"
    content = doc.read_text("utf-8")
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
    if not pattern.search(content):
        raise SystemExit(f"{doc}: markers {begin} ... {end} not found")
    doc.write_text(pattern.sub(lambda _: f"{begin}\n{text}\n{end}", content), "utf-8")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=100)
    parser.add_argument("--docs", type=Path, default=DOCS)
    args = parser.parse_args(argv)
    from baclo.coverage import figures  # matplotlib only for the study

    patients = _patients(args.patients)
    recoveries = [recovery(patients, days) for days in CHECKPOINTS]
    arms: dict[str, list[ArmResult]] = {"staircase": []}
    for start in CHECKPOINTS:
        arms[f"model from day {start}"] = []
    for seed, patient in patients:
        arms["staircase"].append(run_arm(patient, seed, None))
        for start in CHECKPOINTS:
            arms[f"model from day {start}"].append(run_arm(patient, seed, start))
    doc = args.docs / "coverage-model.md"
    _write_section(doc, "recovery", recovery_table(recoveries))
    _write_section(doc, "arms", arms_table(arms))
    figures.draw(args.docs / "img", patients, recoveries, arms, HORIZON_DAYS)
    print(recovery_table(recoveries))
    print(arms_table(arms))


if __name__ == "__main__":
    main()
