"""Synthetic patients with known true parameters, and the journal they would write.

For the tests (does the fit recover what was put in?) and the validation study
(docs/coverage-model.md). A patient has true kinetics (drawn with the population model's
between-subject variability, Simon et al. 2018), a true craving curve (the model of
:mod:`baclo.coverage.response`), a craving onset that drifts from day to day, and journal habits:
days not logged at all, days logged without an onset time. Everything is seeded.

The journal is written day by day because what the patient takes may depend on what was logged
before (a titration that holds once craving has gone, a suggestion applied): ``policy`` receives
the day number and the journal so far and returns that day's intakes.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from baclo.coverage.kinetics import Kinetics
from baclo.coverage.response import CRAVING_GONE_MAX, SCALE
from baclo.journal import Craving, Intake, JournalEntry, SideEffect, SideEffectKind
from baclo.pk import Dose, concentration
from baclo.pk.population import omega
from baclo.pk.schedule import HOURS_PER_DAY, clock_hours

__all__ = [
    "Policy",
    "TruePatient",
    "draw_patient",
    "even_intakes",
    "rising_staircase",
    "write_journal",
]

Policy = Callable[[int, Sequence[JournalEntry]], tuple[Intake, ...]]
START = dt.date(2026, 1, 5)
HALF_TABLET_MG = 5.0


@dataclass(frozen=True, kw_only=True)
class TruePatient:
    """What the model should find: kinetics, craving curve, onset drift, journal habits."""

    kinetics: Kinetics
    baseline: float
    c50_mg_l: float
    hill: float
    phi: float
    onset_start_min: float
    onset_drift_min_per_day: float
    onset_sd_min: float
    missing_rate: float
    no_onset_rate: float
    side_intercept: float = math.log(0.15 / 0.85)
    side_slope: float = 1.5

    @property
    def needed_mg_l(self) -> float:
        """True concentration at onset where the expected craving is 2/10."""
        excess = self.baseline * SCALE / CRAVING_GONE_MAX - 1.0
        return 0.0 if excess <= 0 else self.c50_mg_l * excess ** (1.0 / self.hill)

    def onset_minute(self, day: int) -> float:
        return self.onset_start_min + self.onset_drift_min_per_day * day

    def expected_intensity(self, c_mg_l: float) -> float:
        ratio = max(c_mg_l, 0.0) / self.c50_mg_l
        return float(SCALE * self.baseline / (1.0 + ratio**self.hill))


def draw_patient(
    rng: np.random.Generator,
    *,
    missing_rate: float = 0.1,
    no_onset_rate: float = 0.1,
    drift_min_per_day: float | None = None,
    crcl_ml_min: float | None = None,
) -> TruePatient:
    """One patient: kinetics around the typical values, a craving curve from the model's range.

    ``drift_min_per_day`` None draws it uniformly in [-8, 0] minutes a day (the onset moves
    earlier as the dose rises, up to 1 h 50 over two weeks).
    """
    typical = Kinetics.population(crcl_ml_min=crcl_ml_min)
    cv = typical.model.cv
    eta = rng.standard_normal(3)
    kinetics = Kinetics.own(
        ka_per_h=typical.ka_per_h * math.exp(omega(cv["ka"]) * eta[0]),
        cl_l_per_h=typical.cl_l_per_h * math.exp(omega(cv["cl"]) * eta[1]),
        v_l=typical.v_l * math.exp(omega(cv["v"]) * eta[2]),
    )
    drift = float(rng.uniform(-8.0, 0.0)) if drift_min_per_day is None else drift_min_per_day
    return TruePatient(
        kinetics=kinetics,
        baseline=float(rng.uniform(0.6, 0.9)),
        c50_mg_l=float(math.exp(rng.normal(math.log(0.3), 0.4))),
        hill=float(rng.uniform(1.5, 4.0)),
        phi=float(rng.uniform(6.0, 20.0)),
        onset_start_min=float(rng.uniform(16 * 60, 20 * 60)),
        onset_drift_min_per_day=drift,
        onset_sd_min=float(rng.uniform(10.0, 30.0)),
        missing_rate=missing_rate,
        no_onset_rate=no_onset_rate,
    )


def even_intakes(daily_mg: float, clocks: Sequence[dt.time]) -> tuple[Intake, ...]:
    """``daily_mg`` in half tablets of 10 mg over ``clocks``, as equal as possible, extra first."""
    halves = round(daily_mg / HALF_TABLET_MG)
    count = min(len(clocks), halves)
    base, extra = divmod(halves, count) if count else (0, 0)
    return tuple(
        Intake(time=clocks[i], dose_mg=(base + (i < extra)) * HALF_TABLET_MG) for i in range(count)
    )


STAIRCASE_CLOCKS = (dt.time(8), dt.time(13), dt.time(19))


def rising_staircase(day: int, journal: Sequence[JournalEntry]) -> tuple[Intake, ...]:
    """20 mg/day, +10 mg every 3 days up to 150, in three intakes, whatever the journal says.

    A titration that never holds gives every journal a spread of concentrations: the fixture
    of the recovery tests and of the study's recovery table.
    """
    return even_intakes(min(20.0 + 10.0 * (day // 3), 150.0), STAIRCASE_CLOCKS)


def _clock(minute: float) -> dt.time:
    whole = round(min(max(minute, 0.0), 24 * 60 - 1))
    return dt.time(whole // 60, whole % 60)


def _beta_binomial(rng: np.random.Generator, n: int, mean: float, phi: float) -> int:
    mean = min(max(mean, 1e-6), 1 - 1e-6)
    return int(rng.binomial(n, rng.beta(mean * phi, (1 - mean) * phi)))


def write_journal(
    patient: TruePatient,
    policy: Policy,
    days: int,
    *,
    seed: int,
    start: dt.date = START,
) -> tuple[list[JournalEntry], list[Dose]]:
    """The journal ``patient`` writes over ``days`` days, and every dose really taken.

    Unlogged days still have their intakes taken (they are in the second list), which is what
    the imputation of :mod:`baclo.coverage.exposure` assumes.
    """
    rng = np.random.default_rng(seed)
    model = patient.kinetics.as_model()
    journal: list[JournalEntry] = []
    taken: list[Dose] = []
    for day in range(days):
        intakes = policy(day, journal)
        offset = day * HOURS_PER_DAY
        taken.extend(Dose(time_h=offset + clock_hours(i.time), dose_mg=i.dose_mg) for i in intakes)
        onset = _clock(patient.onset_minute(day) + rng.normal(0.0, patient.onset_sd_min))
        if taken:
            grid = offset + np.append(np.arange(0.0, HOURS_PER_DAY, 0.1), clock_hours(onset))
            conc = concentration(model, taken, grid)
        else:
            conc = np.zeros(2)
        mean = patient.expected_intensity(float(conc[-1])) / SCALE
        intensity = _beta_binomial(rng, SCALE, mean, patient.phi)
        side = patient.side_intercept + patient.side_slope * math.log(
            max(float(conc.max()), 1e-4) / 0.5
        )
        severity = int(rng.binomial(3, 1.0 / (1.0 + math.exp(-side))))
        if rng.random() < patient.missing_rate:
            continue
        recorded = None if rng.random() < patient.no_onset_rate else onset
        journal.append(
            JournalEntry(
                date=start + dt.timedelta(days=day),
                intakes=intakes,
                craving=Craving(intensity=intensity, onset=recorded),
                side_effects=(
                    (SideEffect(kind=SideEffectKind.SOMNOLENCE, severity=severity),)
                    if severity
                    else ()
                ),
            )
        )
    return journal, taken
