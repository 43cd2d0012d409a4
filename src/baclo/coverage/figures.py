"""Figures of the validation study (docs/img/coverage-*.png).

Only matplotlib's object-oriented API (:class:`matplotlib.figure.Figure`): no pyplot state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.figure import Figure

from baclo.coverage.exposure import day_exposures
from baclo.coverage.kinetics import Kinetics
from baclo.coverage.limits import Limits
from baclo.coverage.response import CravingFit, fit_craving
from baclo.coverage.suggest import suggest
from baclo.coverage.synthetic import TruePatient, rising_staircase, write_journal
from baclo.journal import Craving, Intake, JournalEntry

if TYPE_CHECKING:
    from baclo.coverage.study import ArmResult, Recovery

__all__ = ["draw"]

EXAMPLE_SEED = 3
DPI = 110


def _fit_example(path: Path, patient: TruePatient, seed: int) -> None:
    journal, _ = write_journal(patient, rising_staircase, 28, seed=seed)
    days = day_exposures(journal, patient.kinetics)
    fit = fit_craving(days)
    if not isinstance(fit, CravingFit):
        return
    used = [d for d in days if d.usable]
    c = np.linspace(0.0, max(d.onset_mg_l or 0.0 for d in used) * 1.3, 200)
    low, median, high = fit.intensity_band(c)
    true = [patient.expected_intensity(float(x)) for x in c]
    fig = Figure(figsize=(7, 4.2))
    ax = fig.subplots()
    ax.fill_between(c * 1000, low, high, alpha=0.25, label="fitted, 90 % band")
    ax.plot(c * 1000, median, label="fitted (median)")
    ax.plot(c * 1000, true, "k--", label="true curve")
    ax.scatter(
        [(d.onset_mg_l or 0) * 1000 for d in used],
        [d.intensity or 0 for d in used],
        s=18,
        c="C3",
        label="journal days",
    )
    ax.axvline(patient.needed_mg_l * 1000, color="k", lw=0.8, ls=":")
    ax.axvspan(
        fit.needed_mg_l.low * 1000,
        fit.needed_mg_l.high * 1000,
        color="C2",
        alpha=0.15,
        label="needed level, 90 % interval",
    )
    ax.set_xlabel("predicted concentration at craving onset (ng/mL)")
    ax.set_ylabel("craving intensity (0-10)")
    ax.set_title(f"One synthetic patient after 28 days of journal ({len(used)} usable days)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=DPI)


def _recovery(path: Path, recoveries: Sequence[Recovery]) -> None:
    fig = Figure(figsize=(11, 3.8))
    axes = fig.subplots(1, len(recoveries), sharey=True)
    for ax, r in zip(np.atleast_1d(axes), recoveries, strict=True):
        true = np.array(r.true) * 1000
        fitted = np.array(r.fitted) * 1000
        errors = [fitted - np.array(r.low) * 1000, np.array(r.high) * 1000 - fitted]
        ax.errorbar(true, fitted, yerr=errors, fmt="o", ms=3, alpha=0.5, elinewidth=0.6)
        top = max(true.max(), fitted.max()) * 1.1
        ax.plot([0, top], [0, top], "k--", lw=0.8)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(f"{r.days} days of journal")
        ax.set_xlabel("true needed level (ng/mL)")
    np.atleast_1d(axes)[0].set_ylabel("fitted needed level, 90 % interval (ng/mL)")
    fig.tight_layout()
    fig.savefig(path, dpi=DPI)


def _arms(path: Path, arms: Mapping[str, Sequence[ArmResult]], horizon: int) -> None:
    fig = Figure(figsize=(13, 4))
    (reach, dose, peak) = fig.subplots(1, 3)
    days = np.arange(1, horizon + 1)
    for name, results in arms.items():
        reached = [r.days_to_effective for r in results if r.days_to_effective is not None]
        share = [(np.array(reached) <= d).sum() / len(results) for d in days]
        reach.step(days, share, where="post", label=name)
    reach.set_xlabel("day")
    reach.set_ylabel("share with the effective dose reached")
    reach.legend(fontsize=8)
    names = list(arms)
    dose.boxplot([[r.end_dose_mg for r in arms[n]] for n in names], tick_labels=names)
    dose.set_ylabel(f"daily dose at day {horizon} (mg)")
    peak.boxplot([[r.end_peak_mg_l * 1000 for r in arms[n]] for n in names], tick_labels=names)
    peak.axhline(700, color="C3", lw=0.8, ls="--")
    peak.set_ylabel(f"true peak concentration at day {horizon} (ng/mL)")
    for ax in (dose, peak):
        ax.tick_params(axis="x", labelrotation=30, labelsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=DPI)


def _suggestion(path: Path) -> None:
    onset = dt.time(17)
    intakes = tuple(Intake(time=dt.time(h), dose_mg=20.0) for h in (8, 13, 19))
    journal = [
        JournalEntry(
            date=dt.date(2026, 1, 5) + dt.timedelta(days=n),
            intakes=intakes,
            craving=Craving(intensity=5, onset=onset),
        )
        for n in range(7)
    ]
    kinetics = Kinetics.population()
    days = day_exposures(journal, kinetics)
    found, _ = suggest(days, kinetics, Limits(ceiling_mg=80))
    if not found:
        return
    minutes, before, after = found[0].curves(kinetics)
    hours = np.array(minutes) / 60
    fig = Figure(figsize=(7, 3.8))
    ax = fig.subplots()
    ax.plot(hours, np.array(before) * 1000, label="as taken: 3 x 20 mg at 08:00, 13:00, 19:00")
    label = ", ".join(f"{i.dose_mg:g} mg at {i.time:%H:%M}" for i in found[0].after.intakes)
    ax.plot(hours, np.array(after) * 1000, label=f"suggested: {label}")
    ax.axvline(17, color="k", lw=0.8, ls=":", label="craving onset 17:00")
    ax.set_xlabel("hour of the day (steady state)")
    ax.set_ylabel("concentration (ng/mL)")
    ax.set_title(f"Same 60 mg re-timed: level at onset {found[0].gain:+.0%}")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=DPI)


def draw(
    folder: Path,
    patients: Sequence[tuple[int, TruePatient]],
    recoveries: Sequence[Recovery],
    arms: Mapping[str, Sequence[ArmResult]],
    horizon: int,
) -> None:
    """Write the four figures of the study into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    seed, patient = patients[EXAMPLE_SEED % len(patients)]
    _fit_example(folder / "coverage-fit-example.png", patient, seed)
    _recovery(folder / "coverage-recovery.png", recoveries)
    _arms(folder / "coverage-arms.png", arms, horizon)
    _suggestion(folder / "coverage-suggestion.png")
